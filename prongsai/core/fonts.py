"""Sarabun wherever a document goes: the PDF's default family and Thai fallback, its copyable text, the DOCX.

Three things :mod:`prongsai.core.documents` needs from the font files themselves:

- :func:`prefer_sarabun` and :data:`DEFAULT_FAMILY_CSS`: WeasyPrint sets any element without a family in
  ``serif`` and fills Thai missing from a Latin font from whatever fontconfig prefers for Thai — Kinnari,
  Loma or Tlwg Mono where Debian's fonts-thai-tlwg is installed. A user stylesheet gives the root element
  Sarabun, and a fontconfig rule puts Sarabun (strong) before every generic family, so the fallback for
  Thai is Sarabun too while a named family (e.g. DejaVu Sans Mono) still sets the Latin text.
- :func:`pdf_font_face_css` and :func:`fix_thai_text_mapping`: the text copied out of a PDF keeps ำ (below).
- :func:`embed_docx_fonts`: a DOCX carries the Sarabun faces it uses (:mod:`prongsai.core.fonts_docx`).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from prongsai.core.fonts_docx import embed_docx_fonts, obfuscate_font

__all__ = [
    "DEFAULT_FAMILY_CSS",
    "GENERIC_FAMILIES",
    "embed_docx_fonts",
    "fix_thai_text_mapping",
    "obfuscate_font",
    "pdf_font_face_css",
    "prefer_sarabun",
]

FAMILY = "Sarabun"

DEFAULT_FAMILY_CSS = f'html {{ font-family: "{FAMILY}"; }}'
"""A user stylesheet (below the document's own rules): what has no family of its own is set in Sarabun."""

GENERIC_FAMILIES = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "emoji", "math")

_RULES = "".join(
    f'<match target="pattern"><test qual="any" name="family"><string>{generic}</string></test>'
    f'<edit name="family" mode="prepend" binding="strong"><string>{FAMILY}</string></edit></match>'
    for generic in GENERIC_FAMILIES
)
FONTCONFIG_RULES = (
    f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>{_RULES}</fontconfig>'
).encode()
"""Sarabun (strong) just before each generic family of a font pattern.

Fontconfig's own rules put the installed Thai fonts before the generic family with a *weak* binding;
a strong Sarabun wins over them, but not over a family the document named.
"""

_lock = threading.Lock()
_configured: set[int] = set()


@functools.cache
def _fontconfig() -> tuple[Any, Any]:
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(
        "typedef struct _FcConfig FcConfig;"
        "FcConfig *FcConfigGetCurrent (void);"
        "int FcConfigParseAndLoadFromMemory (FcConfig *config, const unsigned char *buffer, int complain);"
    )
    error: OSError | None = None
    for name in ("libfontconfig.so.1", "fontconfig", "libfontconfig-1", "libfontconfig.1.dylib"):
        try:
            return ffi, ffi.dlopen(name)
        except OSError as exc:  # the next name
            error = exc
    raise OSError(f"fontconfig cannot be loaded: {error}")


def prefer_sarabun() -> None:
    """Add :data:`FONTCONFIG_RULES` to fontconfig's current configuration (once per configuration).

    Pango (pangoft2) substitutes font patterns with fontconfig's *current* configuration, not with the
    one WeasyPrint gives each document, so the rule goes there. Fontconfig replaces its current
    configuration when the installed fonts change; the rule is then added to the new one.
    """
    ffi, lib = _fontconfig()
    with _lock:
        config = lib.FcConfigGetCurrent()
        key = int(ffi.cast("uintptr_t", config))
        if key in _configured:
            return
        if not lib.FcConfigParseAndLoadFromMemory(config, FONTCONFIG_RULES, 1):
            raise RuntimeError("fontconfig refused the Sarabun rules")
        _configured.add(key)


# --- PDF: text copied out of the PDF keeps ำ --------------------------------------------------------------
#
# HarfBuzz shapes SARA AM (ำ) as two glyphs, NIKHAHIT (ํ, or Sarabun's ligature of ํ with the tone mark
# over it) and SARA AA (า), in one cluster. A PDF maps each glyph to text once for the whole document
# (its ToUnicode CMap), and WeasyPrint gives the first glyph of a cluster "" and the last the whole
# cluster: so every า in the document came out as ำ, or every ำ as า ("ตาบล", "ดาเนินการ"), and a tone
# mark first seen over ำ was lost everywhere. The fix: the PDF's Sarabun gets one more glyph, a copy of
# SARA AA that a last GSUB lookup puts after NIKHAHIT, and each Font WeasyPrint makes of it maps the
# glyphs of ำ clusters by what they are (NIKHAHIT "", its ligature with a tone mark the tone mark,
# the copy "ำ") instead of by where they first appeared.

SARA_AA, SARA_AM, NIKHAHIT = "uni0E32", "ำ", "uni0E4D"
SARA_AA_OF_AM = "uni0E32.am"
_NAMED = re.compile(r"uni((?:[0-9A-F]{4})+)(\..+)?")


def _glyph_text(name: str) -> str | None:
    """The characters a ``uniXXXX[YYYY][.suffix]`` glyph stands for (None for other names)."""
    match = _NAMED.fullmatch(name)
    if match is None:
        return None
    hexes = match.group(1)
    return "".join(chr(int(hexes[index : index + 4], 16)) for index in range(0, len(hexes), 4))


def _add_sara_am_glyph(font: Any) -> dict[int, str]:
    """Add :data:`SARA_AA_OF_AM` and its GSUB lookup to ``font`` (a TTFont); return the glyphs' fixed text."""
    from fontTools.ttLib.tables import otTables

    glyf, hmtx, gsub = font["glyf"], font["hmtx"], font["GSUB"].table
    gdef = font["GDEF"].table if "GDEF" in font else None
    order = list(font.getGlyphOrder())
    nikhahits = [name for name in order if (_glyph_text(name) or "").startswith("\u0e4d")]
    tones = [name for name in order if (_glyph_text(name) or " ") in ("\u0e48", "\u0e49", "\u0e4a", "\u0e4b", "\u0e4c")]
    glyph = copy.deepcopy(glyf[SARA_AA])
    font.setGlyphOrder([*order, SARA_AA_OF_AM])
    glyf.glyphOrder = font.getGlyphOrder()
    glyf[SARA_AA_OF_AM] = glyph
    hmtx[SARA_AA_OF_AM] = hmtx[SARA_AA]
    font["maxp"].numGlyphs = len(order) + 1
    if gdef is not None and gdef.GlyphClassDef is not None:
        gdef.GlyphClassDef.classDefs[SARA_AA_OF_AM] = gdef.GlyphClassDef.classDefs.get(SARA_AA, 1)

    def coverage(glyphs: Sequence[str]) -> Any:
        table = otTables.Coverage()
        table.glyphs = sorted(glyphs, key=font.getGlyphID)
        return table

    single = otTables.SingleSubst()
    single.mapping = {SARA_AA: SARA_AA_OF_AM}
    lookups = gsub.LookupList.Lookup
    lookups.append(_lookup(otTables, 1, [single]))
    chains = []
    for backtrack in ([nikhahits], [tones, nikhahits]):  # ำ after ํ (or its ligature), or after ํ and a tone
        chain = otTables.ChainContextSubst()
        chain.Format = 3
        chain.BacktrackCoverage = [coverage(glyphs) for glyphs in backtrack]
        chain.InputCoverage = [coverage([SARA_AA])]
        chain.LookAheadCoverage = []
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, len(lookups) - 1
        chain.SubstLookupRecord = [record]
        chains.append(chain)
    lookups.append(_lookup(otTables, 6, chains))
    gsub.LookupList.LookupCount = len(lookups)
    features = [record.Feature for record in gsub.FeatureList.FeatureRecord if record.FeatureTag == "ccmp"]
    if not features:
        raise ValueError("the font has no ccmp feature to add the SARA AM lookup to")
    for feature in features:  # ccmp: always applied, after the font's own lookups (a higher index)
        feature.LookupListIndex.append(len(lookups) - 1)
        feature.LookupCount = len(feature.LookupListIndex)

    fixed = {font.getGlyphID(SARA_AA_OF_AM): SARA_AM}
    for name in nikhahits:  # ํ itself "", its ligature with a tone mark that tone mark
        fixed[font.getGlyphID(name)] = (_glyph_text(name) or "")[1:]
    for name in tones:  # also where WeasyPrint gave the tone "" as the first glyph of an ำ cluster
        fixed[font.getGlyphID(name)] = _glyph_text(name) or ""
    return fixed


def _lookup(otTables: Any, kind: int, subtables: list[Any]) -> Any:
    lookup = otTables.Lookup()
    lookup.LookupType, lookup.LookupFlag = kind, 0
    lookup.SubTable, lookup.SubTableCount = subtables, len(subtables)
    return lookup


@functools.cache
def pdf_face(path: Path) -> tuple[bytes, dict[int, str]]:
    """The font file at ``path`` for PDFs (see above) and the text of its ำ glyphs by glyph id."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    fixed = _add_sara_am_glyph(font)
    buffer = io.BytesIO()
    font.save(buffer)
    content = buffer.getvalue()
    _FIXED_TEXT[hashlib.sha256(content).digest()] = fixed
    return content, fixed


_FIXED_TEXT: dict[bytes, dict[int, str]] = {}


@functools.cache
def _font_folder() -> Path:
    """A folder of this process (0700, removed at exit) for the PDF faces, which stylesheets name by file URL.

    Inline as ``data:`` URLs the four faces made every stylesheet ~1 MB of base64 that tinycss2 tokenises
    character by character: a quarter of a second on every PDF.
    """
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="prongsai-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def pdf_face_file(path: Path) -> Path:
    """The face of :func:`pdf_face` written once to this process's font folder."""
    content, _fixed = pdf_face(path)
    target = _font_folder() / f"{hashlib.sha256(content).hexdigest()[:16]}-{path.name}"
    target.write_bytes(content)
    return target


def pdf_font_face_css(faces: Sequence[tuple[Path, int, str]], family: str = FAMILY) -> str:
    """``@font-face`` rules for ``faces`` ((path, weight, style)) with the fonts of :func:`pdf_face`."""
    rules = []
    for path, weight, style in faces:
        source = pdf_face_file(path).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url("{source}"); font-weight: {weight}; font-style: {style}; }}'
        )
    return "\n".join(rules)


class _FixedText(dict):
    """A WeasyPrint Font's glyph -> text map that takes the fixed text of the ำ glyphs."""

    def __init__(self, fixed: Mapping[int, str], existing: Mapping[int, str]) -> None:
        super().__init__()
        self.fixed = fixed
        for glyph, text in existing.items():
            self[glyph] = text

    def __setitem__(self, glyph: int, text: str) -> None:
        super().__setitem__(glyph, self.fixed.get(glyph, text))


class _Fonts(dict):
    """``Document.fonts``: each Font made of a :func:`pdf_face` font gets its :class:`_FixedText`."""

    def __setitem__(self, key: Any, font: Any) -> None:
        fixed = _FIXED_TEXT.get(hashlib.sha256(getattr(font, "file_content", b"")).digest())
        if fixed is not None and not isinstance(font.to_unicode, _FixedText):
            font.to_unicode = _FixedText(fixed, font.to_unicode)
        super().__setitem__(key, font)


def fix_thai_text_mapping(document: Any) -> Any:
    """Let the WeasyPrint ``document`` map the glyphs of ำ to the right text when it writes the PDF.

    :func:`prongsai.core.documents.render_html` calls it; a ``document.copy()`` needs it again.
    """
    fonts = _Fonts()
    for key, font in document.fonts.items():
        fonts[key] = font
    document.fonts = fonts
    return document
