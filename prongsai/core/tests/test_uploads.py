"""Tests for upload checking and safe downloads (prongsai.core.uploads).

Every file is generated here, in memory: JPEG and PNG with Pillow, DOCX with python-docx, XLSX with
openpyxl, a small PDF written by hand. No database, no network.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from xml.etree import ElementTree as ET

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from prongsai.core.testing import pdf_from_objects
from prongsai.core.uploads import (
    MAX_ARCHIVE_ENTRIES,
    MAX_FILENAME_LENGTH,
    CleanFile,
    Kind,
    UploadRejected,
    clean_upload,
    safe_download_response,
    safe_filename,
    sniff,
)

ALL_KINDS = tuple(Kind)
MB = 1024 * 1024
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
RED = (255, 0, 0)
BLUE = (0, 0, 255)


# --- files made in the test -------------------------------------------------------


def make_jpeg(size: tuple[int, int] = (40, 20), *, orientation: int = 6) -> bytes:
    """Left half red, right half blue; EXIF with orientation, camera make and a GPS position; ICC, XMP, comment."""
    width, height = size
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (13.0, 45.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (100.0, 30.0, 15.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        quality=95,
        exif=exif,
        icc_profile=icc,
        comment=b"secret comment",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret xmp</x:xmpmeta>',
    )
    return out.getvalue()


def make_png(size: tuple[int, int] = (300, 100), mode: str = "RGBA") -> bytes:
    """A PNG with a text chunk naming a person, EXIF and an ICC profile."""
    image = Image.new(mode, size, (0, 128, 0, 200) if mode == "RGBA" else 1)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somchai Secret")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif, icc_profile=icc)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A 1×1 PNG whose IHDR claims ``width × height`` (with a correct CRC)."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    # signature (8) | length (4) | b"IHDR" + 13 bytes of header data | CRC (4)
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def make_pdf(*, trailer_extra: bytes = b"") -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    return pdf_from_objects(objects, trailer=trailer_extra)


def rewrite_zip(data: bytes, changes: dict[str, Callable[[bytes], bytes]], *, extra: int = 0) -> bytes:
    """``data`` with some entries transformed and ``extra`` empty entries added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, changes.get(info.filename, lambda b: b)(content))
        for number in range(extra):
            target.writestr(f"customXml/padding{number}.xml", b"")
    return out.getvalue()


def make_docx() -> bytes:
    """A real DOCX with author, last editor, company and manager filled in."""
    document = docx.Document()
    document.add_paragraph("หลักฐานการดำเนินงาน")
    document.core_properties.author = "Somchai Secret"
    document.core_properties.last_modified_by = "Admin Secret"
    document.core_properties.title = "Evidence"
    out = io.BytesIO()
    document.save(out)
    return rewrite_zip(
        out.getvalue(),
        {
            "docProps/app.xml": lambda xml: xml.replace(b"<Manager/>", b"<Manager>Boss Secret</Manager>").replace(
                b"<Company/>", b"<Company>Secret Co</Company>"
            )
        },
    )


def make_xlsx() -> bytes:
    """A real XLSX with creator and last editor filled in."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "คะแนน"
    sheet["B1"] = 87.5
    workbook.properties.creator = "Somchai Secret"
    workbook.properties.lastModifiedBy = "Admin Secret"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rejected(upload: UploadedFile | tuple[str, bytes], **options: object) -> UploadRejected:
    """The refusal ``clean_upload`` raises for ``upload``, its message rendered in English."""
    options.setdefault("allowed", ALL_KINDS)
    options.setdefault("max_bytes", 10 * MB)
    with pytest.raises(UploadRejected) as caught:
        clean_upload(upload, **options)  # type: ignore[arg-type]
    return caught.value


def english(exc: UploadRejected) -> str:
    with translation.override("en"):
        return str(exc)


# --- sniffing ---------------------------------------------------------------------


def test_it_sniffs_every_kind_by_content_alone() -> None:
    assert sniff(make_pdf()) is Kind.PDF
    assert sniff(make_jpeg()) is Kind.JPEG
    assert sniff(make_png()) is Kind.PNG
    assert sniff(make_docx()) is Kind.DOCX
    assert sniff(make_xlsx()) is Kind.XLSX


def test_it_sniffs_nothing_in_executables_html_plain_zips_and_macro_documents() -> None:
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    macro = rewrite_zip(
        make_docx(),
        {
            "[Content_Types].xml": lambda xml: xml.replace(
                b"wordprocessingml.document.main+xml", b"macroEnabled.main+xml"
            )
        },
    )
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)) is None
    assert sniff(b"<!DOCTYPE html><script>alert(1)</script>") is None
    assert sniff(plain_zip.getvalue()) is None
    assert sniff(macro) is None
    assert sniff(b"") is None


def test_it_refuses_a_package_whose_content_types_carry_a_dtd() -> None:
    billion_laughs = rewrite_zip(
        make_docx(),
        {"[Content_Types].xml": lambda xml: xml.replace(b"?>", b'?><!DOCTYPE Types [<!ENTITY lol "lol">]>', 1)},
    )
    assert sniff(billion_laughs) is None


# --- images -----------------------------------------------------------------------


def test_it_turns_a_jpeg_upright_and_removes_exif_gps_xmp_icc_and_comment() -> None:
    original = make_jpeg((40, 20), orientation=6)
    with Image.open(io.BytesIO(original)) as before:  # the fixture really carries all of it
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert {"exif", "icc_profile", "comment", "xmp"} <= set(before.info)

    clean = clean_upload(("IMG_0001.JPEG", original), allowed=[Kind.JPEG, Kind.PNG], max_bytes=MB)

    assert clean.kind is Kind.JPEG
    assert clean.name == "IMG_0001.jpg"
    assert clean.content_type == "image/jpeg"
    assert (clean.width, clean.height) == (20, 40)  # orientation 6: turned a quarter clockwise
    for secret in (b"Exif", b"SpyCam", b"secret", b"ICC_PROFILE", b"xmpmeta"):
        assert secret not in clean.content
    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.format == "JPEG"
        assert after.size == (20, 40)
        assert len(after.getexif()) == 0
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(after.info)
        rgb = after.convert("RGB")
        top, bottom = rgb.getpixel((10, 5)), rgb.getpixel((10, 35))
    assert isinstance(top, tuple)
    assert isinstance(bottom, tuple)
    assert top[0] > 200  # the left (red) half is now on top
    assert top[2] < 60
    assert bottom[2] > 200
    assert bottom[0] < 60


def test_it_scales_a_large_jpeg_down_to_the_longest_side() -> None:
    clean = clean_upload(
        ("big.jpg", make_jpeg((400, 300), orientation=1)), allowed=[Kind.JPEG], max_bytes=MB, max_image_side=100
    )
    assert (clean.width, clean.height) == (100, 75)


def test_it_re_encodes_a_png_without_text_exif_or_icc_and_keeps_transparency() -> None:
    clean = clean_upload(("ภาพกิจกรรม.png", make_png((300, 100))), allowed=[Kind.PNG], max_bytes=MB, max_image_side=150)
    assert clean.name == "ภาพกิจกรรม.png"
    assert (clean.kind, clean.content_type) == (Kind.PNG, "image/png")
    assert (clean.width, clean.height) == (150, 50)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"Somchai", b"SpyCam"):
        assert chunk not in clean.content
    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.mode == "RGBA"
        pixel = after.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    assert pixel[3] == 200
    assert abs(pixel[1] - 128) <= 2


def test_it_keeps_a_palette_png_small_and_transparent() -> None:
    image = Image.new("P", (10, 10), 0)
    image.putpalette([255, 0, 0, 0, 0, 255])
    image.paste(1, (0, 0, 5, 10))  # left half: palette entry 1, transparent
    out = io.BytesIO()
    image.save(out, "PNG", transparency=1)
    clean = clean_upload(("icon.png", out.getvalue()), allowed=[Kind.PNG], max_bytes=MB)
    with Image.open(io.BytesIO(clean.content)) as after:
        assert after.mode == "P"
        rgba = after.convert("RGBA")
    assert rgba.getpixel((0, 0)) == (0, 0, 255, 0)
    assert rgba.getpixel((9, 0)) == (255, 0, 0, 255)


def test_it_refuses_a_decompression_bomb_png_cleanly() -> None:
    exc = rejected(("bomb.png", png_declaring(100_000, 100_000)))
    assert exc.code == "too_many_pixels"
    assert english(exc) == "“bomb.png” has too many pixels to be processed safely."


def test_it_refuses_an_image_over_the_pillow_pixel_limit_without_decoding_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # 150 px: Pillow only warns
        exc = rejected(("wide.png", make_png((15, 10))))
    assert exc.code == "too_many_pixels"


def test_it_refuses_a_damaged_image() -> None:
    exc = rejected(("broken.jpg", b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10))
    assert exc.code == "damaged"
    assert english(exc) == "“broken.jpg” is damaged or could not be read."


# --- PDF --------------------------------------------------------------------------


def test_it_accepts_a_complete_pdf_unchanged() -> None:
    pdf = make_pdf()
    clean = clean_upload(("Report.PDF", pdf), allowed=[Kind.PDF], max_bytes=MB)
    assert clean == CleanFile(
        name="Report.pdf",
        kind=Kind.PDF,
        content=pdf,
        content_type="application/pdf",
        sha256=clean.sha256,
        width=None,
        height=None,
    )
    assert clean.sha256 == hashlib.sha256(pdf).hexdigest()
    assert clean.size == len(pdf)


def test_it_refuses_a_truncated_pdf() -> None:
    exc = rejected(("cut.pdf", make_pdf()[:-20]))
    assert exc.code == "pdf_incomplete"
    assert english(exc) == "“cut.pdf” is an incomplete PDF file."


def test_it_refuses_an_encrypted_pdf() -> None:
    exc = rejected(("locked.pdf", make_pdf(trailer_extra=b" /Encrypt 4 0 R /ID [<01> <01>]")))
    assert exc.code == "pdf_encrypted"
    assert english(exc) == "“locked.pdf” is password-protected; please upload it without a password."


# --- wrong kinds, sizes -----------------------------------------------------------


def test_it_refuses_an_executable_renamed_jpg() -> None:
    exc = rejected(("report.exe.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(500)))
    assert exc.code == "not_accepted"
    assert english(exc) == "“report.exe.jpg” is not a PDF, JPEG, PNG, DOCX or XLSX file."


def test_it_refuses_html_named_pdf() -> None:
    exc = rejected(("invoice.pdf", b"<html><body><script>alert(document.cookie)</script></body></html>"))
    assert english(exc) == "“invoice.pdf” is not a PDF, JPEG, PNG, DOCX or XLSX file."


def test_it_refuses_a_real_file_of_a_kind_not_allowed_here() -> None:
    exc = rejected(("evidence.pdf", make_pdf()), allowed=[Kind.PNG, Kind.JPEG])
    assert english(exc) == "“evidence.pdf” is not a JPEG or PNG file."


def test_it_names_the_file_without_its_path_and_control_characters_in_messages() -> None:
    exc = rejected(("../../tmp/evil\x1b[31m.exe", b"MZ" + bytes(100)))
    assert english(exc).startswith("“evil[31m.exe” is not")


def test_it_renders_the_message_in_the_active_language() -> None:
    exc = rejected(("a.exe", b"MZ" + bytes(10)), allowed=[Kind.PDF, Kind.PNG])
    with translation.override("th"):
        assert "หรือ" in str(exc)  # Django's own "or"
    with translation.override("en"):
        assert " or " in str(exc)
    error = exc.as_validation_error()
    assert isinstance(error, ValidationError)
    assert error.code == "not_accepted"
    with translation.override("en"):
        assert error.messages == ["“a.exe” is not a PDF or PNG file."]


def test_it_refuses_an_empty_file() -> None:
    exc = rejected(("empty.pdf", b""))
    assert exc.code == "empty"
    assert english(exc) == "“empty.pdf” is empty."


def test_it_refuses_an_oversized_file_with_its_size_and_the_limit() -> None:
    exc = rejected(("photo.jpg", b"\xff\xd8\xff" + bytes(13_002_342 - 3)), max_bytes=10 * MB)
    assert exc.code == "too_large"
    assert english(exc) == "“photo.jpg” is 12.4 MB; the limit is 10 MB."


def test_it_refuses_an_oversized_django_upload_before_reading_it() -> None:
    upload = SimpleUploadedFile("scan.pdf", make_pdf() + bytes(3000), content_type="application/pdf")
    exc = rejected(upload, max_bytes=2048)
    assert english(exc).startswith("“scan.pdf” is 3.")
    assert english(exc).endswith("; the limit is 2 KB.")


def test_it_reads_at_most_one_byte_over_the_limit_when_the_size_is_unknown() -> None:
    class CountingFile(io.BytesIO):
        requested: list[int]

        def read(self, size: int | None = -1, /) -> bytes:
            self.requested.append(-1 if size is None else size)
            return super().read(size)

    stream = CountingFile(bytes(50_000))
    stream.requested = []
    exc = rejected(UploadedFile(stream, name="stream.pdf", size=None), max_bytes=1000)
    assert stream.requested == [1001]
    assert english(exc) == "“stream.pdf” is larger than the limit of 1000 B."


def test_it_cleans_a_django_upload() -> None:
    upload = SimpleUploadedFile(
        "ภาพ.png", make_png((20, 10)), content_type="text/html"
    )  # the browser's word is ignored
    clean = clean_upload(upload, allowed=[Kind.PNG], max_bytes=MB)
    assert (clean.name, clean.content_type, clean.width, clean.height) == ("ภาพ.png", "image/png", 20, 10)


def test_it_insists_on_allowed_kinds_and_positive_limits() -> None:
    with pytest.raises(ValueError, match="allowed"):
        clean_upload(("a.pdf", make_pdf()), allowed=[], max_bytes=MB)
    with pytest.raises(ValueError, match="positive"):
        clean_upload(("a.pdf", make_pdf()), allowed=[Kind.PDF], max_bytes=0)


# --- DOCX / XLSX ------------------------------------------------------------------


def test_it_strips_author_editor_company_and_manager_from_a_docx() -> None:
    original = make_docx()
    clean = clean_upload(
        ("รายงาน.docx", original), allowed=[Kind.DOCX], max_bytes=10 * MB, strip_document_metadata=True
    )
    assert (clean.kind, clean.name) == (Kind.DOCX, "รายงาน.docx")
    assert clean.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(clean.content)) as after:
        assert after.namelist() == before.namelist()
        for name in before.namelist():
            if name not in ("docProps/core.xml", "docProps/app.xml"):
                assert after.read(name) == before.read(name), name
        core = ET.fromstring(after.read("docProps/core.xml"))  # noqa: S314 - our own output
        app = ET.fromstring(after.read("docProps/app.xml"))  # noqa: S314 - our own output
        assert b"Secret" in before.read("docProps/app.xml")
        assert b"Secret" not in after.read("docProps/core.xml") + after.read("docProps/app.xml")
    assert (core.findtext(f"{DC}creator"), core.findtext(f"{CP}lastModifiedBy")) == ("", "")
    assert core.findtext(f"{DC}title") == "Evidence"
    assert app.find(f"{EP}Company") is None
    assert app.find(f"{EP}Manager") is None
    assert app.findtext(f"{EP}Application")
    reopened = docx.Document(io.BytesIO(clean.content))
    assert reopened.paragraphs[-1].text == "หลักฐานการดำเนินงาน"
    assert reopened.core_properties.author == ""
    assert reopened.core_properties.title == "Evidence"


def test_it_keeps_a_docx_byte_identical_unless_asked_to_strip() -> None:
    original = make_docx()
    clean = clean_upload(("a.docx", original), allowed=[Kind.DOCX], max_bytes=10 * MB)
    assert clean.content == original


def test_it_strips_the_creator_from_an_xlsx_and_it_still_opens() -> None:
    clean = clean_upload(
        ("คะแนน.XLSX", make_xlsx()), allowed=[Kind.XLSX], max_bytes=10 * MB, strip_document_metadata=True
    )
    assert (clean.kind, clean.name) == (Kind.XLSX, "คะแนน.xlsx")
    assert b"Secret" not in zipfile.ZipFile(io.BytesIO(clean.content)).read("docProps/core.xml")
    workbook = openpyxl.load_workbook(io.BytesIO(clean.content))
    sheet = workbook.active
    assert sheet is not None
    assert (sheet["A1"].value, sheet["B1"].value) == ("คะแนน", 87.5)
    assert not workbook.properties.creator
    assert not workbook.properties.lastModifiedBy


def test_it_refuses_a_docx_with_too_many_entries() -> None:
    bomb = rewrite_zip(make_docx(), {}, extra=MAX_ARCHIVE_ENTRIES)
    exc = rejected(("many.docx", bomb))
    assert exc.code == "archive_too_large"
    assert english(exc) == "“many.docx” unpacks to too much data to be checked safely."
    assert sniff(bomb) is None


def test_it_refuses_a_docx_that_unpacks_to_more_than_100_mb() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with zipfile.ZipFile(io.BytesIO(make_docx())) as source:
            for info in source.infolist():
                archive.writestr(info.filename, source.read(info))
        with archive.open("word/media/zeros.bin", "w") as entry:
            chunk = bytes(MB)
            for _ in range(101):
                entry.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < MB  # small on disk, huge unpacked
    exc = rejected(("huge.docx", bomb))
    assert exc.code == "archive_too_large"


def test_it_does_not_open_archives_when_no_document_kind_is_allowed() -> None:
    bomb = rewrite_zip(make_docx(), {}, extra=MAX_ARCHIVE_ENTRIES)
    exc = rejected(("many.docx", bomb), allowed=[Kind.JPEG])
    assert exc.code == "not_accepted"


# --- names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("../../etc/passwd", Kind.PDF, "passwd.pdf"),
        ("..\\..\\Windows\\system32\\cmd.exe", Kind.PDF, "cmd.pdf"),
        ("C:\\Users\\somchai\\Pictures\\IMG_1234.JPEG", Kind.JPEG, "IMG_1234.jpg"),
        ("รายงานผลการดำเนินงาน ๒๕๖๗.DOCX", Kind.DOCX, "รายงานผลการดำเนินงาน ๒๕๖๗.docx"),
        ("a\x00b\r\nc\x1b\x7f.jpg", Kind.JPEG, "abc.jpg"),
        ("\u202egpj.exe", Kind.JPEG, "gpj.jpg"),  # right-to-left override removed
        ("report v1.2", Kind.PDF, "report v1.2.pdf"),
        ("Café <script>  résumé?.pdf", Kind.PDF, "Cafe _script_ resume_.pdf"),
        (".htaccess", Kind.PDF, "htaccess.pdf"),
        ("CON.txt", Kind.PDF, "_CON.pdf"),
        ("", Kind.PNG, "file.png"),
        ("../..", Kind.PNG, "file.png"),
        ("报告.xlsx", Kind.XLSX, "file.xlsx"),
    ],
)
def test_it_makes_safe_file_names(raw: str, kind: Kind, expected: str) -> None:
    assert safe_filename(raw, kind) == expected


def test_it_caps_file_names_at_120_characters() -> None:
    name = safe_filename("ก" * 300 + ".pdf", Kind.PDF)
    assert len(name) == MAX_FILENAME_LENGTH
    assert name == "ก" * (MAX_FILENAME_LENGTH - 4) + ".pdf"


# --- downloads --------------------------------------------------------------------


def test_it_serves_a_download_as_a_sandboxed_attachment_with_a_thai_name() -> None:
    pdf = make_pdf()
    response = safe_download_response(pdf, filename="รายงาน ๒๕๖๗.pdf", content_type="application/pdf")
    assert isinstance(response, HttpResponse)
    assert response.content == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(pdf))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.pdf\"; filename*=UTF-8''"
        "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B9%92%E0%B9%95%E0%B9%96%E0%B9%97.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_it_keeps_the_ascii_part_of_a_mixed_name_as_the_fallback() -> None:
    response = safe_download_response(b"x", filename="ITA 2567 ผลคะแนน.xlsx", content_type="application/octet-stream")
    assert response["Content-Disposition"].startswith(
        "attachment; filename=\"ITA 2567.xlsx\"; filename*=UTF-8''ITA%202567%20"
    )


def test_it_never_serves_html_svg_or_script_as_such() -> None:
    for content_type in (
        "text/html; charset=utf-8",
        "image/svg+xml",
        "application/xhtml+xml",
        "text/javascript",
        "bogus",
    ):
        response = safe_download_response(
            b"<script>alert(1)</script>", filename="x.html", content_type=content_type, inline_images=True
        )
        assert response["Content-Type"] == "application/octet-stream", content_type
        assert response["Content-Disposition"].startswith("attachment;")


def test_it_shows_images_inline_only_when_asked_and_only_images() -> None:
    image = safe_download_response(b"\xff\xd8\xff", filename="a.jpg", content_type="image/jpeg", inline_images=True)
    assert image["Content-Disposition"].startswith('inline; filename="a.jpg"')
    default = safe_download_response(b"\xff\xd8\xff", filename="a.jpg", content_type="image/jpeg")
    assert default["Content-Disposition"].startswith("attachment;")
    pdf = safe_download_response(make_pdf(), filename="a.pdf", content_type="application/pdf", inline_images=True)
    assert pdf["Content-Disposition"].startswith("attachment;")


def test_it_streams_chunks_and_takes_another_cache_policy() -> None:
    response = safe_download_response(
        iter([b"PK", b"\x03\x04"]),
        filename="a.docx",
        content_type=Kind.DOCX.content_type,
        cache_control="private, max-age=300",
    )
    assert isinstance(response, StreamingHttpResponse)
    assert b"".join(response.streaming_content) == b"PK\x03\x04"  # type: ignore[arg-type]
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_cleans_a_hostile_download_name() -> None:
    response = safe_download_response(
        b"x", filename='../../a"b\r\nSet-Cookie: x=1;.pdf', content_type="application/pdf"
    )
    header = response["Content-Disposition"]
    assert "\r" not in header
    assert "\n" not in header
    assert header.startswith('attachment; filename="a_bSet-Cookie_ x_1_.pdf"; ')
    assert "Set-Cookie" not in response.headers
