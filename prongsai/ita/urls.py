from django.urls import path

from prongsai.ita import views

app_name = "ita"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_results, name="import"),
    path("import/template.xlsx", views.import_template, {"fmt": "xlsx"}, name="import_template"),
    path("import/template.csv", views.import_template, {"fmt": "csv"}, name="import_template_csv"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/edit/", views.edit, name="edit"),
    path("<int:year>/items/", views.items, name="items"),
    path("<int:year>/analysis/", views.analysis, name="analysis"),
    path("<int:year>/plan/", views.plan, name="plan"),
    path("<int:year>/plan/add/", views.plan_row, name="plan_add"),
    path("<int:year>/plan/<int:row_id>/", views.plan_row, name="plan_row"),
    path("<int:year>/plan/<int:row_id>/delete/", views.plan_row_delete, name="plan_row_delete"),
    path("<int:year>/report.<str:fmt>", views.download, name="download"),
    path("<int:year>/chart/<str:which>.png", views.chart, name="chart"),
]
