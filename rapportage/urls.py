from django.urls import path

from rapportage import views

app_name = "rapportage"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:uuid>/", views.rapport, name="rapport"),
    path("<uuid:uuid>/status/", views.status, name="status"),
    path("<uuid:uuid>/downloaden/", views.downloaden, name="downloaden"),
    path("<uuid:uuid>/cijfers/csv/", views.export_csv, name="export_csv"),
    path("<uuid:uuid>/cijfers/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("<uuid:uuid>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<uuid:uuid>/opnieuw/", views.opnieuw, name="opnieuw"),
    path("<uuid:uuid>/verwijderen/", views.verwijderen, name="verwijderen"),
]
