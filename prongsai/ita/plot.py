"""A plotting area drawn as artists of the figure itself: the few Axes calls the ITA charts make."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import (
    Bbox,
    BboxTransformFrom,
    BboxTransformTo,
    TransformedBbox,
    blended_transform_factory,
    offset_copy,
)

__all__ = ["Plot"]


class Plot:
    """The few Axes calls the charts make, drawn as artists of the figure itself.

    A matplotlib Axes (its spines, tickers and their clearing) costs more to make than all the bars and
    labels of a chart, and a report draws eleven charts: this keeps the same coordinates (``transData``
    within the box ``left``–``right`` × ``bottom``–``top`` of the figure, ``transAxes`` 0–1 over the box)
    for a fraction of the time.
    """

    def __init__(
        self,
        figure: Figure,
        *,
        box: tuple[float, float, float, float],
        xlim: tuple[float, float],
        ylim: tuple[float, float],
    ) -> None:
        left, bottom, right, top = box
        self.figure = figure
        self.transAxes = BboxTransformTo(
            TransformedBbox(Bbox.from_extents(left, bottom, right, top), figure.transFigure)
        )
        self.transData = BboxTransformFrom(Bbox.from_extents(xlim[0], ylim[0], xlim[1], ylim[1])) + self.transAxes
        self.xlim, self.ylim = xlim, ylim
        for xs, ys in (((0, 0), (0, 1)), ((0, 1), (0, 0))):  # the left and bottom spines
            self._line(xs, ys, self.transAxes, color="black", linewidth=0.8, zorder=2.5)

    def _line(self, xs: Sequence[float], ys: Sequence[float], transform: Any, **style: Any) -> Line2D:
        line = Line2D(xs, ys, transform=transform, **style)
        self.figure.add_artist(line)
        return line

    def bar(
        self, positions: Sequence[float], heights: Sequence[float], *, width: float, color: Sequence[str], zorder: float
    ) -> None:
        for x, height, colour in zip(positions, heights, color, strict=False):
            self.figure.add_artist(
                Rectangle((x - width / 2, 0), width, height, transform=self.transData, facecolor=colour, zorder=zorder)
            )

    def barh(
        self, positions: Sequence[float], widths: Sequence[float], *, height: float, color: Sequence[str], zorder: float
    ) -> None:
        for y, extent, colour in zip(positions, widths, color, strict=False):
            self.figure.add_artist(
                Rectangle(
                    (0, y - height / 2), extent, height, transform=self.transData, facecolor=colour, zorder=zorder
                )
            )

    def text(self, x: float, y: float, text: str, *, transform: Any = None, **style: Any) -> None:
        self.figure.text(x, y, text, transform=transform or self.transData, **style)

    def hlines(
        self, ys: Sequence[float], low: float, high: float, *, colors: str, linewidth: float, zorder: float
    ) -> None:
        for y in ys:
            self._line((low, high), (y, y), self.transData, color=colors, linewidth=linewidth, zorder=zorder)

    def vlines(
        self, xs: Sequence[float], low: float, high: float, *, colors: str, linewidth: float, zorder: float
    ) -> None:
        for x in xs:
            self._line((x, x), (low, high), self.transData, color=colors, linewidth=linewidth, zorder=zorder)

    def axhline(self, y: float, **style: Any) -> Line2D:
        return self._line((0, 1), (y, y), blended_transform_factory(self.transAxes, self.transData), **style)

    def axvline(self, x: float, **style: Any) -> Line2D:
        return self._line((x, x), (0, 1), blended_transform_factory(self.transData, self.transAxes), **style)

    def get_xlim(self) -> tuple[float, float]:
        return self.xlim

    def get_ylim(self) -> tuple[float, float]:
        return self.ylim

    def set_title(self, title: str, *, loc: str = "center", pad: float = 6.0, **style: Any) -> None:
        x = {"left": 0.0, "center": 0.5, "right": 1.0}[loc]
        transform = offset_copy(self.transAxes, fig=self.figure, y=pad, units="points")
        self.text(x, 1.0, title, transform=transform, ha=loc, va="baseline", **style)
