"""Test-wide rules: no network beyond loopback, fast hashing, immediate background tasks."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo
_LOCAL_NAMES = {"localhost", "testserver"}


class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _check_address(address: Any) -> None:
    if isinstance(address, str | bytes):  # AF_UNIX socket path
        return
    host = address[0]
    if host in _LOCAL_NAMES:
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise NetworkBlocked(f"tests may only connect to loopback addresses, not {host!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and name not in _LOCAL_NAMES:
        try:
            ipaddress.ip_address(name)
        except ValueError as exc:
            # Resolving a name would ask a DNS server: not from tests.
            raise NetworkBlocked(f"tests may not resolve host names other than localhost: {name!r}") from exc
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> Iterator[None]:
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.test import override_settings
    from huey.contrib.djhuey import HUEY

    media = tempfile.mkdtemp(prefix="prongsai-test-media-")  # uploads of tests never land in DATA_DIR
    overrides = override_settings(
        MEDIA_ROOT=media,
        ITA_CHART_DIR=str(Path(media) / "charts"),  # nor the stored ITA charts
        # A download draws the charts it needs; drawing every imported year's ahead (a demo load: ~70 charts)
        # is tested by ita/tests/test_chart_store.py.
        ITA_CHARTS_AHEAD=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Complaint keys from the environment, as in production: tests never write a key file.
        COMPLAINT_KEYS=Fernet.generate_key().decode(),
        # The manifest storage needs collectstatic; tests find static files directly.
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
    )
    overrides.enable()
    HUEY.immediate = True
    yield
    overrides.disable()
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: the database rolls back between tests, so counters kept in it
    (the public pages' revision) start again, and a page kept by an earlier test would look current."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Start every test from no ITA framework: `migrate` loads the shipped years (ita 0002), and the
    tests make the frameworks they need. (A flush between tests sends post_migrate without a plan,
    which loads nothing.)"""
    from prongsai.ita.models import FrameworkYear, MeasureTemplate

    with django_db_blocker.unblock():
        FrameworkYear.objects.all().delete()
        MeasureTemplate.objects.all().delete()


# The few long tests (real browsers, a real gunicorn, the tenancy walks, subprocess installs) are handed out to
# the xdist workers first, so that no worker starts one of them when the others have finished (longest first;
# `--no-loadscope-reorder` keeps xdist from putting the classes with the most tests first instead).
LONG_FIRST = ("browser", "phone", "test_server_logs", "test_tenancy_walk", "test_fresh_install", "test_pho_nong_report")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not any(word in item.nodeid for word in LONG_FIRST))  # stable: order kept otherwise
