"""The one walk of a document's blocks that both renderers (``docx.py``, ``html.py``) share.

A renderer has one method per kind of block (:class:`Layout`); :func:`lay_out` calls the one for a block,
so a new kind of block is added here once and every renderer must lay it out.
"""

from __future__ import annotations

from typing import Protocol

from prongsai.core.doc import blocks as b

__all__ = ["Layout", "lay_out"]


class Layout(Protocol):
    """What a renderer lays out: one method per kind of block."""

    def title(self, block: b.Title) -> None: ...
    def heading(self, block: b.Heading) -> None: ...
    def paragraph_block(self, block: b.Paragraph) -> None: ...
    def bullets(self, block: b.BulletList) -> None: ...
    def table(self, block: b.Table) -> None: ...
    def figure(self, block: b.Figure) -> None: ...
    def figures(self, block: b.Figures) -> None: ...
    def note_box(self, block: b.NoteBox) -> None: ...
    def page_break(self, block: b.PageBreak) -> None: ...
    def section(self, block: b.SectionBreak) -> None: ...
    def signature(self, block: b.Signature) -> None: ...
    def memo_head(self, block: b.MemoHead) -> None: ...
    def order_head(self, block: b.OrderHead) -> None: ...


def lay_out(layout: Layout, block: b.Block, fmt: str) -> None:
    """Hand ``block`` to the method of ``layout`` for its kind; ``fmt`` names the renderer in the error."""
    if isinstance(block, b.Title):
        layout.title(block)
    elif isinstance(block, b.Heading):
        layout.heading(block)
    elif isinstance(block, b.Paragraph):
        layout.paragraph_block(block)
    elif isinstance(block, b.BulletList):
        layout.bullets(block)
    elif isinstance(block, b.Table):
        layout.table(block)
    elif isinstance(block, b.Figure):
        layout.figure(block)
    elif isinstance(block, b.Figures):
        layout.figures(block)
    elif isinstance(block, b.NoteBox):
        layout.note_box(block)
    elif isinstance(block, b.PageBreak):
        layout.page_break(block)
    elif isinstance(block, b.SectionBreak):
        layout.section(block)
    elif isinstance(block, b.Signature):
        layout.signature(block)
    elif isinstance(block, b.MemoHead):
        layout.memo_head(block)
    elif isinstance(block, b.OrderHead):
        layout.order_head(block)
    else:  # pragma: no cover - a new block type without a renderer
        raise TypeError(f"no {fmt} layout for {type(block).__name__}")
