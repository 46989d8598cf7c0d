"""Stored file names: no path parts or control characters, ASCII or Thai, within 120 characters."""

from __future__ import annotations

import re
import unicodedata

from prongsai.core.uploads.kinds import Kind

MAX_FILENAME_LENGTH = 120

_ASCII_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.()[]+,")
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{n}" for n in range(1, 10)} | {f"LPT{n}" for n in range(1, 10)}
)
_SUFFIX = re.compile(r"[A-Za-z0-9]{1,5}")


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def clean_name(raw: str) -> str:
    """The last path part of ``raw`` with only ASCII letters, digits, safe punctuation and Thai left."""
    text = re.split(r"[/\\]", unicodedata.normalize("NFC", raw))[-1]
    kept: list[str] = []
    for char in text:
        if unicodedata.category(char).startswith("C"):  # controls, bidi overrides, surrogates, unassigned
            continue
        if _is_thai(char) or char in _ASCII_NAME_CHARS:
            kept.append(char)
        elif char.isspace():
            kept.append(" ")
        else:  # "é" -> "e", "ﬁ" -> "fi"; anything else becomes "_"
            ascii_text = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            kept.append("".join(c for c in ascii_text if c in _ASCII_NAME_CHARS) or "_")
    name = "".join(kept)
    name = re.sub(r" {2,}", " ", name)
    name = re.sub(r"_{2,}", "_", name)
    return re.sub(r"\.{2,}", ".", name).strip(" .")


def split_suffix(name: str) -> tuple[str, str]:
    """``("report v1.2", "pdf")`` for ``"report v1.2.pdf"``; only a short alphanumeric tail with a letter counts."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and _SUFFIX.fullmatch(suffix) and any(c.isalpha() for c in suffix):
        return stem.rstrip(" ."), suffix.lower()
    return name, ""


def fit_name(stem: str, extension: str, default: str) -> str:
    """``stem + extension`` within :data:`MAX_FILENAME_LENGTH`, never empty nor a reserved Windows name."""
    stem = stem.lstrip(" .-")  # no hidden files, nothing that reads as a command-line option
    if not any(char.isalnum() for char in stem):
        stem = default
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem[: MAX_FILENAME_LENGTH - len(extension)].rstrip(" .") + extension


def safe_filename(raw: str, kind: Kind) -> str:
    """A storable name: no path parts or control characters, ASCII or Thai, ≤ 120 characters, extension of ``kind``.

    ``"../../etc/passwd"`` -> ``"passwd.pdf"``; ``"รายงาน ๒๕๖๗.DOCX"`` -> ``"รายงาน ๒๕๖๗.docx"``.
    """
    stem, _suffix = split_suffix(clean_name(raw))
    return fit_name(stem, kind.extension, "file")


def display_name(raw: str) -> str:
    """The name as the person knows it, for messages: last path part, no control characters, not too long."""
    text = re.split(r"[/\\]", raw)[-1]
    text = "".join(c for c in text if not unicodedata.category(c).startswith("C")).strip()
    if len(text) > MAX_FILENAME_LENGTH:
        text = text[: MAX_FILENAME_LENGTH - 1] + "…"
    return text or "file"
