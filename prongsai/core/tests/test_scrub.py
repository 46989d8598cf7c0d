"""core.scrub: a DOCX or PDF keeps no name, device, place or time once scrubbed (every field read back)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any
from unittest import mock

from django.test import SimpleTestCase
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from prongsai.core.archives import Budget
from prongsai.core.scrub import MAX_XML_PART_BYTES, _scrub_xml, scrub, scrub_docx, scrub_pdf
from prongsai.core.uploads import Kind, UploadRejected, clean_upload

MARKERS = ("AUTHOR-MARKER", "CAMERA-MARKER", "ARTIST-MARKER", "TITLE-MARKER", "KEYWORD-MARKER", "MACHINE-MARKER")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "CAMERA-MARKER Make"
    exif[0x013B] = "ARTIST-MARKER Somchai"
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0), 3: "E", 4: (100.0, 30.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"AUTHOR-MARKER comment")
    return out.getvalue()


def docx_with_metadata() -> bytes:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
            '<w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD"><w:r><w:t>ข้อความ</w:t></w:r>'
            '<w:ins w:id="1" w:author="AUTHOR-MARKER Tracked" w:date="2026-03-02T14:37:00Z"><w:r><w:t>เพิ่ม</w:t></w:r></w:ins>'
            "</w:p></w:body></w:document>"
        ),
        "word/comments.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}"><w:comment w:id="0" '
            'w:author="AUTHOR-MARKER Commenter" w:initials="AM" w:date="2026-03-02T14:37:00Z"><w:p><w:r><w:t>note</w:t>'
            "</w:r></w:p></w:comment></w:comments>"
        ),
        "word/people.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/'
            'wordml"><w15:person w15:author="AUTHOR-MARKER Person"><w15:presenceInfo w15:providerId="AD" '
            'w15:userId="AUTHOR-MARKER@example.go.th"/></w15:person></w15:people>'
        ),
        "word/settings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W}"><w:attachedTemplate '
            'r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            '<w:rsids><w:rsidRoot w:val="MACHINE-MARKER"/></w:rsids></w:settings>'
        ),
        "word/_rels/settings.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/attachedTemplate" Target="file:///C:/Users/AUTHOR-MARKER/Templates/Normal.dotm" '
            'TargetMode="External"/></Relationships>'
        ),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/'
            'dc/terms/"><dc:title>TITLE-MARKER</dc:title><cp:keywords>KEYWORD-MARKER</cp:keywords>'
            "<dc:creator>AUTHOR-MARKER</dc:creator><dcterms:created>2026-03-02T14:37:00Z</dcterms:created>"
            "</cp:coreProperties>"
        ),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties"><Company>AUTHOR-MARKER Co</Company><Template>MACHINE-MARKER.dotm</Template>'
            "</Properties>"
        ),
        "docProps/custom.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/custom-properties"><property name="Owner">AUTHOR-MARKER</property></Properties>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 3, 2, 14, 37, 20)), text.encode())
        archive.writestr(
            zipfile.ZipInfo("word/media/image1.jpeg", date_time=(2026, 3, 2, 14, 37, 20)), jpeg_with_exif()
        )
    return out.getvalue()


def pdf_with_metadata() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "AUTHOR-MARKER", "/Title": "TITLE-MARKER", "/Keywords": "KEYWORD-MARKER"})
    xmp = DecodedStreamObject()
    xmp.set_data(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>AUTHOR-MARKER</dc:creator></x:xmpmeta>')
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(30), FloatObject(30)]),
            NameObject("/Contents"): TextStringObject("a remark"),
            NameObject("/T"): TextStringObject("AUTHOR-MARKER Annotator"),
            NameObject("/M"): TextStringObject("D:20260302143700+07'00'"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    page[NameObject("/PieceInfo")] = DictionaryObject({NameObject("/App"): TextStringObject("MACHINE-MARKER")})
    photo = jpeg_with_exif()
    image = DecodedStreamObject()
    image._data = photo
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(40),
            NameObject("/Height"): NumberObject(30),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): writer._add_object(image)})}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def all_pdf_text(data: bytes) -> bytes:
    """The file's bytes and every stream decoded (flate), for searching."""
    found = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            found.append(match.group(1))
    return b"\n".join(found)


class DocxScrubTests(SimpleTestCase):
    def test_it_leaves_no_author_title_keyword_machine_or_time_in_any_part(self) -> None:
        original = docx_with_metadata()
        clean = clean_upload(("a.docx", original), allowed=[Kind.DOCX], max_bytes=1 << 20)
        scrubbed = scrub(clean)
        with zipfile.ZipFile(io.BytesIO(scrubbed.content)) as archive:
            self.assertEqual(archive.testzip(), None)
            for entry in archive.infolist():
                self.assertEqual(entry.date_time, (1980, 1, 1, 0, 0, 0), entry.filename)
                data = archive.read(entry)
                for marker in MARKERS:
                    self.assertNotIn(marker.encode(), data, f"{marker} in {entry.filename}")
                self.assertNotIn(b"2026-03-02", data, entry.filename)
                self.assertNotIn(b"rsid", data, entry.filename)
            with Image.open(io.BytesIO(archive.read("word/media/image1.jpeg"))) as image:
                self.assertEqual(len(image.getexif()), 0, "EXIF and GPS gone")
                self.assertNotIn("comment", image.info)
                self.assertEqual(image.size, (40, 30))
            self.assertIn("ข้อความ".encode(), archive.read("word/document.xml"), "the text stays")
        self.assertEqual(Kind.DOCX, scrubbed.kind)
        self.assertIn(b"AUTHOR-MARKER", clean.content, "clean_upload alone left them (what this module is for)")

    def test_a_broken_package_is_refused(self) -> None:
        clean = clean_upload(("a.docx", docx_with_metadata()), allowed=[Kind.DOCX], max_bytes=1 << 20)
        broken = clean.__class__(**{**clean.__dict__, "content": clean.content[:-200]})
        with self.assertRaises(UploadRejected):
            scrub(broken)
        with self.assertRaises(Exception):  # noqa: B017 (any refusal)
            scrub_docx(b"PK\x03\x04 not a zip")

    def test_an_xml_part_too_large_for_lxml_is_refused_before_it_is_parsed(self) -> None:
        # 9 MB of one repeated paragraph packs to a few KB: clean_upload accepts it (the whole archive may
        # unpack to 100 MB), and lxml would build a tree several times that size.
        original = docx_with_metadata()
        paragraph = "<w:p><w:r><w:t>ข้อความยาว</w:t></w:r></w:p>"
        body = paragraph * (MAX_XML_PART_BYTES // len(paragraph.encode()) + 10)
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                data = source.read(entry)
                if entry.filename == "word/document.xml":
                    data = data.replace(b"<w:body>", b"<w:body>" + body.encode())
                target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
        self.assertLess(len(out.getvalue()), 200_000)
        clean = clean_upload(("big.docx", out.getvalue()), allowed=[Kind.DOCX], max_bytes=1 << 20)
        with (
            mock.patch("prongsai.core.scrub._scrub_xml", wraps=_scrub_xml) as parse,
            self.assertRaises(UploadRejected) as caught,
        ):
            scrub(clean)
        self.assertEqual(caught.exception.code, "archive_too_large")
        self.assertIn("big.docx", str(caught.exception))
        self.assertEqual(
            [len(c.args[0]) > MAX_XML_PART_BYTES for c in parse.call_args_list if c.args],
            [False] * len(parse.call_args_list),
        )

    def test_a_document_that_takes_longer_than_its_cpu_budget_is_refused_as_too_slow(self) -> None:
        for make in (docx_with_metadata, pdf_with_metadata):
            kind = Kind.DOCX if make is docx_with_metadata else Kind.PDF
            clean = clean_upload((f"a.{kind.value}", make()), allowed=[kind], max_bytes=1 << 20)
            with self.assertRaises(UploadRejected) as caught:
                scrub(clean, Budget(seconds=0))
            self.assertEqual(caught.exception.code, "too_slow", kind)
            self.assertTrue(scrub(clean, Budget(seconds=5)).content)  # the same file within its budget


class PdfScrubTests(SimpleTestCase):
    def test_it_leaves_no_info_xmp_annotation_author_or_exif(self) -> None:
        original = pdf_with_metadata()
        self.assertIn(b"AUTHOR-MARKER", all_pdf_text(original))
        self.assertIn(b"CAMERA-MARKER", all_pdf_text(original))
        stored = scrub_pdf(original)
        text = all_pdf_text(stored)
        for marker in MARKERS:
            self.assertNotIn(marker.encode(), text, marker)
        self.assertNotIn(b"xmpmeta", text, "the XMP packet is not written at all")
        self.assertNotIn(b"D:2026", text, "no annotation date")
        reader = PdfReader(io.BytesIO(stored))
        self.assertIsNone(reader.metadata)
        root: Any = reader.trailer["/Root"]
        self.assertNotIn("/Metadata", root)
        page: Any = reader.pages[0]
        annotation = page["/Annots"][0].get_object()
        self.assertEqual(annotation["/Contents"], "a remark", "the remark itself stays")
        self.assertNotIn("/T", annotation)
        image = page["/Resources"]["/XObject"]["/Im1"].get_object()
        with Image.open(io.BytesIO(image._data)) as photo:
            self.assertEqual(len(photo.getexif()), 0)
            self.assertEqual(photo.size, (40, 30))

    def test_the_pdf_upload_path_of_complaints_removes_what_clean_upload_leaves(self) -> None:
        clean = clean_upload(
            ("a.pdf", pdf_with_metadata()), allowed=[Kind.PDF], max_bytes=1 << 20, strip_pdf_metadata=True
        )
        self.assertIn(b"AUTHOR-MARKER", all_pdf_text(clean.content), "clean_upload alone leaves the annotation author")
        self.assertNotIn(b"AUTHOR-MARKER", all_pdf_text(scrub(clean).content))
