"""What a person reads on a page, and the English of our and Django's catalogues to look for in it (the Thai-pages
test, core/tests/test_thai_pages.py, and the walks of orgs/tests/test_tenancy_walk.py, which check every page they
open)."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
from django.conf import settings

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]*>|\s+\(\s*\)")
_WORD = re.compile(r"[A-Za-z]{2,}")
_SINGLE_WORD = re.compile(r"[a-z]{5,}")  # our one-word msgids ("published", "approved"), matched as whole words
_SKIPPED_TAGS = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}
_TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def _pieces(msgid: str) -> list[str]:
    """The literal parts of a message that would show on a page: at least two English words."""
    return [
        piece.strip(" .,:;–—-“”\"'")
        for piece in _PLACEHOLDER.split(msgid)
        if len(_WORD.findall(piece)) >= 2 and len(piece.strip()) >= 10
    ]


@functools.cache
def english_needles() -> dict[str, str]:
    """English text → the msgid it comes from."""
    needles: dict[str, str] = {}
    catalogues = [Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES" / "django.po"]
    base = Path(django.__file__).parent
    catalogues += [
        base / "conf" / "locale" / "th" / "LC_MESSAGES" / "django.po",
        base / "contrib" / "auth" / "locale" / "th" / "LC_MESSAGES" / "django.po",
    ]
    for index, path in enumerate(catalogues):
        for entry in polib.pofile(str(path)):
            translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            if index == 0 and translated == entry.msgid:
                continue  # the same in both languages ("PDF", "IIT · EIT · OIT")
            if index == 0 and _SINGLE_WORD.fullmatch(entry.msgid):
                needles.setdefault(entry.msgid, entry.msgid)  # "published": a state shown raw
                continue
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                for piece in _pieces(msgid):
                    needles.setdefault(piece, msgid)
    return needles


class ReadableText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._skipping or tag in _SKIPPED_TAGS or (values.get("lang") or "").startswith("en"):
            if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
                self._skipping.append(tag)
            return
        self.parts += [values[name] or "" for name in _TEXT_ATTRIBUTES if values.get(name)]

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


# English texts of other modules' pages that are known and left to their owners (issue 11 §6): each
# entry names where it shows. Empty it as they are fixed; never add a text this test exists to catch.
# English words that a page may show for a reason (none now: every item of issue 11 §6 is fixed).
KNOWN: set[tuple[str, str]] = set()


def english_in(html: str, url: str = "") -> list[str]:
    """The msgids whose English shows in what a person reads of ``html`` (a page at ``url``)."""
    text = ReadableText.of(html)
    found = set()
    for needle, msgid in english_needles().items():
        if any(part in url and needle == known for part, known in KNOWN):
            continue
        if _SINGLE_WORD.fullmatch(needle):
            if re.search(rf"(?<![A-Za-z]){needle}(?![A-Za-z]|\.\w)", text):  # not a file name (order.pdf)
                found.add(msgid)
        elif needle in text:
            found.add(msgid)
    return sorted(found)
