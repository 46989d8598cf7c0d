"""Label sheets: the stocks fit A4, a rendered label's QR decodes back to the asset's address, web and command."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from prongsai.assets.register.labels import STOCKS, Label, labels_pdf, wrap
from prongsai.assets.testing import make_asset
from prongsai.core.doc.testing import qr_codes_on_page as decode_page
from prongsai.core.testing import PersonaTestCase

MM = 72 / 25.4


def test_it_declares_stocks_that_fit_an_a4_page() -> None:
    assert len(STOCKS) >= 3
    assert any((s.columns, s.rows, s.width, s.height) == (3, 8, 70, 37) for s in STOCKS.values())
    for stock in STOCKS.values():
        assert stock.fits(), stock.key


def test_it_breaks_thai_between_letters_never_inside_one() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from prongsai.assets.register.labels import _fonts

    regular, _bold = _fonts()
    lines = wrap("เครื่องปรับอากาศแบบแยกส่วนที่ติดตั้งในห้องประชุมสภาองค์การ", 60, regular, 8.5, lines=3)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(stringWidth(line, regular, 8.5) <= 60 for line in lines)
    assert not any(line[0] in "ิีึืุู่้๊๋ั์็" for line in lines)


def test_it_shapes_thai_so_a_tone_mark_sits_above_an_upper_vowel() -> None:
    """HarfBuzz places the marks: in สิ่ง the tone mark is moved (a text rise, ``Ts``, or its raised form from
    the font) rather than drawn over the vowel; a name of plain letters needs no such move."""

    def content(name: str) -> bytes:
        pdf = labels_pdf("อบต.โพหนอง", [Label("416-59-0001", name, "https://prongsai.example.go.th/a/1/")])
        return PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()  # type: ignore[union-attr]

    assert b" Ts" in content("สิ่งปลูกสร้าง ที่ดิน")
    assert b" Ts" not in content("ABC 123")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is needed to render the page")
@pytest.mark.parametrize("stock", sorted(STOCKS))
def test_it_prints_labels_whose_qr_codes_decode_to_the_asset_addresses(stock: str) -> None:
    labels = [
        Label(
            f"416-59-{n:04d}",
            "เครื่องคอมพิวเตอร์ สำหรับงานประมวลผล",
            f"https://prongsai.example.go.th/pho-nong/a/416-59-{n:04d}/",
        )
        for n in range(1, STOCKS[stock].per_sheet + 3)
    ]
    pdf = labels_pdf("องค์การบริหารส่วนตำบลโพหนอง", labels, stock=stock)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / MM), round(height / MM)) == (210, 297)
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"  # type: ignore[index]
    assert decode_page(pdf, 1) == sorted(label.url for label in labels[: STOCKS[stock].per_sheet])
    assert decode_page(pdf, 2) == sorted(label.url for label in labels[STOCKS[stock].per_sheet :])
    text = reader.pages[0].extract_text()
    assert "416-59-0001" in text


@override_settings(SITE_URL="https://prongsai.example.go.th")
class LabelPageTests(PersonaTestCase):
    mine: Any
    theirs: Any

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = make_asset(cls, "416-59-0001")
        cls.theirs = make_asset(cls, "400-60-0001", unit=cls.unit)

    @pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is needed to render the page")
    def test_it_gives_a_unit_head_the_labels_of_the_unit_only(self) -> None:
        self.client.force_login(self.unit_head)
        url = reverse("assets:labels", kwargs={"org_slug": self.org.slug})
        response = self.client.post(url, {"stock": "a4-3x7-70x42"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(decode_page(b"".join(response)), ["https://prongsai.example.go.th/alpha/a/416-59-0001/"])
        refused = self.client.post(url, {"stock": "a4-3x8-70x37", "codes": "400-60-0001\n999"})
        self.assertEqual(refused.status_code, 200)
        self.assertIn("codes", refused.context["form"].errors)

    def test_it_writes_labels_from_the_command_line(self) -> None:
        from prongsai.orgs.models import Unit

        Unit.objects.filter(pk=self.unit.pk).update(code="01")
        with TemporaryDirectory() as folder:
            codes = Path(folder) / "codes.txt"
            codes.write_text("400-60-0001\n416-59-0001\n", encoding="utf-8")
            out = Path(folder) / "labels.pdf"
            call_command(
                "asset-labels", "--org", "alpha", "--codes", str(codes), "--output", str(out), stderr=io.StringIO()
            )
            text = PdfReader(out).pages[0].extract_text()
            self.assertIn("400-60-0001", text)
            self.assertIn("416-59-0001", text)
            call_command(
                "asset-labels",
                "--org",
                "alpha",
                "--unit",
                "01",
                "--stock",
                "a4-2x7-99x38",
                "--output",
                str(out),
                stderr=io.StringIO(),
            )
            text = PdfReader(out).pages[0].extract_text()
            self.assertIn("400-60-0001", text)
            self.assertNotIn("416-59-0001", text)
