"""Encryption at rest for complaints: keys live outside the database.

Everything a reporter or a recipient writes (report text, messages, contact details,
attachment names and bytes) is stored encrypted with AES-256-GCM (`cryptography`), as
`MAGIC + 12-byte nonce + ciphertext and tag`. Unlike a Fernet token, such a value carries
no time in clear: a Fernet token starts with the second it was made, which would tie a
case to a proxy's access log without any key. Values written by earlier versions as
Fernet tokens still decrypt, and `complaint-keys rotate` rewrites them in the new form.
The AES key of each configured key is derived from it with HKDF-SHA256, so the keys stay
Fernet keys (44 URL-safe base64 characters). The keys come from the environment
(`COMPLAINT_KEYS`: Fernet keys separated by commas, the newest first) or, when that is
unset, from a key file (`COMPLAINT_KEY_FILE`, default `DATA_DIR/complaint-keys`: one key
a line, the newest first), which is created with one fresh key (mode 0600) the first time
a complaint is encrypted on a machine without either. A copy of the database alone
therefore holds no readable report.

The newest key encrypts; every listed key decrypts, so a key is rotated in three steps:
`prongsai complaint-keys rotate` puts a new key first and re-encrypts every stored value
with it, after which the old key can be removed (`complaint-keys rotate --drop-old`).
Back the key file up apart from the database: without it the reports cannot be read.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


class KeyError_(ImproperlyConfigured):
    """The complaint keys are missing or malformed."""


def key_file() -> Path:
    return Path(getattr(settings, "COMPLAINT_KEY_FILE", "") or settings.DATA_DIR / "complaint-keys")


def _parse(text: str, where: str) -> list[bytes]:
    keys = [part.strip().encode() for part in text.replace(",", "\n").splitlines() if part.strip()]
    if not keys:
        raise KeyError_(f"{where} holds no complaint key")
    for key in keys:
        try:
            Fernet(key)
        except ValueError as exc:
            raise KeyError_(
                f"{where} holds a malformed complaint key (Fernet keys are 44 URL-safe base64 characters)"
            ) from exc
    return keys


def read_keys(*, create: bool = True) -> list[bytes]:
    """The keys, newest first, from COMPLAINT_KEYS or the key file (created when missing and ``create``)."""
    configured = getattr(settings, "COMPLAINT_KEYS", "")
    if configured:
        return _parse(configured, "COMPLAINT_KEYS")
    path = key_file()
    if not path.exists():
        if not create:
            raise KeyError_(f"no complaint key: set COMPLAINT_KEYS or create {path} (prongsai complaint-keys status)")
        write_key_file(path, [Fernet.generate_key()])
    return _parse(path.read_text(), str(path))


def write_key_file(path: Path, keys: list[bytes]) -> None:
    """Write the keys (newest first) with mode 0600, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("".join(key.decode() + "\n" for key in keys))
    os.replace(temporary, path)
    clear_cache()


MAGIC = b"\x00PG1"  # version 1: AES-256-GCM; a Fernet token (base64, "gAAAA…") never starts with a NUL byte
_NONCE_BYTES = 12


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in read_keys()])


@cache
def _aes() -> tuple[AESGCM, ...]:
    return tuple(AESGCM(_derive(key, b"prongsai complaints aes-256-gcm v1")) for key in read_keys())


def clear_cache() -> None:
    _fernet.cache_clear()
    _aes.cache_clear()


@receiver(setting_changed)
def _keys_changed(setting: str, **kwargs: object) -> None:
    if setting in {"COMPLAINT_KEYS", "COMPLAINT_KEY_FILE", "DATA_DIR"}:
        clear_cache()


def encrypt(data: bytes) -> bytes:
    """``data`` encrypted with the newest key; the result holds no time and no key identifier."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return MAGIC + nonce + _aes()[0].encrypt(nonce, data, MAGIC)


def decrypt(token: bytes) -> bytes:
    token = bytes(token)
    if token.startswith(MAGIC):
        nonce, body = token[len(MAGIC) : len(MAGIC) + _NONCE_BYTES], token[len(MAGIC) + _NONCE_BYTES :]
        for aes in _aes():
            try:
                return aes.decrypt(nonce, body, MAGIC)
            except InvalidTag:
                continue
        raise KeyError_("a complaint value cannot be decrypted with the configured keys")
    try:  # written before version 1: a Fernet token
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise KeyError_("a complaint value cannot be decrypted with the configured keys") from exc


def rotate(token: bytes) -> bytes:
    """The same value encrypted with the newest key (and in the current form, whatever it was written in)."""
    return encrypt(decrypt(token))


def seal(secret: str, data: bytes) -> bytes:
    """``data`` encrypted under a key derived from ``secret`` alone (a token only its holder has)."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    key = _derive(secret.encode(), b"prongsai complaints seal v1")
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def unseal(secret: str, sealed: bytes) -> bytes | None:
    sealed = bytes(sealed)
    key = _derive(secret.encode(), b"prongsai complaints seal v1")
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], None)
    except (InvalidTag, ValueError):
        return None


def digest(purpose: str, secret: str) -> bytes:
    """The lookup key of a one-time token: its SHA-256, so the stored row cannot be turned back into the token."""
    return hashlib.sha256(f"{purpose}:{secret}".encode()).digest()


def encrypt_text(text: str) -> bytes:
    return encrypt(text.encode())


def decrypt_text(token: bytes | None) -> str:
    return decrypt(token).decode() if token else ""
