"""The upload page pieces: a form, the context of the include ``core/import.html``, the template download.

A module's view::

    form = ImportForm(request.POST or None, request.FILES or None)
    failure = None
    if request.method == "POST" and form.is_valid():
        try:
            my_import(org=org, file_name=form.cleaned_data["file"].name, content=form.cleaned_data["file"])
        except ImportFailed as exc:
            failure = exc
        else:
            return redirect(...)
    context = import_context(SPEC, form=form, failure=failure, template_url=reverse("mine:import_template", ...))
    return render(request, "mine/import.html", {**context, ...})

and its template: ``{% include "core/import.html" %}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
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
