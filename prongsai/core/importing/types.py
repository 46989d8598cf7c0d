"""The types of cell a module can declare: each turns what a person typed (or Excel stored) into a value.

A type's ``parse(value, context)`` gets a non-empty cell (a str, or the int/float/datetime/bool that an
XLSX cell holds) and returns the value or raises :class:`Invalid` with the reason. Thai digits are read
anywhere a number or a date is expected. ``describe()`` and ``example(context)`` feed the downloadable
template and the column table of the upload page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from prongsai.core.importing.errors import Invalid, lazy_format
from prongsai.core.thai import (
    fiscal_year,
    local_today,
    parse_be_year,
    to_arabic_digits,
)

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation


def normalise(text: Any) -> str:
    """For comparing headers and labels: Arabic digits, lower case, spaces/underscores/dashes/dots/colons as one space."""
    text = to_arabic_digits(str(text or "")).strip().lower()
    return re.sub(r"[\s_\-.:]+", " ", text).strip()


def cell_text(value: Any) -> str:
    """A cell as a person would read it (for error messages and text columns)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Context:
    """What the types of one import may look up: the organisation, and a cache so each lookup is done once."""

    organisation: Organisation | None = None
    cache: dict[Any, Any] = field(default_factory=dict)


class CellType:
    """Base of every cell type."""

    empty_values: frozenset[str] = frozenset({""})
    text_format = False  # the template formats the column as text (so Excel does not turn 1/10/2568 into a date)

    def is_empty(self, value: Any) -> bool:
        return cell_text(value) in self.empty_values

    def parse(self, value: Any, context: Context) -> Any:
        raise NotImplementedError

    def describe(self) -> Any:
        raise NotImplementedError

    def example(self, context: Context) -> str:
        return ""

    def choices(self, context: Context) -> list[str]:
        """Labels for a drop-down list in the template (empty for free input)."""
        return []


class Text(CellType):
    text_format = True

    def __init__(self, *, max_length: int | None = None) -> None:
        self.max_length = max_length

    def parse(self, value: Any, context: Context) -> str:
        text = cell_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise Invalid(lazy_format(_("at most %(count)s characters"), count=self.max_length))
        return text

    def describe(self) -> Any:
        if self.max_length is None:
            return _("text")
        return lazy_format(_("text, at most %(count)s characters"), count=self.max_length)


class Number(CellType):
    """A decimal number with at most ``places`` decimals, optionally bounded; thousands separators allowed."""

    empty_values = frozenset({"", "-", "–", "—"})
    not_a_number = _("not a number")
    strip: tuple[str, ...] = ()

    def __init__(
        self,
        *,
        places: int = 2,
        minimum: Decimal | int | None = None,
        maximum: Decimal | int | None = None,
        thousands: bool = True,
    ) -> None:
        self.places = places
        self.minimum = None if minimum is None else Decimal(minimum)
        self.maximum = None if maximum is None else Decimal(maximum)
        self.thousands = thousands

    def parse(self, value: Any, context: Context) -> Any:
        if isinstance(value, bool):
            raise Invalid(self.not_a_number)
        if isinstance(value, float):
            number = Decimal(str(round(value, 6)))
        elif isinstance(value, int):
            number = Decimal(value)
        else:
            text = to_arabic_digits(cell_text(value)).replace(" ", "").replace("\u00a0", "")
            for word in self.strip:
                text = text.replace(word, "")
            if self.thousands and re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", text):
                text = text.replace(",", "")
            try:
                number = Decimal(text)
            except InvalidOperation as exc:
                raise Invalid(self.not_a_number) from exc
        if not number.is_finite():
            raise Invalid(self.not_a_number)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise Invalid(self.range_message())
        step = Decimal(1).scaleb(-self.places)
        if number != number.quantize(step):
            raise Invalid(self.places_message())
        return self.result(number.quantize(step))

    def result(self, number: Decimal) -> Any:
        return number

    def range_message(self) -> Any:
        if self.maximum is None:
            return lazy_format(_("must be at least %(minimum)s"), minimum=self.minimum)
        if self.minimum is None:
            return lazy_format(_("must be at most %(maximum)s"), maximum=self.maximum)
        return lazy_format(_("must be between %(minimum)s and %(maximum)s"), minimum=self.minimum, maximum=self.maximum)

    def places_message(self) -> Any:
        return lazy_format(_("at most %(places)s decimals"), places=self.places)

    def describe(self) -> Any:
        return lazy_format(_("a number with at most %(places)s decimals"), places=self.places)

    def example(self, context: Context) -> str:
        return "10.50"


class Score(Number):
    """An ITA-style score: 0–100 with at most two decimals."""

    def __init__(self) -> None:
        super().__init__(places=2, minimum=0, maximum=100, thousands=False)

    def range_message(self) -> Any:
        return _("a score must be between 0 and 100")

    def places_message(self) -> Any:
        return _("a score has at most two decimals")

    def describe(self) -> Any:
        return _("a score from 0 to 100 with at most two decimals, e.g. 85.25")

    def example(self, context: Context) -> str:
        return "85.25"


class Money(Number):
    """An amount in baht: at most two decimals, thousands separators, "฿" and "บาท" allowed; not negative."""

    strip = ("฿", "บาท", "THB")

    def __init__(self, *, maximum: Decimal | int | None = None) -> None:
        super().__init__(places=2, minimum=0, maximum=maximum)

    def describe(self) -> Any:
        return _("an amount in baht with at most two decimals, e.g. 12,500.50")

    def example(self, context: Context) -> str:
        return "12,500.50"


class Integer(Number):
    def __init__(self, *, minimum: int | None = None, maximum: int | None = None) -> None:
        super().__init__(places=0, minimum=minimum, maximum=maximum)

    def result(self, number: Decimal) -> int:
        return int(number)

    def places_message(self) -> Any:
        return _("not a whole number")

    def describe(self) -> Any:
        if self.minimum is not None and self.maximum is not None:
            return lazy_format(
                _("a whole number from %(minimum)s to %(maximum)s"), minimum=self.minimum, maximum=self.maximum
            )
        return _("a whole number")

    def example(self, context: Context) -> str:
        return str(self.minimum if self.minimum is not None and self.minimum > 0 else 1)


class FiscalYear(CellType):
    """A Buddhist-era fiscal year such as 2568 (a CE year is converted)."""

    def parse(self, value: Any, context: Context) -> int:
        try:
            return parse_be_year(cell_text(value))
        except ValueError as exc:
            raise Invalid(_("not a fiscal year such as 2568")) from exc

    def describe(self) -> Any:
        return _("a fiscal year (B.E.), e.g. 2568")

    def example(self, context: Context) -> str:
        return str(fiscal_year(local_today()))


def _labels_in(language: str, choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, str]]:
    with translation.override(language):
        return [(value, str(label)) for value, label in choices]


class Choice(CellType):
    """One of a set of values, by its value, its English label or its Thai label (``choices`` like Django's)."""

    text_format = True

    def __init__(self, choices: Iterable[tuple[Any, Any]], *, aliases: Mapping[str, Any] | None = None) -> None:
        self._choices = list(choices)
        self._aliases = dict(aliases or {})

    def _lookup(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for value, label in [*_labels_in("en", self._choices), *_labels_in("th", self._choices)]:
            table[normalise(label)] = value
            table.setdefault(normalise(value), value)
        table.update({normalise(alias): value for alias, value in self._aliases.items()})
        return table

    def parse(self, value: Any, context: Context) -> Any:
        lookup = context.cache.get(id(self))
        if lookup is None:
            lookup = context.cache[id(self)] = self._lookup()
        key = normalise(cell_text(value))
        if key not in lookup:
            raise Invalid(lazy_format(_("not one of: %(choices)s"), choices=_Joined(self)))
        return lookup[key]

    def labels(self) -> list[str]:
        return [str(label) for _value, label in self._choices]

    def describe(self) -> Any:
        return lazy_format(_("one of: %(choices)s"), choices=_Joined(self))

    def example(self, context: Context) -> str:
        return self.labels()[0] if self._choices else ""

    def choices(self, context: Context) -> list[str]:
        return self.labels()


class _Joined:
    def __init__(self, choice: Choice) -> None:
        self.choice = choice

    def __str__(self) -> str:
        return ", ".join(self.choice.labels())


_TRUE_WORDS = {"1", "true", "yes", "y", "ใช่", "มี", "✓", "✔"}
_FALSE_WORDS = {"0", "false", "no", "n", "ไม่ใช่", "ไม่มี", "✗", "✘", "x"}


class Boolean(CellType):
    """Yes or no: the labels given (in English or Thai), or 1/0, yes/no, ใช่/ไม่ใช่, มี/ไม่มี, ✓/✗."""

    text_format = True

    def __init__(
        self,
        *,
        true: Any = None,
        false: Any = None,
        true_words: Iterable[str] = (),
        false_words: Iterable[str] = (),
        reason: Any = None,
    ) -> None:
        self.true = true if true is not None else _("yes")
        self.false = false if false is not None else _("no")
        self.true_words = {normalise(w) for w in [*_TRUE_WORDS, *true_words]}
        self.false_words = {normalise(w) for w in [*_FALSE_WORDS, *false_words]}
        self.reason = reason

    def parse(self, value: Any, context: Context) -> bool:
        if isinstance(value, bool):
            return value
        key = normalise(cell_text(value))
        labels = [*_labels_in("en", [(True, self.true), (False, self.false)])]
        labels += _labels_in("th", [(True, self.true), (False, self.false)])
        words = {normalise(label): flag for flag, label in labels}
        if key in self.true_words or words.get(key) is True:
            return True
        if key in self.false_words or words.get(key) is False:
            return False
        raise Invalid(
            self.reason or lazy_format(_("write %(true)s or %(false)s (or 1/0)"), true=self.true, false=self.false)
        )

    def describe(self) -> Any:
        return lazy_format(_("%(true)s or %(false)s"), true=self.true, false=self.false)

    def example(self, context: Context) -> str:
        return str(self.true)

    def choices(self, context: Context) -> list[str]:
        return [str(self.true), str(self.false)]
