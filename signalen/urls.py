from django.urls import path

from signalen import views

app_name = "signalen"

urlpatterns = [
    path("", views.start, name="start"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("export/", views.export, name="export"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/bewerken/", views.bewerken, name="bewerken"),
    path("<uuid:uuid>/notitie/", views.notitie, name="notitie"),
    path("<uuid:uuid>/wegen/", views.wegen, name="wegen"),
    path("<uuid:uuid>/besluit/", views.besluit, name="besluit"),
    path("<uuid:uuid>/terugkoppeling-melder/", views.melder_terugkoppeling, name="melder_terugkoppeling"),
    path("<uuid:uuid>/heropenen/", views.heropenen, name="heropenen"),
    path("<uuid:uuid>/bewaren/", views.blokkade_aanvragen, name="blokkade_aanvragen"),
    path("<uuid:uuid>/wissen/", views.wissen, name="wissen"),
    path("wisverzoeken/", views.wisverzoeken, name="wisverzoeken"),
    path("wisverzoeken/<uuid:uuid>/", views.wisverzoek_beoordelen, name="wisverzoek_beoordelen"),
    path("<uuid:uuid>/personen/nieuw/", views.persoon_toevoegen, name="persoon_toevoegen"),
    path("personen/<uuid:uuid>/bewerken/", views.persoon_bewerken, name="persoon_bewerken"),
    path("personen/<uuid:uuid>/verwijderen/", views.persoon_verwijderen, name="persoon_verwijderen"),
    path("doorverwijzingen/<uuid:uuid>/terugkoppeling/", views.terugkoppeling, name="terugkoppeling"),
    path("doorverwijzingen/<uuid:uuid>/partnerlink/", views.partnerlink, name="partnerlink"),
    path(
        "doorverwijzingen/<uuid:uuid>/partnerlink/intrekken/",
        views.partnerlink_intrekken,
        name="partnerlink_intrekken",
    ),
    path("partner/<str:token>/", views.partnerantwoord, name="partnerantwoord"),
    path("koppelingen/<uuid:uuid>/", views.koppeling, name="koppeling"),
    path("<uuid:uuid>/treffers/<uuid:koppeling>/contact/", views.contact_aanvragen, name="contact_aanvragen"),
    path("contactverzoeken/<uuid:uuid>/", views.contactverzoek, name="contactverzoek"),
    path("treffers/", views.treffers, name="treffers"),
]
