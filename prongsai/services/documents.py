"""The printable documents of the catalogue on ``core/doc``: the one-page step sheet of a service (the seed's
infographic: numbered step boxes with their time and who does them, the total time standard, the fee, the
documents — those the office fetches itself marked — and a QR code back to the service's public page) and the
whole catalogue (คู่มือสำหรับประชาชน: a list of the services, then each service's current revision on a page).
"""

from __future__ import annotations

import io
from datetime import date

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.core import doc
from prongsai.core.thai import format_date_long, local_date, local_today
from prongsai.orgs.models import Organisation
from prongsai.services import selectors
from prongsai.services.models import NONE, Service, ServiceRevision

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STEP_FILL = "DDEBF7"  # the pale blue of the numbered step boxes
FACT_FILL = "E2F0D9"  # the pale green of the time standard and the fee
FETCH_FILL = "FFF2CC"  # the pale yellow of a document the office fetches itself


def public_url(service: Service) -> str:
    """The absolute address of the service's public page, from SITE_URL (never from the request's Host header)."""
    path = reverse("services:public_service", kwargs={"org_slug": service.organisation.slug, "service_id": service.pk})
    return settings.SITE_URL + path


def catalogue_url(org: Organisation) -> str:
    return settings.SITE_URL + reverse("services:public", kwargs={"org_slug": org.slug})


def qr_png(url: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def _minutes(n: int) -> str:
    return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": n}


def _step_rows(revision: ServiceRevision) -> list[doc.Row]:
    """One box per step: its number, what is done, who does it and its time."""
    return [
        doc.Row(
            [
                doc.Cell(
                    [doc.Paragraph(str(number), size_pt=14, align="center")],
                    bold=True,
                    valign="center",
                    shade=STEP_FILL,
                ),
                doc.Cell([doc.Paragraph(step["text"], bold=True)], valign="center"),
                doc.Cell([step.get("who") or "—"], valign="center"),
                doc.Cell([_minutes(int(step.get("minutes") or 0))], align="center", valign="center", shade=STEP_FILL),
            ]
        )
        for number, step in enumerate(revision.steps, start=1)
    ]


def _document_rows(revision: ServiceRevision) -> list[doc.Row]:
    if not revision.documents:
        return [doc.Row([doc.Cell([NONE], colspan=3)])]
    rows = []
    for item in revision.documents:
        fetches = bool(item.get("office_fetches"))
        copies = int(item.get("copies") or 0)
        rows.append(
            doc.Row(
                [
                    doc.Cell([item["name"]]),
                    doc.Cell([str(copies) if copies else "—"], align="center"),
                    doc.Cell(
                        [_("fetched by the office") if fetches else _("bring it")],
                        shade=FETCH_FILL if fetches else None,
                    ),
                ]
            )
        )
    return rows


def _heading(text: str) -> doc.Paragraph:
    return doc.Paragraph(text, bold=True, size_pt=15, space_before_pt=6, space_after_pt=2, keep_with_next=True)


def _fact(label: str, value: str) -> doc.Cell:
    return doc.Cell(
        [doc.Paragraph(label, size_pt=12, align="center"), doc.Paragraph(value, bold=True, align="center")],
        valign="center",
        shade=FACT_FILL,
    )


def service_blocks(service: Service, revision: ServiceRevision, *, qr_cm: float = 2.4) -> list[doc.Block]:
    """The step sheet of one revision: what fits on one A4 page (used alone and in the catalogue)."""
    org = service.organisation
    note = _("%(unit)s · as updated on %(date)s") % {
        "unit": revision.unit.name if revision.unit else org.name,
        "date": format_date_long(local_date(revision.created_at), thai_digits=False),
    }
    channels: list[doc.Text] = [_("At the counter: %(place)s") % {"place": revision.counter or org.name}]
    if revision.eservice_url:
        channels.append([_("e-Service: "), doc.Run(revision.eservice_url, verbatim=True)])
    channels.append(_("Where to complain: %(where)s") % {"where": revision.complaint_channel or org.name})
    url = public_url(service)
    return [
        doc.Title([revision.name, org.name], large=1, notes=[note], notes_size_pt=12),
        doc.Table(
            widths_cm=[5.5, 11.0],
            rows=[
                doc.Row(
                    [_fact(_("Total time standard"), _minutes(revision.standard_min)), _fact(_("Fee"), revision.fee)]
                )
            ],
            size_pt=15,
            dense=True,
        ),
        _heading(_("Steps")),
        doc.Table(
            widths_cm=[1.0, 9.5, 3.9, 2.1],
            header=[doc.Row([_("No."), _("Step"), _("Done by"), _("Time")])],
            rows=_step_rows(revision),
            size_pt=12,
            dense=True,
        ),
        _heading(_("Required documents")),
        doc.Table(
            widths_cm=[9.0, 1.8, 5.7],
            header=[doc.Row([_("Document"), _("Copies"), _("No Copy Policy")])],
            rows=_document_rows(revision),
            size_pt=12,
            dense=True,
        ),
        # paragraphs, not a borderless table: two tables in a row would run together in the DOCX
        *[
            doc.Paragraph(line, size_pt=12, space_before_pt=6 if index == 0 else 0, space_after_pt=0)
            for index, line in enumerate(channels)
        ],
        doc.Figure(qr_png(url), width_cm=qr_cm, alt=url, space_before_pt=0),
        doc.Paragraph(
            [
                _("Scan for this service's page: the current steps, documents and forms") + " ",
                doc.Run(url, verbatim=True),
            ],
            align="center",
            size_pt=10,
        ),
    ]


def step_sheet(service: Service) -> doc.Document:
    revision = service.latest
    return doc.Document(
        service_blocks(service, revision),
        title=revision.name,
        subject=_("Service step sheet"),
        author=service.organisation.name,
    )


def render_step_sheet(service: Service, fmt: str) -> bytes:
    return doc.render(step_sheet(service), fmt)


def catalogue_document(org: Organisation, *, today: date | None = None) -> doc.Document:
    """The whole catalogue: a contents table, then every service in force on a page of its own."""
    today = today or local_today()
    found = list(selectors.catalogue(org).select_related("organisation"))
    title = _("Service manual for citizens")
    contents = [
        doc.Row(
            [
                str(number),
                service.latest.name,
                service.latest.unit.name if service.latest.unit else "—",
                doc.Cell([_minutes(service.latest.standard_min)], align="center"),
                service.latest.fee,
            ]
        )
        for number, service in enumerate(found, start=1)
    ]
    blocks: list[doc.Block] = [
        doc.Title(
            [title, org.name],
            notes=[
                _(
                    "Under the Licensing Facilitation Act B.E. 2558 (พ.ร.บ.การอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ)"
                ),
                _("As at %(date)s") % {"date": format_date_long(today, thai_digits=False)},
            ],
        ),
        doc.Paragraph(doc.Run(catalogue_url(org), verbatim=True), align="center", size_pt=12),
    ]
    if contents:
        blocks.append(
            doc.Table(
                widths_cm=[1.0, 6.0, 3.0, 2.6, 3.9],
                header=[doc.Row([_("No."), _("Service"), _("Unit"), _("Time standard"), _("Fee")])],
                rows=contents,
                size_pt=12,
            )
        )
    else:
        blocks.append(doc.Paragraph(_("The catalogue has no service in force yet.")))
    for service in found:
        blocks.append(doc.PageBreak())
        blocks += service_blocks(service, service.latest, qr_cm=2.2)
    return doc.Document(blocks, title=f"{title} {org.name}", subject=title, author=org.name)


def render_catalogue(org: Organisation, fmt: str, *, today: date | None = None) -> bytes:
    return doc.render(catalogue_document(org, today=today), fmt)
