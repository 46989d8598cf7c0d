"""URL keywords of the complaint pages for the tenancy walk (see core/testing.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from prongsai.core.testing import URL_KWARGS


def _case(case: Any) -> Any:
    from prongsai.complaints import services
    from prongsai.complaints.models import Case
    from prongsai.core.uploads import Kind, clean_upload
    from prongsai.disclosure.testing import PDF

    found = Case.objects.filter(organisation=case.org).first()
    if found is None:
        clean = clean_upload(("evidence.pdf", PDF), allowed=[Kind.PDF], max_bytes=1 << 20)
        found, _receipt = services.file_report(
            case.org, services.ReportData("corruption", "public", "walk"), [clean], today=date(2026, 3, 2)
        )
        found.contact = None
        found.save()
    return found


def _attachment(case: Any) -> int:
    return int(_case(case).attachments.values_list("pk", flat=True)[0])


URL_KWARGS["case_number"] = lambda case: _case(case).number
URL_KWARGS["attachment_id"] = _attachment
