"""The upload page of every import (``core.importing.web.import_page``), through a small import of units
served by this module's own URLs."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.test import override_settings
from django.urls import include, path
from django.utils.translation import gettext_lazy

from prongsai.core import importing as imp
from prongsai.core.importing.web import import_page
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Organisation, Unit

SPEC = imp.ImportSpec(
    tables=(
        imp.Table(
            "units",
            gettext_lazy("Units"),
            (
                imp.Column("name", "ชื่อกอง", imp.Text(max_length=200), required=True),
                imp.Column("code", "รหัส", imp.Text(max_length=20)),
                imp.Column("next_to", "ถัดจาก", imp.OrgUnit()),
            ),
        ),
    ),
    file_stem="units",
)


def units_import(org: Organisation, file_name: str, content: UploadedFile) -> int:
    """Writes each good row before the check, so that only import_page's transaction keeps a bad file out."""
    result = imp.read_file(SPEC, file_name=file_name, content=content, organisation=org)
    created = 0
    for row in result.of("units"):
        if not row.ok:
            continue
        if org.units.filter(name=row["name"]).exists():
            raise ValidationError("มีกองชื่อ %(name)s แล้ว", params={"name": row["name"]})
        Unit.objects.create(organisation=org, name=row["name"], code=row["code"] or "")
        created += 1
    result.check()
    return created


def units_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=org_slug)

    def run(file_name: str, content: UploadedFile) -> str:
        return f"นำเข้า {units_import(org, file_name, content)} กอง"

    return import_page(
        request,
        SPEC,
        run=run,
        success_url=f"/{org.slug}/units/",
        template="core/import.html",
        template_url=f"/{org.slug}/units/template.xlsx",
        template_csv_url=f"/{org.slug}/units/template.csv",
        organisation=org,
        context=lambda page: {**page, "org_name": org.name},
    )


urlpatterns = [
    path("<slug:org_slug>/units/import/", units_page),
    path("", include("prongsai.urls")),
]


def upload(text: str, name: str = "units.csv") -> io.BytesIO:
    file = io.BytesIO(text.encode())
    file.name = name
    return file


@override_settings(ROOT_URLCONF=__name__)
class ImportPageTests(PersonaTestCase):
    url = "/alpha/units/import/"

    def setUp(self) -> None:
        self.client.force_login(self.executive)
        self.units_before = set(Unit.objects.values_list("pk", flat=True))

    def new_units(self) -> list[tuple[str, str]]:
        return list(Unit.objects.exclude(pk__in=self.units_before).order_by("pk").values_list("name", "code"))

    def post(self, file: io.BytesIO) -> Any:  # the test client's response, with .context
        return self.client.post(self.url, {"file": file})

    def test_it_shows_the_form_the_columns_with_the_organisations_example_and_the_template_links(self) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'type="file" name="file"')
        self.assertContains(response, "ชื่อกอง")
        self.assertContains(response, "<td>สำนักปลัด</td>", html=False)  # OrgUnit's example: a unit of org A
        self.assertContains(response, 'href="/alpha/units/template.xlsx"')
        self.assertContains(response, 'href="/alpha/units/template.csv"')
        self.assertNotContains(response, 'role="alert"')

    def test_it_saves_a_good_file_and_redirects_with_the_line_run_returned(self) -> None:
        response = self.post(upload("ชื่อกอง,รหัส\nกองช่าง,03\nกองการศึกษา,\n"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/alpha/units/")
        self.assertEqual(self.new_units(), [("กองช่าง", "03"), ("กองการศึกษา", "")])
        self.assertEqual([str(m) for m in get_messages(response.wsgi_request)], ["นำเข้า 2 กอง"])

    def test_it_names_every_bad_cell_and_keeps_nothing_of_the_rows_already_written(self) -> None:
        response = self.post(upload("ชื่อกอง,รหัส,ถัดจาก\nกองช่าง,03,\nกองการศึกษา,,กองไม่มีจริง\n,04,\n"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ยังไม่ได้นำเข้าข้อมูลใด ๆ กรุณาแก้ไขช่องต่อไปนี้")
        self.assertInHTML(
            '<tr><td data-label="แถว">3</td><td data-label="คอลัมน์">ถัดจาก</td>'
            '<td data-label="ค่า">กองไม่มีจริง</td>'
            '<td data-label="ปัญหา">ไม่มีสำนัก/กองของหน่วยงานที่มีชื่อนี้</td></tr>',
            response.content.decode(),
        )
        self.assertInHTML(
            '<tr><td data-label="แถว">4</td><td data-label="คอลัมน์">ชื่อกอง</td><td data-label="ค่า"></td>'
            '<td data-label="ปัญหา">ต้องกรอกคอลัมน์นี้</td></tr>',
            response.content.decode(),
        )
        self.assertEqual(response.context["org_name"], "อบต.อัลฟา")  # the page's own context, from context()
        self.assertEqual(self.new_units(), [])  # กองช่าง was written by run, then rolled back
        self.assertEqual(list(get_messages(response.wsgi_request)), [])

    def test_it_puts_a_validation_error_under_the_file_and_keeps_nothing(self) -> None:
        response = self.post(upload("ชื่อกอง\nกองช่าง\nกองคลัง\n"))  # กองคลัง exists in org A
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["import_form"].errors["file"], ["มีกองชื่อ กองคลัง แล้ว"])
        self.assertContains(response, "มีกองชื่อ กองคลัง แล้ว")
        self.assertEqual(self.new_units(), [])

    def test_it_says_what_is_wrong_with_the_whole_file(self) -> None:
        response = self.post(upload("รหัส\n03\n"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ยังไม่ได้นำเข้าข้อมูลใด ๆ")
        self.assertContains(response, "ไม่มีคอลัมน์ “ชื่อกอง”")
        self.assertEqual(self.new_units(), [])

    def test_it_never_runs_the_import_for_a_file_the_form_refuses(self) -> None:
        response = self.post(upload("ชื่อกอง\nกองช่าง\n", name="units.txt"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["import_form"].errors["file"])
        self.assertEqual(response.context["import_cell_errors"], [])
        self.assertEqual(self.new_units(), [])
