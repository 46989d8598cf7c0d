"""What the link auditor reads of a page: URLs in their normal form, sign-in addresses, and HTML links and text."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

__all__ = [
    "FETCHABLE_SCHEMES",
    "MAX_LINKS_PER_PAGE",
    "ParsedPage",
    "is_access_wall_url",
    "normalise_url",
    "page_links",
    "parse_html",
]

FETCHABLE_SCHEMES = frozenset({"http", "https"})
# A page's links beyond this many are not followed (a page of 24,801 links took 93 s and 170 MB);
# the page's result says so.
MAX_LINKS_PER_PAGE = 500


# --------------------------------------------------------------------------
# URLs


def normalise_url(url: str) -> str:
    """Trim, drop the fragment, lower-case scheme and host, give http(s) an empty path '/'."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in FETCHABLE_SCHEMES:
        return urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return url


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


_WALL_HOSTS = frozenset({"accounts.google.com", "login.microsoftonline.com", "login.live.com"})


def is_access_wall_url(url: str) -> bool:
    """True when ``url`` is a known sign-in / permission page rather than a document."""
    host = _host(url)
    path = urlsplit(url).path.lower()
    if host in _WALL_HOSTS:
        return True
    if host in {"docs.google.com", "drive.google.com"}:
        return "/request" in path or "requestaccess" in path or "accessdenied" in path
    if host.endswith(".sharepoint.com"):
        return path.startswith("/_forms") or path.startswith("/_layouts/15/authenticate.aspx")
    if host in {"dropbox.com", "www.dropbox.com"}:
        return path.startswith("/login")
    if host in {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}:
        return path.startswith("/login")
    return False


# --------------------------------------------------------------------------
# HTML


@dataclasses.dataclass
class ParsedPage:
    """What the auditor needs from an HTML page."""

    links: list[str]
    base: str | None
    title: str
    headings: str
    text: str
    has_password: bool
    embeds: int


class _PageParser(HTMLParser):
    LINK_ATTRS = {
        "a": "href",
        "img": "src",
        "script": "src",
        "link": "href",
        "iframe": "src",
        "embed": "src",
        "source": "src",
    }
    SKIP = frozenset({"script", "style", "noscript", "template"})
    EMBEDS = frozenset({"iframe", "embed", "object", "img", "video", "frame"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.base: str | None = None
        self.title: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.has_password = False
        self.embeds = 0
        self._skip = 0
        self._in_title = False
        self._heading = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "base" and self.base is None and values.get("href", "").strip():
            self.base = values["href"].strip()
        attr = self.LINK_ATTRS.get(tag)
        if attr is not None and values.get(attr, "").strip():
            self.links.append(values[attr].strip())
        if tag == "input" and values.get("type", "").strip().lower() == "password":
            self.has_password = True
        if tag in self.EMBEDS:
            self.embeds += 1
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in {"h1", "h2"}:
            self._heading += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:  # <script src=... /> has no content
            values = dict(attrs)
            if "src" in values and values["src"] and tag == "script":
                self.links.append(values["src"].strip())
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in {"h1", "h2"}:
            self._heading = max(0, self._heading - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
            return
        if self._heading:
            self.headings.append(data)
        self.text.append(data)


def _squash(parts: Iterable[str]) -> str:
    return " ".join(" ".join(parts).split())


def parse_html(html: str) -> ParsedPage:
    """Extract links, ``<base href>``, title, h1/h2 text and visible text (stdlib parser)."""
    parser = _PageParser()
    with contextlib.suppress(Exception):  # the stdlib parser is lenient; never let a page crash the audit
        parser.feed(html)
        parser.close()
    return ParsedPage(
        links=parser.links,
        base=parser.base,
        title=_squash(parser.title),
        headings=_squash(parser.headings),
        text=_squash(parser.text),
        has_password=parser.has_password,
        embeds=parser.embeds,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _decode(body: bytes, headers: Mapping[str, str]) -> str:
    charset = None
    match = re.search(r"charset=([\w\-]+)", headers.get("content-type", ""), re.IGNORECASE)
    if match:
        charset = match.group(1)
    else:
        meta = _META_CHARSET.search(body[:4096])
        if meta:
            charset = meta.group(1).decode("ascii", "replace")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def page_links(page: ParsedPage, page_url: str) -> list[str]:
    """The page's links as absolute, fragment-free, de-duplicated URLs (in page order)."""
    base = urljoin(page_url, page.base) if page.base else page_url
    seen: dict[str, None] = {}
    for raw in page.links:
        if raw.startswith("#"):
            continue  # a jump within the same page
        try:
            url = normalise_url(urljoin(base, raw))
        except ValueError:
            url = raw
        if url:
            seen.setdefault(url, None)
    return list(seen)
