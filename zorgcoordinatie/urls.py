from django.urls import path

from zorgcoordinatie import views

app_name = "zorgcoordinatie"

urlpatterns = [
    path("", views.start, name="start"),
    path("inbox/uit-signalen/", views.inbox, {"soort": "signalen"}, name="inbox_signalen"),
    path("inbox/direct/", views.inbox, {"soort": "direct"}, name="inbox_direct"),
    path("aanmeldingen/nieuw/", views.aanmelding_nieuw, name="aanmelding_nieuw"),
    path("aanmeldingen/<uuid:uuid>/", views.aanmelding_beantwoorden, name="aanmelding_beantwoorden"),
    path(
        "doorverwijzingen/<uuid:uuid>/",
        views.doorverwijzing_beantwoorden,
        name="doorverwijzing_beantwoorden",
    ),
    path("trajecten/<uuid:uuid>/", views.traject, name="traject"),
    path("trajecten/<uuid:uuid>/bewerken/", views.traject_bewerken, name="traject_bewerken"),
    path("trajecten/<uuid:uuid>/bewaren/", views.blokkade_aanvragen, name="blokkade_aanvragen"),
    path("trajecten/<uuid:uuid>/fase/", views.fase_wijzigen, name="fase_wijzigen"),
    path("trajecten/<uuid:uuid>/intake/", views.intake, name="intake"),
    path("trajecten/<uuid:uuid>/zorgacties/nieuw/", views.zorgactie_toevoegen, name="zorgactie_toevoegen"),
    path(
        "trajecten/<uuid:uuid>/zorgoverleg/nieuw/", views.zorgoverleg_toevoegen, name="zorgoverleg_toevoegen"
    ),
    path("trajecten/<uuid:uuid>/afsluiten/", views.afsluiten, name="afsluiten"),
    path("trajecten/<uuid:uuid>/heropenen/", views.heropenen, name="heropenen"),
    path("zorgacties/<uuid:uuid>/bewerken/", views.zorgactie_bewerken, name="zorgactie_bewerken"),
    path("afspraken/<uuid:uuid>/afronden/", views.afspraak_afronden, name="afspraak_afronden"),
    path("clienten/", views.clienten, name="clienten"),
    path("clienten/<uuid:uuid>/", views.client, name="client"),
    path("clienten/<uuid:uuid>/bewerken/", views.client_bewerken, name="client_bewerken"),
    path("clienten/<uuid:uuid>/comensha/", views.comensha_toestemming, name="comensha_toestemming"),
    path("clienten/<uuid:uuid>/comensha/export/", views.comensha_export, name="comensha_export"),
]
