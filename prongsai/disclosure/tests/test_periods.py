"""The item-level checks: stale documents from Thai and Christian years and dates, evidence off the organisation's site."""

from __future__ import annotations

import pytest

from prongsai.disclosure.periods import check_off_site, check_stale, document_fiscal_years


@pytest.mark.parametrize(
    ("texts", "years"),
    [
        (["รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2567"], {2567}),
        (["แผนการจัดซื้อจัดจ้าง ปีงบประมาณ ๒๕๖๘"], {2568}),
        (["สรุปผลการจัดซื้อจัดจ้าง ปีงบ 68"], {2568}),
        (["annual-report-2024.pdf"], {2567}),  # CE 2024 → BE 2567
        (["ข้อมูล ณ วันที่ 1 ต.ค. 2567"], {2568}),  # 1 Oct 2024 opens FY2568
        (["30 กันยายน 2568"], {2568}),
        (["รายงาน 6 เดือน (1 ตุลาคม 2568 - 31 มีนาคม 2569)"], {2569}),
        (["%E0%B8%9B%E0%B8%B5%202566.pdf"], {2566}),  # URL-encoded "ปี 2566.pdf"
        (["โทร 042-123456 ต่อ 1234"], set()),  # a phone number is no year
        ([""], set()),
    ],
)
def test_it_reads_the_fiscal_years_a_document_names(texts: list[str], years: set[int]) -> None:
    assert document_fiscal_years(*texts) == years


def test_it_finds_a_previous_years_report_stale_for_the_current_window() -> None:
    finding = check_stale("current_fy", 2569, "แผนการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", "plan-2568.pdf")
    assert finding is not None
    assert finding.category == "stale"
    assert "2568" in finding.detail
    assert "2569" in finding.detail


def test_it_accepts_documents_inside_the_window() -> None:
    assert check_stale("current_fy", 2569, "แผนการดำเนินงานประจำปีงบประมาณ พ.ศ. 2569") is None
    assert check_stale("previous_fy", 2569, "รายงานผลการดำเนินงานประจำปี 2568") is None
    assert check_stale("first_half_current_fy", 2569, "ข้อมูลสถิติเรื่องร้องเรียน 1 ต.ค. 68 - 31 มี.ค. 69") is None
    # A document that names an older year as well as the current one is current.
    assert check_stale("current_fy", 2569, "เปรียบเทียบปี 2567 และ 2569") is None


def test_it_finds_a_report_two_years_old_stale_for_the_previous_year_window() -> None:
    assert check_stale("previous_fy", 2569, "รายงานผลการดำเนินงานประจำปี 2567") is not None


def test_it_does_not_judge_without_a_window_or_without_any_year() -> None:
    assert check_stale("any", 2569, "โครงสร้างองค์กร ปี 2560") is None
    assert check_stale("current_fy", 2569, "โครงสร้างองค์กร") is None


@pytest.mark.parametrize(
    ("url", "off_site"),
    [
        ("https://www.phonong.go.th/ita/o1.pdf", False),
        ("https://phonong.go.th/ita/o1.pdf", False),
        ("https://ita.phonong.go.th/o1.pdf", False),
        ("https://drive.google.com/file/d/abc/view", True),
        ("https://phonong.go.th.evil.example/o1.pdf", True),
        ("https://notphonong.go.th/o1.pdf", True),
    ],
)
def test_it_knows_the_organisations_own_site(url: str, off_site: bool) -> None:
    finding = check_off_site(url, ["https://www.phonong.go.th/"])
    assert (finding is not None) == off_site
    if finding:
        assert finding.category == "off_site"


def test_it_accepts_prongsais_own_permanent_urls_and_does_not_judge_without_a_website() -> None:
    assert (
        check_off_site(
            "https://ita.prongsai.example/pho-nong/oit/2569/O1/a.pdf",
            ["https://www.phonong.go.th"],
            also_allowed=["ita.prongsai.example"],
        )
        is None
    )
    assert check_off_site("https://drive.google.com/x", []) is None
