"""The shared importer: each type, each encoding, formulas without results, the row limit, whole-file errors,
messages in Thai and English, and the template that imports back without errors."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from prongsai.core import importing as imp
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK
from prongsai.orgs.models import Role

EVERY_TYPE = imp.ImportSpec(
    tables=(
        imp.Table(
            "things",
            gettext_lazy("Activities"),
            (
                imp.Column("title", "ชื่อ", imp.Text(max_length=20), required=True, example="จัดอบรม"),
                imp.Column("score", "คะแนน", imp.Score()),
                imp.Column("budget", "งบประมาณ", imp.Money(), aliases=("budget baht",)),
                imp.Column("count", "จำนวน", imp.Integer(minimum=0, maximum=1000)),
                imp.Column("start", "วันเริ่มต้น", imp.Date()),
                imp.Column("at", "วันเวลา", imp.DateTime()),
                imp.Column("role", "บทบาท", imp.Choice(Role.choices)),
                imp.Column("done", "เสร็จแล้ว", imp.Boolean()),
                imp.Column("unit", "สำนัก/กอง", imp.OrgUnit()),
                imp.Column("owner", "ผู้รับผิดชอบ", imp.Member()),
                imp.Column("people", "ผู้ร่วมงาน", imp.ListOf(imp.Member())),
                imp.Column("year", "ปีงบประมาณ", imp.FiscalYear()),
            ),
        ),
    ),
    max_rows=50,
    file_stem="things",
)
HEADER = "ชื่อ,คะแนน,งบประมาณ,จำนวน,วันเริ่มต้น,วันเวลา,บทบาท,เสร็จแล้ว,สำนัก/กอง,ผู้รับผิดชอบ,ผู้ร่วมงาน,ปีงบประมาณ"


def xlsx(*rows: list[Any], title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImporterTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.staff.first_name, cls.staff.last_name = "สมชาย", "ใจดี"
        cls.staff.save()

    def read(self, content: bytes, name: str = "things.csv") -> imp.ImportResult:
        return imp.read_file(EVERY_TYPE, file_name=name, content=content, organisation=self.org)

    def failure(self, content: bytes, name: str = "things.csv") -> imp.ImportFailed:
        with self.assertRaises(imp.ImportFailed) as caught:
            self.read(content, name).check()
        return caught.exception

    def test_it_reads_every_type_with_thai_digits_and_thai_labels(self) -> None:
        line = (
            'จัดอบรม ๑,๘๕.๒๕,"฿๑๒,๕๐๐.๕๐",๑๒,๑ ต.ค. ๒๕๖๘,๑/๑๐/๒๕๖๘ ๙.๓๐ น.,หัวหน้าสำนัก/กอง,ใช่,'
            "กองคลัง,นายสมชาย ใจดี,a-staff | a-unithead; ,๒๕๖๙"
        )
        [row] = self.read(f"{HEADER}\n{line}\n".encode()).of("things")
        self.assertTrue(row.ok, row.result.errors)
        self.assertEqual(row["title"], "จัดอบรม ๑")  # text keeps its Thai digits
        self.assertEqual(row["score"], Decimal("85.25"))
        self.assertEqual(row["budget"], Decimal("12500.50"))
        self.assertEqual(row["count"], 12)
        self.assertEqual(row["start"], date(2025, 10, 1))
        self.assertEqual(row["at"], datetime(2025, 10, 1, 9, 30, tzinfo=BANGKOK))
        self.assertEqual(row["role"], Role.UNIT_HEAD)
        self.assertIs(row["done"], True)
        self.assertEqual(row["unit"], self.finance)
        self.assertEqual(row["owner"], self.staff)
        self.assertEqual(row["people"], [self.staff, self.unit_head])
        self.assertEqual(row["year"], 2569)

    def test_it_reads_dates_in_every_written_form(self) -> None:
        kind = imp.Date()
        context = imp.Context()
        for text in ["1/10/2568", "01-10-2025", "1.10.68", "2568-10-01", "2025-10-01", "1 ต.ค. 2568", "1 ตุลาคม พ.ศ. 2568",
                     "วันที่ ๑ ตุลาคม ๒๕๖๘", "1 ตค 68", "1 Oct 2025", "1 October 2025"]:  # fmt: skip
            with self.subTest(text=text):
                self.assertEqual(kind.parse(text, context), date(2025, 10, 1))
        # Excel date cells, including a B.E. year typed into a date cell (Excel keeps 2568 as a year)
        self.assertEqual(kind.parse(datetime(2025, 10, 1), context), date(2025, 10, 1))
        self.assertEqual(kind.parse(datetime(2568, 10, 1), context), date(2025, 10, 1))
        for bad in ["31/2/2568", "1/13/2568", "2568", "เมื่อวาน", "1 ตุลา 2568"]:
            with self.subTest(bad=bad), self.assertRaises(imp.Invalid):
                kind.parse(bad, context)
        clock = imp.DateTime()
        self.assertEqual(clock.parse("2568-10-01T09:30:15", context), datetime(2025, 10, 1, 9, 30, 15, tzinfo=BANGKOK))
        self.assertEqual(
            clock.parse("1 ต.ค. 2568 เวลา 14.05 น.", context), datetime(2025, 10, 1, 14, 5, tzinfo=BANGKOK)
        )
        self.assertEqual(clock.parse(datetime(2568, 10, 1, 8, 0), context), datetime(2025, 10, 1, 8, 0, tzinfo=BANGKOK))

    def test_it_names_every_bad_cell_with_its_reason_in_the_users_language(self) -> None:
        lines = [
            HEADER,
            "ยาวเกินไปมากมากมากมากมากมาก,101,-5,1.5,31/2/2568,ตอนเช้า,นายก,บางที,กองช่าง,ใครสักคน,a-staff|ไม่มีใคร,1800",
            ",85.255,12.345,abc,,,,,,,,",
        ]
        failure = self.failure("\n".join(lines).encode("utf-8-sig"))
        found = [(e.row, e.column, e.value) for e in failure.errors]
        self.assertEqual(
            found,
            [
                (2, "ชื่อ", "ยาวเกินไปมากมากมากมากมากมาก"),
                (2, "คะแนน", "101"),
                (2, "งบประมาณ", "-5"),
                (2, "จำนวน", "1.5"),
                (2, "วันเริ่มต้น", "31/2/2568"),
                (2, "วันเวลา", "ตอนเช้า"),
                (2, "บทบาท", "นายก"),
                (2, "เสร็จแล้ว", "บางที"),
                (2, "สำนัก/กอง", "กองช่าง"),
                (2, "ผู้รับผิดชอบ", "ใครสักคน"),
                (2, "ผู้ร่วมงาน", "a-staff|ไม่มีใคร"),
                (2, "ปีงบประมาณ", "1800"),
                (3, "ชื่อ", ""),
                (3, "คะแนน", "85.255"),
                (3, "งบประมาณ", "12.345"),
                (3, "จำนวน", "abc"),
            ],
        )
        self.assertFalse(failure.whole_file)
        with translation.override("th"):
            messages = [e.message() for e in failure.errors]
            self.assertEqual(messages[0], "แถวที่ 2 คอลัมน์ “ชื่อ”: ค่า “ยาวเกินไปมากมากมากมากมากมาก” — ไม่เกิน 20 ตัวอักษร")
            self.assertIn("ไม่ใช่ค่าใดค่าหนึ่งต่อไปนี้: ผู้บริหาร (นายก/ปลัด)", messages[6])
            self.assertIn("“ไม่มีใคร”: ไม่มีบุคลากรของหน่วยงานที่มีชื่อหรือชื่อผู้ใช้นี้", messages[10])
            self.assertIn("ต้องกรอกคอลัมน์นี้", messages[12])
            self.assertTrue(all("แผ่นงาน" not in m for m in messages))  # a CSV has no sheets
        with translation.override("en"):
            self.assertEqual(
                failure.errors[1].message(), "row 2, column “คะแนน”: value “101” — a score must be between 0 and 100"
            )
            self.assertIn("not one of: Executive (mayor / chief administrator)", failure.errors[6].message())

    def test_it_lets_the_module_add_row_errors_and_lists_them_in_file_order(self) -> None:
        result = self.read(f"{HEADER}\nก,101,,,,,,,,,,\nข,50,,,,,,,,,,\n".encode())
        first, second = result.of("things")
        self.assertFalse(first.ok)
        second.error("score", gettext_lazy("this fiscal year appears twice"))
        first.error("title", gettext_lazy("this fiscal year appears twice"))
        with self.assertRaises(imp.ImportFailed) as caught:
            result.check()
        self.assertEqual([(e.row, e.column) for e in caught.exception.errors], [(2, "ชื่อ"), (2, "คะแนน"), (3, "คะแนน")])

    def test_it_reads_utf8_with_and_without_bom_thai_windows_and_utf16(self) -> None:
        text = f"{HEADER}\nจัดอบรม,80,,,,,,,กองคลัง,,,\n"
        for encoding in ["utf-8-sig", "utf-8", "cp874", "tis-620", "utf-16"]:
            with self.subTest(encoding=encoding):
                [row] = self.read(text.encode(encoding)).of("things")
                self.assertEqual((row["title"], row["unit"]), ("จัดอบรม", self.finance))
        # semicolons (Excel in some locales) and tabs are found by themselves
        [row] = self.read(text.replace(",", ";").encode()).of("things")
        self.assertEqual(row["score"], Decimal("80.00"))

    def test_it_refuses_what_is_wrong_with_the_whole_file_as_such(self) -> None:
        cases = [
            (b"", "things.csv", "the file is empty"),
            (b"\xef\xbb\xbf \r\n", "things.csv", "the file is empty"),
            (b",,,\n,,\n", "things.csv", "the file has no header row"),
            (f"{HEADER}\n".encode(), "things.csv", "a header row but no rows of data"),
            ("ชื่อเรื่อง,คะแนน\nก,1\n".encode(), "things.csv", "the header row (row 1) does not have the columns “ชื่อ”"),
            (xlsx(["x", "y"], [1, 2], title="ข้อมูล"), "things.xlsx", "no sheet has the columns “ชื่อ”"),
            ("ชื่อ\n".encode() + b"\xfc\xfd\n", "things.csv", "not UTF-8 or Thai Windows text"),
            (b"%PDF-1.7\n...", "things.pdf", "only CSV and XLSX files"),
            (b"%PDF-1.7\n...", "things.csv", "only CSV and XLSX files"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "things.xls", "old Excel .xls file"),
            (b"PK\x03\x04 not really a zip", "things.xlsx", "not a readable XLSX workbook"),
            ("ชื่อ\x00\x00\n".encode(), "things.csv", "not a CSV text file"),
        ]
        for content, name, reason in cases:
            with self.subTest(reason=reason, name=name):
                failure = self.failure(content, name)
                self.assertTrue(failure.whole_file)
                [error] = failure.errors
                with translation.override("en"):
                    self.assertIn(reason, error.message())
                    self.assertTrue(error.message().startswith(f"The file “{name}” cannot be imported: "))
                with translation.override("th"):
                    message = error.message()
                    self.assertTrue(message.startswith(f"นำเข้าไฟล์ “{name}” ไม่ได้: "), message)
                    self.assertNotIn("แถวที่ 0", message)
                    if name.endswith(".csv"):
                        self.assertNotIn("แผ่นงาน", message)

    def test_it_refuses_a_workbook_whose_part_lies_about_its_size_before_openpyxl_reads_it(self) -> None:
        from prongsai.core.tests.test_upload_bombs import lying_docx

        bomb = lying_docx(64 * 1024 * 1024, package=xlsx([HEADER.split(",")[0]], ["ก"]))
        failure = self.failure(bomb, "things.xlsx")
        self.assertTrue(failure.whole_file)
        with translation.override("en"):
            self.assertIn("not a readable XLSX workbook", failure.errors[0].message())

    def test_it_stops_reading_a_big_csv_as_soon_as_it_passes_the_row_limit(self) -> None:
        line = "จัดอบรม,80.5,1000,1,1/10/2568,,,,,,,2568\n".encode()
        with tempfile.TemporaryFile() as file:
            file.write(HEADER.encode() + b"\n" + line * 200_000)  # 10 MB, 4,000 times the limit
            size = file.tell()
            file.seek(0)
            with self.assertRaises(imp.ImportFailed) as caught:
                imp.read_file(EVERY_TYPE, file_name="big.csv", content=file, organisation=self.org)
            self.assertLess(file.tell(), 200_000, f"read {file.tell()} of {size} bytes")
        with translation.override("th"):
            self.assertIn("ไฟล์มีข้อมูลเกิน 50 แถว", caught.exception.errors[0].message())

    def test_it_refuses_an_xlsx_formula_without_a_saved_result_naming_the_cell(self) -> None:
        content = xlsx(["ชื่อ", "คะแนน"], ["ก", 80], ["ข", "=B2+1"], title="ผล")
        failure = self.failure(content, "things.xlsx")
        [error] = failure.errors
        self.assertEqual((error.sheet, error.row, error.column, error.value), ("ผล", 3, "คะแนน", "=B2+1"))
        with translation.override("th"):
            self.assertIn("แผ่นงาน “ผล” แถวที่ 3 คอลัมน์ “คะแนน”", error.message())
            self.assertIn("เซลล์ B3 เป็นสูตรที่ไม่ได้บันทึกผลลัพธ์ไว้", error.message())
        with translation.override("en"):
            self.assertIn("cell B3 holds a formula whose result was not saved", error.message())

    def test_it_takes_the_saved_result_of_a_formula_and_excel_dates(self) -> None:
        content = xlsx(["ชื่อ", "คะแนน", "วันเริ่มต้น", "จำนวน"], ["ก", "=40+41", datetime(2568, 10, 1), 3.0])
        # what Excel writes after calculating: the formula and its cached value
        import zipfile

        source = zipfile.ZipFile(io.BytesIO(content))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for entry in source.infolist():
                data = source.read(entry)
                if entry.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<f>40+41</f><v></v>", b"<f>40+41</f><v>81</v>")
                target.writestr(entry, data)
        [row] = self.read(buffer.getvalue(), "things.xlsx").of("things")
        self.assertEqual((row["score"], row["start"], row["count"]), (Decimal("81.00"), date(2025, 10, 1), 3))

    def test_it_makes_a_template_that_imports_back_without_errors(self) -> None:
        with translation.override("th"):
            content = imp.template_xlsx(EVERY_TYPE, organisation=self.org)
        book = load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["กิจกรรม", "คำอธิบาย"])
        sheet = book["กิจกรรม"]
        headers = [c.value for c in sheet[1]]
        self.assertEqual(",".join(headers), HEADER)
        self.assertIn("คะแนน 0 ถึง 100", sheet["B1"].comment.text)
        self.assertIn("ต้องกรอก", sheet["A1"].comment.text)
        guide = book["คำอธิบาย"]
        rows = list(guide.iter_rows(values_only=True))
        example_at = next(i for i, r in enumerate(rows) if r[0] == headers[0] and r[1] == headers[1])
        example = rows[example_at + 1]
        self.assertTrue(all(example), example)  # every column has an example (units and people from the org)
        for index, value in enumerate(example, start=1):  # fill the data sheet with the example row
            sheet.cell(row=2, column=index, value=value).data_type = "s"
        buffer = io.BytesIO()
        book.save(buffer)
        result = self.read(buffer.getvalue(), "filled.xlsx")
        result.check()
        [row] = result.of("things")
        self.assertEqual((row["title"], row["unit"], row["start"]), ("จัดอบรม", self.unit, date(2025, 10, 1)))
        # the CSV template is the header row, and Excel opens it as UTF-8 (BOM)
        csv_template = imp.template_csv(EVERY_TYPE)
        self.assertEqual(csv_template, ("\ufeff" + HEADER + "\r\n").encode())
        filled = csv_template + ",".join(f'"{v}"' for v in example).encode() + b"\r\n"
        self.read(filled).check()

    def test_it_never_writes_a_unit_name_as_a_formula_in_the_template(self) -> None:
        self.unit.name = '=HYPERLINK("http://example.invalid","x")'
        self.unit.save()
        book = load_workbook(io.BytesIO(imp.template_xlsx(EVERY_TYPE, organisation=self.org)))
        cells = [c for row in book["Instructions" if "Instructions" in book.sheetnames else "คำอธิบาย"] for c in row]
        named = [c for c in cells if c.value == self.unit.name]
        self.assertTrue(named)
        self.assertTrue(all(c.data_type == "s" for c in named))

    def test_it_reads_choices_by_value_or_label_and_numbers_as_people_write_them(self) -> None:
        context = imp.Context()
        role = imp.Choice(Role.choices)
        for text in ["unit_head", "Unit head", "unit  HEAD", "หัวหน้าสำนัก/กอง"]:
            with self.subTest(text=text):
                self.assertEqual(role.parse(text, context), Role.UNIT_HEAD)
        money = imp.Money()
        given: object
        for given, amount in [("1,234,567", "1234567.00"), ("๑๒๕๐๐ บาท", "12500.00"), (12500.5, "12500.50")]:
            with self.subTest(given=given):
                self.assertEqual(money.parse(given, context), Decimal(amount))
        for bad in ["12,50", "1,2345", "สิบบาท"]:  # a comma that is not a thousands separator is refused
            with self.subTest(bad=bad), self.assertRaises(imp.Invalid):
                money.parse(bad, context)
        self.assertEqual(imp.Integer().parse(3.0, context), 3)
        self.assertEqual(imp.ListOf(imp.Integer()).parse("1; ๒ |3", context), [1, 2, 3])

    def test_it_stops_reading_a_workbook_at_the_row_limit(self) -> None:
        content = xlsx(["ชื่อ", "คะแนน"], *[[f"แถว {n}", 80] for n in range(60)])
        failure = self.failure(content, "things.xlsx")
        self.assertTrue(failure.whole_file)
        with translation.override("en"):
            self.assertIn("the file has more than 50 rows", failure.errors[0].message())
