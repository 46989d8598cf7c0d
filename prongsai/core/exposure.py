"""Is this installation reachable by others? Then the public development secret key must not be used.

With the development key (it is in the source code) anyone can forge sessions, signed values and case
tokens. It is refused whenever the server could be reached from another machine: a ``SITE_URL`` that is
not local, any ``ALLOWED_HOSTS`` entry that is not local (``*``, ``.example.go.th``, a public name or
address), or a listening address beyond loopback (``serve --host 0.0.0.0``, gunicorn ``--bind``).

Plain Python, no Django: the settings module, the ``serve`` command, gunicorn's configuration and the
system checks all use :func:`development_key_exposure`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

__all__ = ["DEV_SECRET_KEY", "development_key_exposure", "is_local_bind", "is_local_host"]

# The key `make run` works with: public (it is here), so refused wherever others could reach the server.
DEV_SECRET_KEY = "django-insecure-prongsai-development-key-never-use-in-production"  # noqa: S105

_LOCAL_NAMES = frozenset({"localhost", "testserver", "localhost.localdomain", "ip6-localhost"})


def is_local_host(host: str) -> bool:
    """True for localhost and loopback addresses: an installation nobody else reaches."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local_bind(bind: str) -> bool:
    """True when a listening address (``127.0.0.1:8000``, ``[::1]:80``, ``unix:/run/p.sock``) is loopback only."""
    bind = bind.strip()
    if bind.startswith(("unix:", "fd://")):
        return True
    host = bind
    if bind.startswith("["):
        host = bind[1 : bind.find("]")] if "]" in bind else bind
    elif bind.count(":") == 1:
        host = bind.rsplit(":", 1)[0]
    return bool(host) and is_local_host(host)


def development_key_exposure(*, site_host: str, allowed_hosts: Iterable[str], binds: Iterable[str] = ()) -> str | None:
    """Why the development key must not be used here, or None when the installation is local only."""
    if not is_local_host(site_host):
        return f"SITE_URL is not local ({site_host})"
    public_hosts = [host for host in allowed_hosts if not is_local_host(host)]
    if public_hosts:
        return f"ALLOWED_HOSTS has hosts that are not local ({', '.join(public_hosts)})"
    public_binds = [bind for bind in binds if bind and not is_local_bind(bind)]
    if public_binds:
        return f"the server listens beyond loopback ({', '.join(public_binds)})"
    return None


def refusal(reason: str) -> str:
    """The message for a refused start."""
    return (
        f"SECRET_KEY is the development key but {reason}. The development key is public: "
        "set SECRET_KEY to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
