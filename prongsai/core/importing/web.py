"""The upload page: a form, the context of the include ``core/import.html``, the template download, and
``import_page``, the whole page around them.

A module's view checks who may import, finds its organisation, and hands over::

    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)

    def run(file_name: str, content: UploadedFile) -> str:
        done = my_import(org=org, file_name=file_name, content=content)
        return _("Imported %(count)s row(s).") % {"count": done.count}

    return import_page(
        request,
        SPEC,
        run=run,
        success_url=reverse("mine:index", kwargs={"org_slug": org.slug}),
        template="mine/import.html",
        template_url=reverse("mine:import_template", kwargs={"org_slug": org.slug}),
        organisation=org,
        context=lambda page: staff_context(request, org, **page),
    )

and its template: ``{% include "core/import.html" %}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from prongsai.core.importing.errors import ImportFailed
from prongsai.core.importing.spec import ImportSpec
from prongsai.core.importing.template import example_value, template_csv, template_xlsx
from prongsai.core.importing.types import Context
from prongsai.core.uploads import safe_download_response

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation

MAX_IMPORT_BYTES = 2 * 1024 * 1024
SHOWN_ERRORS = 200  # more than this and the page lists the first ones and says how many are left

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload


def import_context(
    spec: ImportSpec,
    *,
    form: forms.Form,
    failure: ImportFailed | None = None,
    template_url: str = "",
    template_csv_url: str = "",
    organisation: Organisation | None = None,
) -> dict[str, Any]:
    """What ``core/import.html`` shows: the columns of each table, the form, the errors as a table."""
    context = Context(organisation=organisation)
    tables = [
        {
            "title": table.title,
            "columns": [
                {
                    "header": c.header,
                    "name": c.name,
                    "required": c.required,
                    "describe": c.type.describe(),
                    "help": c.help,
                    "example": example_value(c, context),
                }
                for c in table.columns
            ],
        }
        for table in spec.tables
    ]
    cell_errors = failure.cell_errors if failure else []
    return {
        "import_form": form,
        "import_tables": tables,
        "import_file_errors": [e.message() for e in failure.file_errors] if failure else [],
        "import_cell_errors": cell_errors[:SHOWN_ERRORS],
        "import_more_errors": max(0, len(cell_errors) - SHOWN_ERRORS),
        "import_has_sheets": any(e.sheet is not None for e in cell_errors),
        "import_template_url": template_url,
        "import_template_csv_url": template_csv_url,
    }


def import_page(
    request: HttpRequest,
    spec: ImportSpec,
    *,
    run: Callable[[str, UploadedFile], str],
    success_url: str,
    template: str,
    template_url: str,
    template_csv_url: str = "",
    organisation: Organisation | None = None,
    context: Callable[[dict[str, Any]], Mapping[str, Any]] = dict,
) -> HttpResponse:
    """The upload page of an import. On a valid POST, ``run(file_name, content)`` imports the file inside one
    transaction and returns the line to show, and the answer is a redirect to ``success_url`` with that line.
    Otherwise the page is rendered: on a GET, a file the form refuses, or when ``run`` raised ``ImportFailed``
    (the errors as a table) or ``ValidationError`` (under the file field), with nothing saved. ``context``
    turns ``import_context``'s context into the template's, e.g. ``lambda page: staff_context(request, org,
    **page)``; ``organisation`` is the one whose units and people the columns' examples name."""
    form = ImportForm(request.POST or None, request.FILES or None)
    failure: ImportFailed | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                message = run(upload.name, upload)
        except ImportFailed as exc:
            failure = exc
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, message)
            return HttpResponseRedirect(success_url)
    page = import_context(
        spec,
        form=form,
        failure=failure,
        template_url=template_url,
        template_csv_url=template_csv_url,
        organisation=organisation,
    )
    return render(request, template, context(page))


def template_response(spec: ImportSpec, *, fmt: str, organisation: Organisation | None = None) -> HttpResponse:
    """The template as a download: ``fmt`` is "xlsx" or "csv"."""
    if fmt == "xlsx":
        return safe_download_response(
            template_xlsx(spec, organisation=organisation), filename=f"{spec.file_stem}.xlsx", content_type=XLSX_TYPE
        )
    if fmt == "csv":
        return safe_download_response(
            template_csv(spec), filename=f"{spec.file_stem}.csv", content_type="text/csv; charset=utf-8"
        )
    raise Http404("no such template format")
