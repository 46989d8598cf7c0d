"""The charts of the ITA analysis report: one bar chart per indicator over the years and the summary of a year.

Drawn with matplotlib (Agg, Sarabun, Thai shaped by libraqm) as PNG bytes, on artists of the figure
itself (:class:`~prongsai.ita.plot.Plot`: no Axes, which cost more than the bars). Cached by their inputs twice: in the
process (an LRU of :data:`CHART_CACHE_SIZE`) and on disk (``DATA_DIR/cache/charts``, a file per chart
named by the hash of its inputs, shared by the web and the worker processes). The worker draws a
report's charts when its results change (``ita/tasks.py``), so a download after the change finds them.
Public API: :func:`indicator_chart_png`, :func:`summary_chart_png`, :func:`clear_chart_cache`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prongsai.core.documents import DASH, digits, number, register_matplotlib_fonts

if TYPE_CHECKING:  # matplotlib is imported by the functions that draw: a cached chart does not load it
    from matplotlib.figure import Figure

    from prongsai.ita.plot import Plot

__all__ = [
    "CHART_DPI",
    "DEFAULT_PASS_LINE",
    "clear_chart_cache",
    "indicator_chart_png",
    "pass_line_text",
    "prune_chart_store",
    "summary_chart_png",
    "visible_length",
]

DEFAULT_PASS_LINE = 85.0
CHART_DPI = 110  # crisp at 8 cm wide on A4; drawing time grows with the pixel count
CHART_CACHE_SIZE = 256
CHART_VERSION = "2"  # part of every stored chart's name: change it when the drawing changes
COLOUR_GOOD = "#2f6ea5"
COLOUR_BELOW = "#e07b24"
COLOUR_LINE = "#b22222"


def pass_line_text(value: float | None, thai_digits: bool) -> str:
    """A threshold or weight: ``"๘๕"`` when whole, else two decimals."""
    if value is None:
        return DASH
    return number(value, digits=0 if float(value).is_integer() else 2, thai_digits=thai_digits)


def _figure_png(figure: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()  # a pyplot-free Figure: nothing to close, garbage-collected with its canvas


def chart_store() -> Path | None:
    """The folder of stored charts (``ITA_CHART_DIR``, else ``DATA_DIR/cache/charts``); None without settings."""
    from django.conf import settings

    if not settings.configured:
        return None
    folder = getattr(settings, "ITA_CHART_DIR", None)
    if folder is None and getattr(settings, "DATA_DIR", None):
        folder = Path(settings.DATA_DIR) / "cache" / "charts"
    return Path(folder) if folder else None


def _stored(kind: str, key: tuple[Any, ...], draw: Callable[[], bytes]) -> bytes:
    """The chart of these inputs from the store, else drawn and stored (a file written whole, then renamed)."""
    folder = chart_store()
    if folder is None:
        return draw()
    path = folder / (hashlib.sha256(repr((CHART_VERSION, kind, key)).encode()).hexdigest() + ".png")
    try:
        png = path.read_bytes()
        os.utime(path)  # in use: kept by prune_chart_store
        return png
    except OSError:
        pass
    png = draw()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_bytes(png)
        os.replace(partial, path)
    except OSError:
        pass  # a store that cannot be written only costs the next download the drawing
    return png


SUMMARY_LABEL_MAX = 36


def visible_length(text: str) -> int:
    """Characters that take width: Thai vowel and tone marks above and below do not."""
    return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` visible characters with "…" (chart labels cannot wrap Thai)."""
    if visible_length(text) <= limit:
        return text
    kept, count = [], 0
    for ch in text:
        if unicodedata.category(ch) != "Mn":
            count += 1
            if count > limit - 1:
                break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _bar_colour(score: float | None, pass_line: float | None) -> str:
    return COLOUR_BELOW if score is not None and pass_line is not None and score < pass_line else COLOUR_GOOD


def _value_axis(axes: Plot, figure: Figure, *, vertical: bool, family: str, size: float, thai_digits: bool) -> None:
    """Grid lines every 25 and labels 0, 50, 100 on the value axis, drawn directly: tick artists cost far more.

    Text layout is most of a chart's drawing time and the bars carry their own values, so the axis
    keeps three labels.
    """
    from matplotlib.transforms import blended_transform_factory, offset_copy

    grid = (25, 50, 75, 100)
    ticks = (0, 50, 100)
    if vertical:  # the values go up: labels left of the axis
        low, high = axes.get_xlim()
        axes.hlines(grid, low, high, colors="#dddddd", linewidth=0.5, zorder=0)
        blend = blended_transform_factory(axes.transAxes, axes.transData)
        transform = offset_copy(blend, fig=figure, x=-3, units="points")
        ha, va = "right", "center"
    else:  # the values go right: labels under the axis
        low, high = axes.get_ylim()
        axes.vlines(grid, low, high, colors="#dddddd", linewidth=0.5, zorder=0)
        blend = blended_transform_factory(axes.transData, axes.transAxes)
        transform = offset_copy(blend, fig=figure, y=-3, units="points")
        ha, va = "center", "top"
    for tick in ticks:
        x, y = (0, tick) if vertical else (tick, 0)
        label = digits(str(tick), thai_digits=thai_digits)
        axes.text(x, y, label, transform=transform, ha=ha, va=va, fontsize=size, family=family)


def indicator_chart_png(
    title: str,
    years: Sequence[int],
    scores: Sequence[float | None],
    *,
    pass_line: float | None = DEFAULT_PASS_LINE,
    thai_digits: bool = True,
    dpi: int = CHART_DPI,
) -> bytes:
    """Bar chart of one indicator over the years (x ``"ปี ๒๕๖๔"``…, y 0–100, dashed pass line); PNG bytes.

    Bars below the pass line are orange; a year without a score shows ``"–"`` and no bar. The pass
    line is explained by a legend ``"เกณฑ์ผ่าน ๘๕"`` under the chart. Charts are cached by their inputs,
    so the DOCX and the PDF of one report draw them once.
    """
    return _indicator_chart_png(title, tuple(years), tuple(scores), pass_line, thai_digits, dpi)


@functools.lru_cache(maxsize=CHART_CACHE_SIZE)
def _indicator_chart_png(
    title: str,
    years: Sequence[int],
    scores: Sequence[float | None],
    pass_line: float | None,
    thai_digits: bool,
    dpi: int,
) -> bytes:
    key = (title, tuple(years), tuple(scores), pass_line, thai_digits, dpi)
    return _stored("indicator", key, lambda: _draw_indicator_chart(*key))


def _draw_indicator_chart(
    title: str,
    years: Sequence[int],
    scores: Sequence[float | None],
    pass_line: float | None,
    thai_digits: bool,
    dpi: int,
) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory, offset_copy

    from prongsai.ita.plot import Plot

    family = register_matplotlib_fonts()
    count = max(len(years), 1)
    figure = Figure(figsize=(3.3, 2.45))
    bottom = 0.2 if pass_line is not None else 0.12
    axes = Plot(figure, box=(0.11, bottom, 0.98, 0.86), xlim=(-0.6, count - 0.4), ylim=(0, 112))
    positions = list(range(len(years)))
    heights = [score if score is not None else 0.0 for score in scores]
    colours = [_bar_colour(score, pass_line) for score in scores]
    axes.bar(positions, heights, width=0.62, color=colours, zorder=2)
    _value_axis(axes, figure, vertical=True, family=family, size=8, thai_digits=thai_digits)
    label_size = 7.5 if count <= 5 else 6.5 if count <= 7 else 5.5
    year_transform = offset_copy(
        blended_transform_factory(axes.transData, axes.transAxes), fig=figure, y=-3, units="points"
    )
    for position, year, score in zip(positions, years, scores, strict=False):
        axes.text(
            position,
            0,
            digits(f"ปี {year}", thai_digits=thai_digits),
            transform=year_transform,
            ha="center",
            va="top",
            fontsize=8 if count <= 6 else 6.5,
            family=family,
        )
        # Above the bar, or inside its top (white) where a label above would sit on the pass line.
        inside = score is not None and pass_line is not None and pass_line - 9 < score < pass_line and score > 12
        axes.text(
            position,
            (score or 0.0) + (-1.5 if inside else 1.5),
            number(score, thai_digits=thai_digits),
            ha="center",
            va="top" if inside else "bottom",
            color="white" if inside else "black",
            fontsize=label_size,
            family=family,
            rotation=90 if count > 8 else 0,
            zorder=4,
        )
    if pass_line is not None:
        style: dict[str, Any] = {"color": COLOUR_LINE, "linestyle": "--", "linewidth": 1.0, "zorder": 3}
        axes.axhline(pass_line, **style)
        # The key under the chart: a piece of the dashed line and its label, centred together.
        key_y = 0.035
        figure.add_artist(Line2D((0.36, 0.45), (key_y + 0.018, key_y + 0.018), transform=figure.transFigure, **style))
        figure.text(
            0.47,
            key_y,
            f"เกณฑ์ผ่าน {pass_line_text(pass_line, thai_digits)}",
            ha="left",
            va="baseline",
            fontsize=7.5,
            family=family,
        )
    axes.set_title(title, fontsize=9.5 if len(title) <= 40 else 8, family=family, fontweight="bold", loc="left")
    return _figure_png(figure, dpi)


def summary_chart_png(
    labels: Sequence[str],
    scores: Sequence[float | None],
    *,
    pass_line: float | None = DEFAULT_PASS_LINE,
    thai_digits: bool = True,
    title: str = "",
    dpi: int = CHART_DPI,
) -> bytes:
    """Horizontal bars of the indicators of one year, first at the top; below the pass line in orange.

    Indicator names label the bars (cut with "…" past 36 characters), scores stand in a column on the right.
    Cached by its inputs like :func:`indicator_chart_png`.
    """
    return _summary_chart_png(tuple(labels), tuple(scores), pass_line, thai_digits, title, dpi)


@functools.lru_cache(maxsize=CHART_CACHE_SIZE)
def _summary_chart_png(
    labels: Sequence[str],
    scores: Sequence[float | None],
    pass_line: float | None,
    thai_digits: bool,
    title: str,
    dpi: int,
) -> bytes:
    key = (tuple(labels), tuple(scores), pass_line, thai_digits, title, dpi)
    return _stored("summary", key, lambda: _draw_summary_chart(*key))


def _draw_summary_chart(
    labels: Sequence[str],
    scores: Sequence[float | None],
    pass_line: float | None,
    thai_digits: bool,
    title: str,
    dpi: int,
) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.transforms import blended_transform_factory, offset_copy

    from prongsai.ita.plot import Plot

    family = register_matplotlib_fonts()
    labels = tuple(_shorten(label, SUMMARY_LABEL_MAX) for label in labels)
    longest = max((visible_length(label) for label in labels), default=10)
    width, height = 6.3, 0.36 * max(len(labels), 1) + 1.0
    figure = Figure(figsize=(width, height))
    left = min(0.48, (0.25 + 0.072 * longest) / width)
    count = max(len(labels), 1)
    box = (left, 0.3 / height, 0.9, 1 - 0.62 / height)
    axes = Plot(figure, box=box, xlim=(0, 100), ylim=(count - 0.4, -0.6))  # first indicator at the top
    positions = list(range(len(labels)))
    widths = [score if score is not None else 0.0 for score in scores]
    colours = [_bar_colour(score, pass_line) for score in scores]
    axes.barh(positions, widths, height=0.62, color=colours, zorder=2)
    _value_axis(axes, figure, vertical=False, family=family, size=9, thai_digits=thai_digits)
    name_transform = offset_copy(
        blended_transform_factory(axes.transAxes, axes.transData), fig=figure, x=-4, units="points"
    )
    score_x = 1.0 + 0.55 / (width * (0.9 - left))
    score_transform = blended_transform_factory(axes.transAxes, axes.transData)
    for position, label, score in zip(positions, labels, scores, strict=False):
        axes.text(0, position, label, transform=name_transform, ha="right", va="center", fontsize=9.5, family=family)
        axes.text(
            score_x,
            position,
            number(score, thai_digits=thai_digits),
            transform=score_transform,
            ha="right",
            va="center",
            fontsize=9,
            family=family,
        )
    if pass_line is not None:
        axes.axvline(pass_line, color=COLOUR_LINE, linestyle="--", linewidth=1.0, zorder=3)
        axes.text(
            pass_line,
            1.01,
            f"เกณฑ์ผ่าน {pass_line_text(pass_line, thai_digits)}",
            transform=blended_transform_factory(axes.transData, axes.transAxes),
            ha="center",
            va="bottom",
            fontsize=8,
            color=COLOUR_LINE,
            family=family,
        )
    if title:
        axes.set_title(title, fontsize=11, family=family, fontweight="bold", pad=16)
    return _figure_png(figure, dpi)


def prune_chart_store(*, unused_days: int = 180) -> int:
    """Remove the stored charts not drawn or read for ``unused_days`` (and stray partial files); return how many."""
    import time

    folder = chart_store()
    if folder is None or not folder.is_dir():
        return 0
    cutoff = time.time() - unused_days * 86400
    removed = 0
    for path in folder.iterdir():
        try:
            if path.suffix in (".png", ".tmp") and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def clear_chart_cache(*, stored: bool = True) -> None:
    """Forget the cached chart PNGs of this process, and with ``stored`` the stored ones (benchmarks, tests)."""
    _indicator_chart_png.cache_clear()
    _summary_chart_png.cache_clear()
    folder = chart_store()
    if stored and folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
