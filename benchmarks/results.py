"""benchmarks/RESULTS.md: each benchmark script owns one section and replaces only that."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace this benchmark's section of RESULTS.md, keeping the others."""
    text = (
        path.read_text()
        if path.exists()
        else "# Benchmark results\n\nEach section is written by its script in `benchmarks/`.\n\n"
    )
    if heading in text:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)
