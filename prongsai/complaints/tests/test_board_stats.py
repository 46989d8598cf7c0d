"""The public complaint board and the published statistics (PDF, XLSX, the complaint-stats command).

The scenario (org A, fiscal year 2569, statistics taken on 10 April 2026):

- October 2025: three corruption cases concluded after 5, 10 and 15 days (all within the 15-day clock;
  the 15-day one is concluded on its due day), the 5-day one then closed;
- November 2025: one general complaint concluded after 16 days (late);
- January 2026: two abuse-of-power cases still open, both past their due day on 10 April;
- April 2026: one state-property case received on 2 April, inside its clock;
- September 2025 (fiscal year 2568): one case, never counted in 2569;
- org B: five corruption cases in October 2025, never counted for org A.

Expected for 2569: 7 complaints, 4 concluded, 3 in progress; median 12.5 days; 3 of the 6 cases whose
clock has run out concluded in time (50%).
"""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import openpyxl
import time_machine
from django import db as django_db
from django.core.management import CommandError, call_command, load_command_class
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from prongsai.accounts.models import User
from prongsai.complaints import services, stats
from prongsai.complaints.board import render_statistics
from prongsai.complaints.models import Case
from prongsai.core.doc.testing import assert_golden
from prongsai.core.doc.testing import pdf_text as golden_pdf_text
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK, THAI_MONTHS, THAI_MONTHS_ABBR
from prongsai.orgs.models import Organisation

YEAR = 2569
MARKER = "SECRET-MARKER-4411"
THAI_MARKER = "ลับเฉพาะนายสมชาย"
TODAY = date(2026, 4, 10)
GOLDEN = Path(__file__).parent / "golden"

# received, category, steps: (state, day offset, outcome)
Step = tuple[str, int, str]
SCENARIO: list[tuple[date, str, list[Step]]] = [
    (
        date(2025, 10, 6),
        "corruption",
        [("acknowledged", 1, ""), ("fact_finding", 2, ""), ("concluded", 5, "substantiated"), ("closed", 7, "")],
    ),
    (
        date(2025, 10, 14),
        "corruption",
        [("acknowledged", 1, ""), ("fact_finding", 2, ""), ("concluded", 10, "not_substantiated")],
    ),
    (
        date(2025, 10, 27),
        "corruption",
        [("acknowledged", 1, ""), ("fact_finding", 2, ""), ("concluded", 15, "not_substantiated")],
    ),
    (
        date(2025, 11, 3),
        "general",
        [("acknowledged", 1, ""), ("fact_finding", 2, ""), ("concluded", 16, "substantiated")],
    ),
    (date(2026, 1, 5), "abuse_of_power", [("acknowledged", 1, ""), ("fact_finding", 3, "")]),
    (date(2026, 1, 20), "abuse_of_power", []),
    (date(2026, 4, 2), "state_property", []),
]


def at(day: date) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, 0, tzinfo=BANGKOK), tick=False)


def th(msgid: str, **values: Any) -> str:
    """A message as the Thai page shows it (the catalogue's Thai, or the msgid until it is translated)."""
    with translation.override("th"):
        text = gettext(msgid)
    return text % values if values else text


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def xlsx_rows(content: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's rows, empty cells as None."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def xlsx_text(content: bytes) -> str:
    return "\n".join(
        " | ".join("" if value is None else str(value) for value in row)
        for rows in xlsx_rows(content).values()
        for row in rows
    )


def find_row(rows: list[list[Any]], label: str) -> list[Any]:
    for row in rows:
        if row and row[0] == label:
            return row[:4]
    raise AssertionError(f"no row {label!r} in {[row[0] for row in rows]}")


def facts(
    category: str = "corruption",
    *,
    received: date = date(2025, 10, 1),
    concluded_after: int | None = None,
    clock: int = 15,
) -> stats.CaseFacts:
    concluded = received + timedelta(days=concluded_after) if concluded_after is not None else None
    return stats.CaseFacts(
        category=category,
        state="concluded" if concluded else "fact_finding",
        received_on=received,
        due_on=received + timedelta(days=clock),
        concluded_on=concluded,
    )


class SuppressionAndFiguresTests(SimpleTestCase):
    """The pure part: suppression, the days convention, the median and the clock share."""

    def test_it_suppresses_one_and_two_only(self) -> None:
        self.assertEqual(stats.suppress(0), 0)
        self.assertEqual(stats.suppress(1), "< 3")
        self.assertEqual(stats.suppress(2), "< 3")
        self.assertEqual(stats.suppress(3), 3)
        self.assertEqual(stats.suppress(41), 41)
        with self.assertRaises(ValueError):
            stats.suppress(-1)

    def test_days_are_elapsed_days_as_on_the_clock(self) -> None:
        self.assertEqual(stats.days_to_conclusion(date(2025, 10, 1), date(2025, 10, 1)), 0)
        self.assertEqual(stats.days_to_conclusion(date(2025, 10, 1), date(2025, 10, 16)), 15)
        self.assertIsNone(stats.days_to_conclusion(date(2025, 10, 1), None))
        self.assertEqual(facts(concluded_after=15).days, 15)
        self.assertTrue(facts(concluded_after=15).within_clock, "concluded on the due day is within the clock")
        self.assertFalse(facts(concluded_after=16).within_clock)
        self.assertFalse(facts(concluded_after=3, clock=2).within_clock, "the clock is the case's own due day")

    def test_the_median_needs_three_concluded_cases(self) -> None:
        self.assertIsNone(stats.median_days([facts(concluded_after=4), facts(concluded_after=8), facts()]))
        self.assertEqual(stats.median_days([facts(concluded_after=d) for d in (4, 8, 30)]), 8)
        self.assertEqual(stats.median_days([facts(concluded_after=d) for d in (4, 8, 9, 30)]), 8.5)

    def test_the_share_counts_overdue_open_cases_and_needs_three(self) -> None:
        on_time = [facts(concluded_after=10), facts(concluded_after=15)]
        late = facts(concluded_after=20)
        still_inside = facts(received=date(2025, 10, 20))  # due 4 November
        overdue = facts(received=date(2025, 10, 1))  # due 16 October, still open
        as_of = date(2025, 10, 30)
        self.assertIsNone(stats.share_within([*on_time, still_inside], as_of), "two cases only")
        self.assertEqual(stats.share_within([*on_time, late, still_inside], as_of), 2 / 3)
        self.assertEqual(stats.share_within([*on_time, late, overdue], as_of), 2 / 4)
        figures = stats.tally([*on_time, late, still_inside, overdue], as_of)
        self.assertEqual((figures.total, figures.concluded, figures.in_progress), (5, 3, 2))
        self.assertEqual((figures.within, figures.clocked), (2, 4))

    def test_the_state_on_a_day_comes_from_the_steps(self) -> None:
        days = {
            "acknowledged_on": date(2025, 10, 2),
            "fact_finding_on": date(2025, 10, 3),
            "concluded_on": date(2025, 10, 9),
            "closed_on": None,
        }
        self.assertEqual(stats.state_on(date(2025, 10, 1), **days), "received")
        self.assertEqual(stats.state_on(date(2025, 10, 8), **days), "fact_finding")
        self.assertEqual(stats.state_on(date(2025, 10, 9), **days), "concluded")

    def test_fiscal_months_run_october_to_september(self) -> None:
        months = stats.fiscal_months(YEAR)
        self.assertEqual((months[0], months[5], months[-1]), (date(2025, 10, 1), date(2026, 3, 1), date(2026, 9, 1)))


class BoardCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for received, category, steps in SCENARIO:
            cls.make_case(cls.org, cls.executive, received, category, steps)
        cls.make_case(cls.org, cls.executive, date(2025, 9, 20), "corruption", [])  # fiscal year 2568
        for day in range(5):
            cls.make_case(cls.other_org, cls.other_executive, date(2025, 10, 1 + day), "corruption", [])

    @classmethod
    def make_case(
        cls, org: Organisation, by: User, received: date, category: str, steps: list[Step], *, text: str = ""
    ) -> Case:
        case, _receipt = services.file_report(
            org,
            services.ReportData(
                category=category,
                reporter_kind="staff",
                what=text or "รายงานทดสอบ",
                where=text,
                who=text,
                contact=text,
            ),
            [],
            today=received,
        )
        for state, offset, outcome in steps:
            case = services.step(
                case,
                by,
                state,
                message=text,
                today=received + timedelta(days=offset),
                outcome=outcome,
                referred_to=text if outcome == "referred" else "",
            )
        return case

    def secret_case(self) -> Case:
        """A case whose every written field carries the markers, referred on to a named agency."""
        text = f"{MARKER} {THAI_MARKER}"
        case = self.make_case(
            self.org,
            self.executive,
            date(2026, 2, 11),
            "corruption",
            [("acknowledged", 1, ""), ("fact_finding", 2, ""), ("concluded", 4, "referred")],
            text=text,
        )
        services.recipient_writes(case, self.executive, text, internal=True, today=date(2026, 2, 12))
        return case

    def board(self, **params: str) -> str:
        with at(TODAY):
            response = self.client.get(reverse("complaints:board", kwargs={"org_slug": "alpha"}), params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def download(self, ext: str, *, year: int = YEAR, org: str = "alpha", **params: str) -> Any:
        url = reverse("complaints:statistics", kwargs={"org_slug": org, "year": year, "ext": ext})
        with at(TODAY):
            return self.client.get(url, params)


class StatisticsTests(BoardCase):
    def published(self, org: Organisation | None = None, year: int = YEAR) -> stats.Published:
        return stats.publish(stats.load_cases(org or self.org, year, TODAY), year, TODAY)

    def test_totals_count_the_year_of_the_organisation_only(self) -> None:
        cases = stats.load_cases(self.org, YEAR, TODAY)
        figures = stats.tally(cases, TODAY)
        self.assertEqual((figures.total, figures.concluded, figures.in_progress), (7, 4, 3))
        self.assertEqual(figures.days, (5, 10, 15, 16))
        self.assertEqual(figures.median_days, 12.5)
        self.assertEqual((figures.within, figures.clocked), (3, 6))
        self.assertEqual(figures.share_within, 0.5)
        self.assertEqual(stats.tally(stats.load_cases(self.other_org, YEAR, TODAY), TODAY).total, 5)
        self.assertEqual(stats.tally(stats.load_cases(self.org, 2568, TODAY), TODAY).total, 1)
        self.assertEqual(stats.offered_years(self.org, YEAR), [2569, 2568])

    def test_counts_by_month_quarter_and_six_months(self) -> None:
        cases = stats.load_cases(self.org, YEAR, TODAY)
        months = {month.month: (t.total, t.concluded, t.in_progress) for month, t in stats.by_month(cases, YEAR, TODAY)}
        self.assertEqual(list(months), [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        self.assertEqual(months[10], (3, 3, 0))
        self.assertEqual(months[11], (1, 1, 0))
        self.assertEqual(months[12], (0, 0, 0))
        self.assertEqual(months[1], (2, 0, 2))
        self.assertEqual(months[4], (1, 0, 1))
        quarters = {q: (t.total, t.concluded, t.in_progress) for q, t in stats.by_quarter(cases, TODAY)}
        self.assertEqual(quarters, {1: (4, 4, 0), 2: (2, 0, 2), 3: (1, 0, 1), 4: (0, 0, 0)})
        half = stats.tally(stats.first_half(cases), TODAY)
        self.assertEqual((half.total, half.concluded, half.in_progress), (6, 4, 2))
        states = stats.by_category_state(cases)
        self.assertEqual(states["corruption"], {**dict.fromkeys(Case.State.values, 0), "concluded": 2, "closed": 1})
        self.assertEqual(states["abuse_of_power"]["fact_finding"], 1)
        self.assertEqual(states["abuse_of_power"]["received"], 1)

    def test_the_statistics_of_an_earlier_day_use_the_state_of_that_day(self) -> None:
        on_the_sixth_of_november = stats.tally(stats.load_cases(self.org, YEAR, date(2025, 11, 6)), date(2025, 11, 6))
        self.assertEqual((on_the_sixth_of_november.total, on_the_sixth_of_november.concluded), (4, 2))

    def test_published_rows_suppress_small_counts(self) -> None:
        published = self.published()
        october, november, december, january = published.months[:4]
        self.assertEqual((october.total, october.concluded, october.in_progress), (3, 3, 0), "3 shows as 3")
        self.assertEqual((november.total, november.concluded), ("< 3", "< 3"))
        self.assertEqual(december.total, 0, "0 reveals nothing and shows as 0")
        self.assertEqual((january.total, january.in_progress), ("< 3", "< 3"))
        may = published.months[7]
        self.assertEqual((may.total, may.has_begun), ("", False), "a month not begun is blank, not 0")
        self.assertEqual(published.year_row.total, 7)
        self.assertEqual(published.year_row.median_days, 12.5)
        self.assertEqual(published.half_row.total, 6)
        q1, q2, q3, q4 = published.quarters
        self.assertEqual((q1.total, q2.total, q3.total, q4.total), (4, "< 3", "< 3", ""))
        corruption = published.year_by_category[0]
        self.assertEqual((corruption.total, corruption.concluded), (3, 3))
        self.assertIsNotNone(corruption.median_days)
        self.assertIsNone(published.year_by_category[1].median_days, "abuse of power: nothing concluded")

    def test_october_median_is_shown_from_three_cases(self) -> None:
        october = self.published().months[0]
        self.assertEqual(october.median_days, 10)
        self.assertEqual(october.share_within, 1.0)
        self.assertIsNone(self.published().months[1].share_within, "one case: not shown")


class BoardViewTests(BoardCase):
    def test_it_shows_the_year_by_month_with_small_counts_suppressed(self) -> None:
        html = self.board(year="2569")
        self.assertIn("ตุลาคม 2568", html)
        self.assertIn("กันยายน 2569", html)
        self.assertIn("&lt; 3", html)
        october = re.search(r"ตุลาคม 2568</th>(.*?)</tr>", html, re.S)
        assert october is not None
        self.assertEqual(
            re.findall(r'<td class="num"[^>]*>([^<]*)</td>', october.group(1)),
            ["3", "3", "0", "10", th("%(percent)s%%", percent=100)],
        )
        november = re.search(r"พฤศจิกายน 2568</th>(.*?)</tr>", html, re.S)
        assert november is not None
        self.assertEqual(
            re.findall(r'<td class="num"[^>]*>([^<]*)</td>', november.group(1)), ["&lt; 3", "&lt; 3", "0", "–", "–"]
        )
        self.assertIn(th("Median days to conclusion"), html)
        self.assertIn("12.5", html)
        self.assertIn(th("%(percent)s%%", percent=50), html)
        self.assertIn(reverse("complaints:statistics", kwargs={"org_slug": "alpha", "year": YEAR, "ext": "pdf"}), html)
        self.assertIn(reverse("complaints:statistics", kwargs={"org_slug": "alpha", "year": YEAR, "ext": "xlsx"}), html)

    def test_the_default_is_the_current_fiscal_year_and_years_with_cases_are_offered(self) -> None:
        html = self.board()
        self.assertIn('<option value="2569" selected>', html)
        self.assertIn('<option value="2568">', html)
        self.assertNotIn('<option value="2570"', html)
        with at(date(2026, 10, 2)):  # fiscal year 2570 has begun: it is the default, with no complaints yet
            response = self.client.get(reverse("complaints:board", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, '<option value="2570" selected>')
        self.assertContains(response, th("No complaints in fiscal year %(year)s", year=2570))

    def test_by_quarter(self) -> None:
        html = self.board(by="quarter")
        self.assertNotIn("พฤศจิกายน 2568</th>", html)
        label = th("Quarter %(number)s (%(first)s – %(last)s)", number=1, first="ต.ค.", last="ธ.ค. 2568")
        q1 = re.search(re.escape(label) + r"</th>(.*?)</tr>", html, re.S)
        assert q1 is not None, html
        self.assertEqual(re.findall(r'<td class="num"[^>]*>([^<]*)</td>', q1.group(1))[:3], ["4", "4", "0"])

    def test_it_never_shows_text_names_numbers_or_days(self) -> None:
        case = self.secret_case()
        for params in ({}, {"by": "quarter"}, {"year": "2568"}):
            html = self.board(**params)
            with self.subTest(params=params):
                self.assertNotIn(MARKER, html)
                self.assertNotIn(THAI_MARKER, html)
                self.assertNotIn(case.number, html)
                self.assertNotIn("2569-0001", html)
                self.assertNotIn(self.executive.username, html)
                self.assertNotIn("csrfmiddlewaretoken", html)
                self.assertNotIn('method="post"', html.lower())
                self.assertIsNone(re.search(r"\d{4}-\d{2}-\d{2}", html), "no ISO date")
                self.assertIsNone(re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", html), "no numeric date")
                months = "|".join([*THAI_MONTHS, *(re.escape(m) for m in THAI_MONTHS_ABBR)])
                self.assertIsNone(re.search(rf"\b\d{{1,2}}\s*(?:{months})", html), "no day before a month")

    def test_it_keeps_nothing_of_the_visitor(self) -> None:
        with at(TODAY):
            response = self.client.get(
                reverse("complaints:board", kwargs={"org_slug": "alpha"}), HTTP_COOKIE="sessionid=abc"
            )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.cookies)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")

    def test_bad_requests(self) -> None:
        url = reverse("complaints:board", kwargs={"org_slug": "alpha"})
        with at(TODAY):
            self.assertEqual(self.client.get(url, {"year": "2570"}).status_code, 404, "a year not begun")
            self.assertEqual(self.client.get(url, {"year": "soon"}).status_code, 404)
            self.assertEqual(self.client.post(url).status_code, 405)
            self.assertEqual(self.client.get("/nobody/complaints/board/").status_code, 404)

    def test_other_organisations_cases_never_count(self) -> None:
        with at(TODAY):
            bravo = self.client.get(reverse("complaints:board", kwargs={"org_slug": "bravo"})).content.decode()
        october = re.search(r"ตุลาคม 2568</th>(.*?)</tr>", bravo, re.S)
        assert october is not None
        self.assertEqual(re.findall(r'<td class="num"[^>]*>([^<]*)</td>', october.group(1))[:3], ["5", "0", "5"])
        alpha = self.board()
        summary = re.search(r'<dl class="facts big"[^>]*>(.*?)</dl>', alpha, re.S)
        assert summary is not None
        self.assertEqual(re.findall(r"<dd>([^<]*)</dd>", summary.group(1))[:3], ["7", "4", "3"])


class FileTests(BoardCase):
    def test_the_pdf(self) -> None:
        self.secret_case()
        response = self.download("pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn('attachment; filename="complaint-statistics-2569.pdf"', response["Content-Disposition"])
        text = pdf_text(response.content)
        self.assertIn("อบต.อัลฟา", text)
        self.assertIn("๒๕๖๙", text)
        self.assertIn("< ๓", text)
        self.assertNotIn("2569", text, "Thai digits throughout")
        self.assertIn(th("Statistics of complaints of corruption and misconduct"), text)
        for secret in (MARKER, THAI_MARKER, self.executive.username, "2569-0001"):
            self.assertNotIn(secret, text)
        arabic = pdf_text(self.download("pdf", digits="arabic").content)
        self.assertIn("< 3", arabic)
        self.assertIn("2569", arabic)

    def test_the_xlsx(self) -> None:
        self.secret_case()  # February 2026: corruption, concluded after 4 days
        response = self.download("xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn('attachment; filename="complaint-statistics-2569.xlsx"', response["Content-Disposition"])
        sheets = xlsx_rows(response.content)
        self.assertEqual(len(sheets), 3)
        half, year, months = sheets.values()
        self.assertEqual(find_row(months, "ตุลาคม 2568"), ["ตุลาคม 2568", 3, 3, 0])
        self.assertEqual(find_row(months, "พฤศจิกายน 2568"), ["พฤศจิกายน 2568", "< 3", "< 3", 0])
        self.assertEqual(find_row(months, "ธันวาคม 2568"), ["ธันวาคม 2568", 0, 0, 0])
        self.assertEqual(find_row(months, "พฤษภาคม 2569"), ["พฤษภาคม 2569", None, None, None])
        self.assertEqual(find_row(months, th("Whole fiscal year")), [th("Whole fiscal year"), 8, 5, 3])
        self.assertEqual(find_row(months, th("First six months (October – March)"))[1:], [7, 5, "< 3"])
        self.assertEqual(find_row(year, th("Total"))[1:], [8, 5, 3])
        self.assertEqual(find_row(half, th("Total"))[1:], [7, 5, "< 3"])
        with translation.override("th"):
            corruption = str(dict(Case._meta.get_field("category").flatchoices)["corruption"])
        self.assertEqual(find_row(year, corruption)[1:], [4, 4, 0])
        self.assertEqual(find_row(half, corruption)[1:], [4, 4, 0])
        for value in (cell for rows in sheets.values() for row in rows for cell in row):
            self.assertFalse(isinstance(value, str) and value.strip().isdigit(), f"a number stored as text: {value!r}")
        text = xlsx_text(response.content)
        for secret in (MARKER, THAI_MARKER, self.executive.username, "2569-0001"):
            self.assertNotIn(secret, text)

    def test_it_keeps_the_text_of_the_pdf(self) -> None:
        with at(TODAY), translation.override("th"):
            content = render_statistics(self.org, YEAR, "pdf")
        assert_golden(golden_pdf_text(content), GOLDEN / "statistics.pdf.txt", pdf=True)

    def test_a_year_without_complaints_says_so(self) -> None:
        statement = th("No complaints in fiscal year %(year)s", year=2567)
        self.assertEqual(self.download("pdf", year=2567, digits="arabic").status_code, 200)
        self.assertIn(statement, pdf_text(self.download("pdf", year=2567, digits="arabic").content))
        self.assertIn(statement, xlsx_text(self.download("xlsx", year=2567).content))
        with at(TODAY), translation.override("th"):
            thai = pdf_text(render_statistics(self.org, 2567, "pdf"))
        self.assertIn(th("No complaints in fiscal year %(year)s", year="๒๕๖๗"), thai)
        # The half without complaints is stated too: org A's fiscal year 2568 has one case, in September.
        half = th(
            "No complaints in the first six months (%(period)s)",
            period=th("%(first)s – %(last)s", first="ตุลาคม 2567", last="มีนาคม 2568"),
        )
        self.assertIn(half, xlsx_text(self.download("xlsx", year=2568).content))
        self.assertNotIn(
            th("No complaints in fiscal year %(year)s", year=2568), xlsx_text(self.download("xlsx", year=2568).content)
        )

    def test_bad_file_requests(self) -> None:
        self.assertEqual(self.client.get(f"/alpha/complaints/statistics-{YEAR}.docx").status_code, 404)
        self.assertEqual(self.download("pdf", year=2570).status_code, 404, "a year not begun")
        self.assertEqual(self.download("pdf", year=2026).status_code, 404, "a Christian-era year")
        self.assertEqual(self.download("pdf", org="nobody").status_code, 404)


class CommandTests(BoardCase):
    def run_cli(self, *argv: str) -> tuple[int, str]:
        """The command as the console runs it: the exit status and what it wrote to stderr."""
        command = load_command_class("prongsai.complaints", "complaint-stats")
        errors = io.StringIO()
        command.stderr._out = errors  # type: ignore[attr-defined]
        try:
            # run_from_argv() closes every database connection when it ends, the test's own included.
            with mock.patch.object(django_db.connections, "close_all"), at(TODAY):
                command.run_from_argv(["prongsai", "complaint-stats", *argv])
        except SystemExit as exit:
            return int(exit.code or 0), errors.getvalue()
        return 0, errors.getvalue()

    def test_it_writes_both_formats(self) -> None:
        with tempfile.TemporaryDirectory() as name:
            pdf, xlsx = Path(name) / "stats.pdf", Path(name) / "stats.xlsx"
            status, errors = self.run_cli("--org", "alpha", "--year", "2569", "--format", "pdf", "--output", str(pdf))
            self.assertEqual(status, 0)
            self.assertEqual(errors.strip(), f"wrote {pdf} ({pdf.stat().st_size} bytes)")
            self.assertTrue(pdf.read_bytes().startswith(b"%PDF"))
            self.assertIn("๒๕๖๙", pdf_text(pdf.read_bytes()))
            status, errors = self.run_cli("--org", "alpha", "--year", "2569", "--format", "xlsx", "--output", str(xlsx))
            self.assertEqual(status, 0)
            self.assertEqual(errors.strip(), f"wrote {xlsx} ({xlsx.stat().st_size} bytes)")
            self.assertEqual(find_row(xlsx_rows(xlsx.read_bytes())[th("By month")], "ตุลาคม 2568")[1:], [3, 3, 0])
            empty = Path(name) / "empty.pdf"
            with at(TODAY):
                call_command(
                    "complaint-stats", org="bravo", year=2568, format="pdf", output=str(empty), arabic_digits=True,
                    stderr=io.StringIO(),
                )  # fmt: skip
            self.assertIn(th("No complaints in fiscal year %(year)s", year=2568), pdf_text(empty.read_bytes()))
            out = io.BytesIO()
            with at(TODAY):
                call_command("complaint-stats", org="alpha", year=2569, format="xlsx", output="-", stdout=out)
            self.assertEqual(find_row(xlsx_rows(out.getvalue())[th("By month")], "ตุลาคม 2568")[1:], [3, 3, 0])

    def test_usage_errors_exit_with_two(self) -> None:
        with tempfile.TemporaryDirectory() as name:
            output = str(Path(name) / "stats.pdf")
            cases = (
                ({"org": "nobody"}, "No organisation with the slug 'nobody'"),
                ({"year": 2026}, "Buddhist-era fiscal year"),
                ({"year": 2571}, "has not begun"),
                ({"output": "/nonexistent/folder/stats.pdf"}, "does not exist"),
            )
            for options, message in cases:
                with (
                    self.subTest(message=message),
                    at(TODAY),
                    self.assertRaisesMessage(CommandError, message) as caught,
                ):
                    call_command(
                        "complaint-stats",
                        **({"org": "alpha", "year": YEAR, "format": "pdf", "output": output} | options),
                    )
                self.assertEqual(caught.exception.returncode, 2)
            for argv in (
                ["--org", "nobody", "--year", "2569", "--format", "pdf", "--output", output],
                ["--org", "alpha", "--year", "2026", "--format", "pdf", "--output", output],
                ["--org", "alpha", "--year", "next", "--format", "pdf", "--output", output],
                ["--org", "alpha", "--year", "2569", "--format", "docx", "--output", output],
                ["--org", "alpha", "--year", "2569", "--format", "pdf", "--output", "/nonexistent/folder/s.pdf"],
                ["--org", "alpha", "--year", "2569", "--format", "pdf"],
            ):
                with self.subTest(argv=argv):
                    self.assertEqual(self.run_cli(*argv)[0], 2)
            self.assertFalse(Path(output).exists())

    def test_its_help_says_what_it_does(self) -> None:
        command = load_command_class("prongsai.complaints", "complaint-stats")
        self.assertIn("complaint statistics", command.help)
        self.assertIn("PDF or XLSX", command.help)
