"""Item-level checks of OIT evidence that a link checker does not know: is the document current, is it on site?

`stale`: an OIT item requires data of a window (the current fiscal year, the
previous one, the first half of the current one, or any). The period of a
document is read from its title, file name and text: Buddhist-era years
(2568, ๒๕๖๘, พ.ศ. 2568, ปีงบประมาณ 68), Christian-era years (2025) and
Thai dates (1 ต.ค. 2567, 30 กันยายน 2568). A document is stale when the
newest fiscal year it names is older than the window asks for.

`off_site`: the evidence must be on the organisation's own website (its
domains and their subdomains), or on Prongsai's own permanent URLs.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

from prongsai.core.thai import THAI_MONTHS, THAI_MONTHS_ABBR, fiscal_year, to_arabic_digits

BE_MIN, BE_MAX = 2540, 2600
CE_MIN, CE_MAX = 1997, 2057

_MONTHS = {name: i for i, name in enumerate(THAI_MONTHS, 1)} | {
    abbr.replace(".", ""): i for i, abbr in enumerate(THAI_MONTHS_ABBR, 1)
}
# Abbreviations are written with or without their dots: "ต.ค.", "ต.ค", "ตค".
_MONTH_PATTERN = "|".join(
    sorted((r"\.?".join(re.escape(ch) for ch in m) + r"\.?" for m in _MONTHS), key=len, reverse=True)
)
# "1 ต.ค. 2567", "30 กันยายน 2568", "1 ตค 67"
_THAI_DATE = re.compile(rf"(\d{{1,2}})\s*({_MONTH_PATTERN})\s*(?:พ\.?\s*ศ\.?\s*)?(\d{{4}}|\d{{2}})(?!\d)")
# "ปีงบประมาณ 2568", "ปีงบประมาณ พ.ศ. 68", "ปีงบ 2568", "FY2568"
_FISCAL = re.compile(r"(?:ปีงบประมาณ|ปีงบ|fy)\s*(?:พ\.?\s*ศ\.?\s*)?(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class Finding:
    category: str  # "stale" or "off_site"
    detail: str


def _be(year: int) -> int | None:
    """A four- or two-digit year as BE, or None when it is no plausible year."""
    if year < 100:
        year += 2500
    if BE_MIN <= year <= BE_MAX:
        return year
    if CE_MIN <= year <= CE_MAX:
        return year + 543
    return None


def document_fiscal_years(*texts: str) -> set[int]:
    """Every fiscal year (BE) a document's title, file name or text names."""
    found: set[int] = set()
    for raw in texts:
        text = to_arabic_digits(unquote(raw or "")).replace("_", " ").replace("-", " ")
        for day, month, year in _THAI_DATE.findall(text):
            be = _be(int(year))
            if be is not None:
                with contextlib.suppress(ValueError):  # 31 Feb and the like: not a date
                    found.add(fiscal_year(date(be - 543, _MONTHS[month.replace(".", "")], int(day))))
        for year in _FISCAL.findall(text):
            be = _be(int(year))
            if be is not None:
                found.add(be)
        # A bare year counts only outside the dates and fiscal-year phrases read above
        # ("1 ต.ค. 2567" is in FY2568, not a mention of 2567).
        rest = _FISCAL.sub(" ", _THAI_DATE.sub(" ", text))
        for year in _YEAR.findall(rest):
            be = _be(int(year))
            if be is not None:
                found.add(be)
    return found


def required_fiscal_year(window: str, assessment_year: int) -> int | None:
    """The oldest fiscal year the window accepts for the assessment of `assessment_year` (None: any)."""
    if window in ("current_fy", "first_half_current_fy"):
        return assessment_year
    if window == "previous_fy":
        return assessment_year - 1
    return None


def check_stale(window: str, assessment_year: int, *texts: str) -> Finding | None:
    """`stale` when the newest year the document names is older than the item's window requires."""
    needed = required_fiscal_year(window, assessment_year)
    if needed is None:
        return None
    years = document_fiscal_years(*texts)
    if not years:
        return None  # nothing to judge by; the reviewer checks by eye
    newest = max(years)
    if newest < needed:
        return Finding("stale", f"the document names fiscal year {newest}; the item requires {needed} or later")
    return None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def check_off_site(url: str, own_sites: Iterable[str], *, also_allowed: Iterable[str] = ()) -> Finding | None:
    """`off_site` unless the URL's host is one of the organisation's website hosts (or a subdomain of one)."""
    host = _host(url)
    own_sites = list(own_sites)
    if not host or not any(_host(site) or site.strip() for site in own_sites):
        return None  # the organisation has not said where its website is
    allowed = {_host(site) or site.lower() for site in [*own_sites, *also_allowed]}
    allowed.discard("")
    for own in allowed:
        bare = own.removeprefix("www.")
        if host in (own, bare) or host.endswith("." + bare):
            return None
    return Finding("off_site", f"{host} is not the organisation's website ({', '.join(sorted(allowed))})")
