"""The ITA framework of a fiscal year: YAML file → database → corrections → a typed, read-only object.

The files in data/ita/ are the versioned source (every fact with its source and
confidence). `framework_load` copies a file into FrameworkYear; platform admins
correct single facts with FrameworkOverride rows (who, when, why), which apply
on top of the file data in the order they were made. Analysis code only sees
`Framework`, built by `get_framework`.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from prongsai.ita.models import FrameworkOverride, FrameworkYear

# libyaml's safe loader reads the six framework files ~10x faster than the pure-Python one (same result).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOOLS = ("IIT", "EIT", "OIT")
CONFIDENCE_VALUES = ("confirmed", "likely", "unverified")
DATA_WINDOWS = ("current_fy", "previous_fy", "first_half_current_fy", "any")


class FrameworkError(ValueError):
    """A framework file or correction that does not make a coherent framework."""


def data_dir() -> Path:
    return Path(settings.ITA_DATA_DIR)


def available_years() -> list[int]:
    return sorted(int(p.stem) for p in data_dir().glob("[0-9][0-9][0-9][0-9].yaml"))


# --------------------------------------------------------------------------- paths


def _select(container: Any, segment: str) -> tuple[Any, Any]:
    """The child of `container` named by `segment`: a dict key, a list element by code/number/key, or an index."""
    if isinstance(container, dict):
        if segment not in container:
            raise FrameworkError(f"no “{segment}”")
        return container, segment
    if isinstance(container, list):
        for index, element in enumerate(container):
            if isinstance(element, dict) and any(str(element.get(k)) == segment for k in ("code", "number", "key")):
                return container, index
        if segment.isdigit() and int(segment) < len(container):
            return container, int(segment)
        raise FrameworkError(f"no element “{segment}”")
    raise FrameworkError(f"cannot look inside a value at “{segment}”")


def apply_override(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the fact at `path` (e.g. "tools.OIT.weight") in `data`, in place."""
    segments = [s for s in path.split(".") if s]
    if not segments:
        raise FrameworkError("empty path")
    node: Any = data
    for segment in segments[:-1]:
        parent, key = _select(node, segment)
        node = parent[key]
    parent, key = _select(node, segments[-1])
    parent[key] = value


# --------------------------------------------------------------------------- typed view


@dataclass(frozen=True)
class Item:
    code: str
    sub_indicator: str
    title_th: str
    components: tuple[dict[str, Any], ...]
    data_window: str
    related_indicators: tuple[int, ...]
    confidence: str
    source: str
    on_own_website: bool = True
    requires_signature: bool = False
    two_way_channel: bool = False


@dataclass(frozen=True)
class SubIndicator:
    code: str
    indicator: int
    name_th: str
    confidence: str


@dataclass(frozen=True)
class Framework:
    fiscal_year: int
    pass_line: float
    weights: dict[str, float]
    tool_indicators: dict[str, tuple[int, ...]]
    indicator_names: dict[int, str]
    indicator_tools: dict[int, str]
    level_scheme: str  # "bands" or "labels"
    bands: tuple[tuple[str, float], ...]
    label_rules: tuple[dict[str, Any], ...]
    sub_indicators: tuple[SubIndicator, ...]
    items: tuple[Item, ...]
    o25_rule: dict[str, Any] | None
    uncertain: tuple[str, ...] = field(default=())  # Thai notes on unverified facts used in scoring
    calendar: tuple[dict[str, Any], ...] = field(default=())

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def items_of(self, sub_code: str) -> list[Item]:
        return [i for i in self.items if i.sub_indicator == sub_code]

    def indicator_of_item(self, item: Item) -> int:
        """9 or 10: the indicator whose score the item counts towards."""
        return next(s.indicator for s in self.sub_indicators if s.code == item.sub_indicator)

    def related_items(self, indicator: int) -> list[Item]:
        return [i for i in self.items if indicator in i.related_indicators]


def build_framework(data: dict[str, Any]) -> Framework:
    """Check a year's data for coherence and turn it into a Framework. Raises FrameworkError."""
    try:
        fy = int(data["fiscal_year"])
        tools = {t["code"]: t for t in data["tools"]}
        if set(tools) != set(TOOLS):
            raise FrameworkError(f"tools must be {', '.join(TOOLS)}")
        weights = {code: float(tools[code]["weight"]) for code in TOOLS}
        if abs(sum(weights.values()) - 1.0) > 1e-9:
            raise FrameworkError(f"tool weights sum to {sum(weights.values())}, not 1")
        tool_indicators = {code: tuple(int(n) for n in tools[code]["indicators"]) for code in TOOLS}
        covered = sorted(n for ns in tool_indicators.values() for n in ns)
        if covered != list(range(1, 11)):
            raise FrameworkError("the tools must cover indicators 1–10 exactly once")
        indicators = {int(i["number"]): i for i in data["indicators"]}
        if sorted(indicators) != list(range(1, 11)):
            raise FrameworkError("there must be ten indicators numbered 1–10")
        indicator_tools = {n: code for code, ns in tool_indicators.items() for n in ns}
        for n, ind in indicators.items():
            if ind.get("tool") != indicator_tools[n]:
                raise FrameworkError(f"indicator {n} is listed under {indicator_tools[n]} but says {ind.get('tool')}")
        levels = data["levels"]
        scheme = levels["scheme"]
        bands: tuple[tuple[str, float], ...] = ()
        rules: tuple[dict[str, Any], ...] = ()
        if scheme == "bands":
            bands = tuple(sorted(((b["code"], float(b["min"])) for b in levels["bands"]), key=lambda b: -b[1]))
        elif scheme == "labels":
            rules = tuple(levels["rules"])
        else:
            raise FrameworkError(f"unknown level scheme {scheme!r}")
        oit = data["oit"]
        subs = tuple(
            SubIndicator(str(s["code"]), int(s["indicator"]), s["name_th"], s.get("confidence", "unverified"))
            for s in oit["sub_indicators"]
        )
        sub_codes = [s.code for s in subs]
        if len(set(sub_codes)) != len(sub_codes):
            raise FrameworkError("sub-indicator codes repeat")
        if {s.indicator for s in subs} != {9, 10}:
            raise FrameworkError("indicators 9 and 10 each need sub-indicators")
        items = tuple(
            Item(
                code=str(i["code"]),
                sub_indicator=str(i["sub_indicator"]),
                title_th=i["title_th"],
                components=tuple(i.get("components") or ()),
                data_window=i.get("data_window", "any"),
                related_indicators=tuple(int(n) for n in i.get("related_indicators") or ()),
                confidence=i.get("confidence", "unverified"),
                source=str(i.get("source", "")),
                on_own_website=bool(i.get("on_own_website", True)),
                requires_signature=bool(i.get("requires_signature", False)),
                two_way_channel=bool(i.get("two_way_channel", False)),
            )
            for i in oit["items"]
        )
    except (KeyError, TypeError) as exc:
        raise FrameworkError(f"missing or malformed field: {exc}") from exc
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise FrameworkError("item codes repeat")
    for item in items:
        if item.sub_indicator not in sub_codes:
            raise FrameworkError(f"item {item.code} names an unknown sub-indicator {item.sub_indicator}")
        if item.data_window not in DATA_WINDOWS:
            raise FrameworkError(f"item {item.code} has an unknown data window {item.data_window!r}")
    for sub in subs:
        if not any(i.sub_indicator == sub.code for i in items):
            raise FrameworkError(f"sub-indicator {sub.code} has no items")

    uncertain = []
    if any(tools[c].get("confidence") == "unverified" for c in TOOLS):
        uncertain.append(_("The tool weights of this year are not confirmed by the NACC manual."))
    if levels.get("confidence") == "unverified":
        uncertain.append(_("The rules for this year's result labels are not confirmed by the NACC manual."))
    if oit.get("scoring", {}).get("confidence") == "unverified":
        uncertain.append(_("OIT scoring from item results is assumed unchanged since FY2564."))
    return Framework(
        fiscal_year=fy,
        pass_line=float(data["pass_line"]["value"]),
        weights=weights,
        tool_indicators=tool_indicators,
        indicator_names={n: indicators[n]["name_th"] for n in indicators},
        indicator_tools=indicator_tools,
        level_scheme=scheme,
        bands=bands,
        label_rules=rules,
        sub_indicators=subs,
        items=items,
        o25_rule=data.get("o25_rule"),
        uncertain=tuple(uncertain),
        calendar=tuple(data.get("calendar") or ()),
    )


# --------------------------------------------------------------------------- database


def read_file(fiscal_year: int) -> tuple[dict[str, Any], str, str]:
    path = data_dir() / f"{fiscal_year}.yaml"
    raw = path.read_bytes()
    data = yaml.load(raw, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader: libyaml's when present)
    build_framework(data)  # refuse an incoherent file before it reaches the database
    return data, path.name, hashlib.sha256(raw).hexdigest()


def framework_load(*, fiscal_years: list[int] | None = None) -> list[tuple[int, str]]:
    """Load (or reload) years from data/ita/. Returns (year, "created"|"updated"|"unchanged") pairs."""
    done = []
    for fy in fiscal_years or available_years():
        data, name, digest = read_file(fy)
        year = FrameworkYear.objects.filter(fiscal_year=fy).first()
        if year is None:
            FrameworkYear.objects.create(fiscal_year=fy, data=data, file_name=name, file_sha256=digest)
            done.append((fy, "created"))
        elif year.file_sha256 != digest:
            year.data, year.file_name, year.file_sha256 = data, name, digest
            year.save()
            done.append((fy, "updated"))
        else:
            done.append((fy, "unchanged"))
    return done


def load_missing(*, framework_model: Any = FrameworkYear, template_model: Any = None) -> list[int]:
    """Load the shipped years that the database does not have yet, and the measure templates it lacks.

    Idempotent, and never touches a loaded year (`ita-framework-load` reloads changed files). Called by
    the data migration (with its historical models) and after every `migrate` (new years on upgrade).
    Returns the years it loaded.
    """
    loaded = set(framework_model.objects.values_list("fiscal_year", flat=True))
    created = []
    for fy in available_years():
        if fy not in loaded:
            data, name, digest = read_file(fy)
            framework_model.objects.create(fiscal_year=fy, data=data, file_name=name, file_sha256=digest)
            created.append(fy)
    templates_load(model=template_model, only_missing=True)
    return created


def templates_load(*, model: Any = None, only_missing: bool = False) -> tuple[int, int]:
    """Load data/ita/measure_templates.yaml into MeasureTemplate (by key). Returns (created, updated)."""
    from prongsai.ita.models import MeasureTemplate

    model = model or MeasureTemplate
    doc = yaml.load((data_dir() / "measure_templates.yaml").read_bytes(), Loader=_YAML_LOADER)  # noqa: S506
    created = updated = 0
    existing = set(model.objects.values_list("key", flat=True)) if only_missing else set()
    for t in doc["templates"]:
        if t["key"] in existing:
            continue
        _, was_created = model.objects.update_or_create(
            key=t["key"],
            defaults={
                "indicator": int(t["indicator"]),
                "kind": t["kind"],
                "title": t["title"],
                "activity": t.get("activity") or "",
                "analysis": t.get("analysis") or "",
                "steps": list(t.get("steps") or []),
                "units": list(t.get("units") or []),
                "units_note": t.get("units_note") or "",
                "o25_candidate": bool(t.get("o25_candidate", False)),
                "source": doc.get("source", ""),
            },
        )
        created += was_created
        updated += not was_created
    return created, updated


def effective_data(year: FrameworkYear) -> dict[str, Any]:
    data = copy.deepcopy(year.data)
    for override in year.overrides.filter(active=True).order_by("created_at", "id"):
        apply_override(data, override.path, override.value)
    return data


def get_framework(fiscal_year: int) -> Framework | None:
    """The effective framework of a year, or None when the installation has none for it."""
    year = FrameworkYear.objects.filter(fiscal_year=fiscal_year).first()
    if year is None:
        return None
    return build_framework(effective_data(year))


def framework_override(*, year: FrameworkYear, path: str, value: Any, reason: str, user: Any) -> FrameworkOverride:
    """Record a correction after checking that the corrected framework is still coherent."""
    if not reason.strip():
        raise FrameworkError(_("Say why, and on what source, the fact is corrected."))
    data = effective_data(year)
    apply_override(data, path, value)
    build_framework(data)
    return FrameworkOverride.objects.create(year=year, path=path, value=value, reason=reason, created_by=user)
