"""Sarabun in the PDFs whatever fonts the system has, the PDF's text with ำ right, the DOCX with its fonts."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader

from prongsai.core.doc.docx_helpers import setup_docx
from prongsai.core.doc.testing import pdf_font_names
from prongsai.core.documents import SARABUN_BOLD, SARABUN_REGULAR, html_to_pdf, sarabun_font_face_css
from prongsai.core.fonts import embed_docx_fonts, obfuscate_font


def test_it_sets_thai_in_sarabun_without_a_family_in_generic_families_and_as_fallback(tmp_path: Path) -> None:
    # No family at all (WeasyPrint's default is serif), the generic families, <code> (monospace in the
    # user-agent stylesheet) and a named Latin font: where fonts-thai-tlwg is installed, fontconfig
    # would take Kinnari, Loma, Tlwg Typo or Tlwg Mono for the Thai of each of them.
    html = (
        '<html lang="th"><body><p>ที่นี่ <b>ตัวหนา</b> <code>โค้ด</code> '
        '<span style="font-family: sans-serif">ไม่มีเชิง</span> <span style="font-family: serif">มีเชิง</span> '
        '<span style="font-family: monospace">ความกว้างเท่ากัน</span> '
        "<span style=\"font-family: 'DejaVu Sans Mono'\">ภาษาไทย</span></p></body></html>"
    )
    assert pdf_font_names(html_to_pdf(html, base_url=None)) == ["Sarabun", "Sarabun-Bold"]


def test_it_keeps_a_named_family_for_the_latin_text(tmp_path: Path) -> None:
    mono = subprocess.run(["fc-match", "-f", "%{family[0]}", "monospace"], capture_output=True, text=True)
    if mono.returncode != 0 or not mono.stdout or "Sarabun" in mono.stdout:
        pytest.skip("no monospace font installed besides Sarabun")
    html = f"<html><body><p>ไทย <span style=\"font-family: '{mono.stdout}'\">code</span></p></body></html>"
    names = pdf_font_names(html_to_pdf(html, base_url=None))
    assert len(names) == 2, names  # Sarabun for the Thai, the named font for "code"
    assert "Sarabun" in names


# --- PDF text: ำ ------------------------------------------------------------------------------------------

AM_WORDS = ["ตำบล", "อำเภอ", "ดำเนินการ", "น้ำ", "ทำ", "กำหนด", "ป้ำ", "ค่ำ", "สำนัก"]
AA_WORDS = ["การ", "นา", "ป่า", "ข้าว", "น้า"]  # า without ำ, and tone marks over า


def pdf_texts(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    """The text of ``pdf`` as pypdf and as poppler's ``pdftotext`` extract it."""
    texts = {"pypdf": "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)}
    if shutil.which("pdftotext") is not None:
        path = tmp_path / "text.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
        texts["pdftotext"] = result.stdout.decode("utf-8")
    return texts


@pytest.mark.parametrize("own_font_faces", [False, True])
def test_it_maps_the_glyphs_of_sara_am_to_the_right_text(tmp_path: Path, own_font_faces: bool) -> None:
    # า before and after ำ, in both orders, regular and bold: the mapping of a glyph is one for the whole
    # PDF, so whichever came first used to win (every า read as ำ, or every ำ as า, a tone mark lost).
    # Also for a page that brings its own @font-face rules (the demo's OIT documents do).
    words = [*AA_WORDS, *AM_WORDS, *AA_WORDS]
    style = f"<style>{sarabun_font_face_css()}</style>" if own_font_faces else ""
    html = f"<html><head>{style}</head><body><p>{' '.join(words)}</p><p><b>{' '.join(reversed(words))}</b></p></body></html>"
    texts = pdf_texts(html_to_pdf(html, base_url=None), tmp_path)
    for extractor, text in texts.items():
        found = text.split()
        assert found == [*words, *reversed(words)], extractor


def test_it_draws_sara_am_as_before() -> None:
    # The copy of SARA AA has the same outline and advance, and only ำ uses it.
    from fontTools.ttLib import TTFont as Font

    from prongsai.core.fonts import SARA_AA, SARA_AA_OF_AM, pdf_face

    content, fixed = pdf_face(SARABUN_REGULAR)
    font = Font(io.BytesIO(content))
    glyphs = font.getGlyphSet()
    assert font["hmtx"][SARA_AA_OF_AM] == font["hmtx"][SARA_AA]
    assert (
        font["glyf"][SARA_AA_OF_AM].getCoordinates(font["glyf"])[0]
        == font["glyf"][SARA_AA].getCoordinates(font["glyf"])[0]
    )
    assert fixed[font.getGlyphID(SARA_AA_OF_AM)] == "ำ"
    assert font.getGlyphID(SARA_AA_OF_AM) == len(glyphs) - 1


# --- DOCX ----------------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def make_docx(*runs: tuple[str, bool, bool], heading: str = "") -> bytes:
    """A DOCX set up as the reports are, with one paragraph of (text, bold, italic) runs and maybe a heading."""
    document = Document()
    setup_docx(document)
    if heading:
        document.add_heading(heading, level=1)
    paragraph = document.add_paragraph()
    for text, bold, italic in runs:
        rpr = paragraph.add_run(text)._r.get_or_add_rPr()
        for tag, on in (("w:b", bold), ("w:bCs", bold), ("w:i", italic), ("w:iCs", italic)):
            if on:
                rpr.append(OxmlElement(tag))  # Thai text takes the complex-script w:bCs/w:iCs, Latin w:b/w:i
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def embedded(data: bytes) -> dict[str, tuple[str, bytes]]:
    """``{embed tag: (font key, font bytes de-obfuscated)}`` of the Sarabun w:font, checking every part on the way."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {item.get("Extension"): item.get("ContentType") for item in types}
    assert defaults["odttf"] == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    assert etree.fromstring(parts["word/settings.xml"]).find(f"{W}embedTrueTypeFonts") is not None
    rels = {
        item.get("Id"): item
        for item in etree.fromstring(parts["word/_rels/fontTable.xml.rels"])
        if item.get("Type") == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
    }
    fonts = etree.fromstring(parts["word/fontTable.xml"])
    (sarabun,) = [font for font in fonts.iter(f"{W}font") if font.get(f"{W}name") == "Sarabun"]
    found = {}
    for element in sarabun:
        tag = etree.QName(element).localname
        if tag.startswith("embed"):
            key = element.get(f"{W}fontKey")
            assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", key)
            part = "word/" + rels[element.get(f"{R}id")].get("Target")
            assert part.endswith(".odttf")
            found[tag] = (key, obfuscate_font(parts[part], key))
    assert len(rels) == len(found)
    return found


def test_it_embeds_the_faces_the_document_uses_obfuscated_as_word_does() -> None:
    data = embed_docx_fonts(make_docx(("ตำบลโพหนอง ", False, False), ("ตัวหนา", True, False)), subset=False)
    faces = embedded(data)
    assert sorted(faces) == ["embedBold", "embedRegular"]
    assert faces["embedRegular"][1] == SARABUN_REGULAR.read_bytes()  # de-obfuscated: the font file itself
    assert faces["embedBold"][1] == SARABUN_BOLD.read_bytes()
    stored = zipfile.ZipFile(io.BytesIO(data)).read("word/fonts/font1.odttf")
    assert stored[:32] != SARABUN_REGULAR.read_bytes()[:32]
    assert stored[32:] == SARABUN_REGULAR.read_bytes()[32:]
    # Word opens what python-docx can read back: the text is untouched.
    assert Document(io.BytesIO(data)).paragraphs[0].text == "ตำบลโพหนอง ตัวหนา"


def test_it_derives_the_key_from_the_guid_bytes_in_reverse() -> None:
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    obfuscated = obfuscate_font(bytes(40), key)
    assert obfuscated[:16] == bytes.fromhex("FFEEDDCCBBAA99887766554433221100") == obfuscated[16:32]
    assert obfuscated[32:] == bytes(8)


def test_it_embeds_italic_and_bold_italic_only_when_used_also_through_styles() -> None:
    plain = embedded(embed_docx_fonts(make_docx(("ปกติ", False, False))))
    assert sorted(plain) == ["embedRegular"]
    styled = embedded(embed_docx_fonts(make_docx(("เอียง", False, True), heading="หัวข้อ")))
    assert sorted(styled) == ["embedBold", "embedItalic"]  # the heading is bold through its style only
    both = embedded(embed_docx_fonts(make_docx(("หนาเอียง", True, True))))
    assert sorted(both) == ["embedBoldItalic"]
    # w:b alone (python-docx's run.bold) makes Latin bold, not Thai: the Thai of that run stays regular.
    document = Document(io.BytesIO(make_docx()))
    document.paragraphs[0].add_run("ไทย Latin").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    assert sorted(embedded(embed_docx_fonts(buffer.getvalue()))) == ["embedBold", "embedRegular"]
    document.paragraphs[0].runs[0].text = "ไทยเท่านั้น"
    buffer = io.BytesIO()
    document.save(buffer)
    assert sorted(embedded(embed_docx_fonts(buffer.getvalue()))) == ["embedRegular"]


def test_it_subsets_each_face_to_thai_latin_and_the_document_text() -> None:
    data = make_docx(("ตำบลโพหนอง ✓", False, False))
    (_key, font) = embedded(embed_docx_fonts(data))["embedRegular"]
    subset = TTFont(io.BytesIO(font))
    assert subset["name"].getBestFamilyName() == "Sarabun"
    cmap = subset.getBestCmap()
    assert all(
        ord(character) in cmap for character in "ตำบลโพหนองกขฃฮ๑๒๓ฯๆ ABCxyz0189.,()"
    )  # also what Thai you type next
    assert ord("ế") not in cmap  # Vietnamese is left out
    assert "GSUB" in subset  # Thai marks still placed and substituted
    assert "GPOS" in subset
    assert len(embed_docx_fonts(data)) < len(embed_docx_fonts(data, subset=False))


def test_it_leaves_a_docx_with_embedded_fonts_as_it_is() -> None:
    once = embed_docx_fonts(make_docx(("ไทย", False, False)))
    assert embed_docx_fonts(once) == once


def test_it_embeds_the_fonts_in_the_ita_report_docx() -> None:
    from prongsai.ita.documents import render_docx

    report = json.loads((Path(__file__).parents[2] / "ita/tests/fixtures/report_sample.json").read_text("utf-8"))
    assert sorted(embedded(render_docx(report))) == ["embedBold", "embedRegular"]


def test_it_shows_the_docx_in_sarabun_in_libreoffice_without_sarabun_installed(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    installed = subprocess.run(["fc-list", ":family=Sarabun"], capture_output=True, text=True).stdout
    if installed.strip():
        pytest.skip("Sarabun is installed system-wide: LibreOffice would find it without the embedded fonts")
    plain = make_docx(("ตำบลโพหนอง อำเภอเมือง ", False, False), ("ตัวหนา", True, False))
    (tmp_path / "plain.docx").write_bytes(plain)
    (tmp_path / "embedded.docx").write_bytes(embed_docx_fonts(plain))
    # One LibreOffice run for both, the plain one first: LibreOffice keeps the fonts a document embeds
    # for the rest of its run.
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"  # not another user's running office
    documents = [str(tmp_path / "plain.docx"), str(tmp_path / "embedded.docx")]
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *documents],
        capture_output=True,
        check=True,
        timeout=180,
    )
    assert pdf_font_names((tmp_path / "embedded.pdf").read_bytes()) == ["Sarabun-Bold", "Sarabun-Regular"]
    assert not any("Sarabun" in name for name in pdf_font_names((tmp_path / "plain.pdf").read_bytes()))
