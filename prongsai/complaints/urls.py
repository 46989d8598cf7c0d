from django.urls import path

from prongsai.complaints import board, reporting, views

app_name = "complaints"

public = "<slug:org_slug>/complaints/"
staff = "<slug:org_slug>/staff/complaints/"
case = staff + "<str:case_number>/"

urlpatterns = [
    # public, anonymous (AnonymousReportingMiddleware strips who is asking)
    path(public, reporting.start, name="start"),
    path(public + "new/", reporting.new_report, name="new"),
    path(public + "receipt/", reporting.receipt, name="receipt"),
    path(public + "case/", reporting.reporter_case, name="reporter_case"),
    path(public + "protection/", reporting.protection, name="protection"),
    path(public + "poster.pdf", reporting.poster, name="poster"),
    path(public + "board/", board.public_board, name="board"),
    path(public + "statistics-<int:year>.pdf", board.statistics_file, {"ext": "pdf"}, name="statistics"),
    path(public + "statistics-<int:year>.xlsx", board.statistics_file, {"ext": "xlsx"}, name="statistics"),
    # staff: the recipients
    path(staff, views.inbox, name="inbox"),
    path(staff + "policy/", views.policy, name="policy"),
    path(staff + "oit-statistics/", views.oit_statistics, name="oit_statistics"),
    path(case, views.case, name="case"),
    path(case + "contact/", views.case_contact, name="case_contact"),
    path(case + "message/", views.case_message, name="case_message"),
    path(case + "step/", views.case_step, name="case_step"),
    path(case + "hold/", views.case_hold, name="case_hold"),
    path(case + "attachments/<int:attachment_id>/", views.case_attachment, name="case_attachment"),
]
