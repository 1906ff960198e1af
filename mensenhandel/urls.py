from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from mensenhandel import views, views_bewaren, views_fg, views_gebruikers, views_meldingen, views_werk
from mensenhandel.admin import beheer_site
from mensenhandel.gezondheid import gezondheid
from mensenhandel.toegang import publiek

urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", views.inloggen, name="inloggen"),
    path("inloggen/code/", views.inloggen_code, name="inloggen_code"),
    path("inloggen/koppelen/", views.inloggen_koppelen, name="inloggen_koppelen"),
    path("uitloggen/", views.uitloggen, name="uitloggen"),
    # The invited user: the link from the e-mail, then the password step without the token.
    path("uitnodiging/", views_gebruikers.uitnodiging_wachtwoord, name="uitnodiging_wachtwoord"),
    path("uitnodiging/<str:token>/", views_gebruikers.uitnodiging, name="uitnodiging"),
    path("sessie/verlengen/", views.sessie_verlengen, name="sessie_verlengen"),
    path("werk/", views_werk.werk, name="werk"),
    path("account/meldingen/", views_meldingen.meldingen_instellen, name="meldingen"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("privacy/", views.privacy, name="privacy"),
    path("gezondheid/", gezondheid, name="gezondheid"),
    # Browsers ask for /favicon.ico whatever the page links; the file lives with the other
    # static files (its unhashed name, so that the permanent redirect stays right).
    path(
        "favicon.ico",
        publiek(RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.ico", permanent=True)),
        name="favicon",
    ),
    path(
        "beheerder/",
        include(
            (
                [
                    path("", views.beheerder_start, name="start"),
                    path("toegangslog/", views.toegangslog, name="toegangslog"),
                    path("toegang/", views.toegangswijzigingen, name="toegangswijzigingen"),
                    path("gebruikers/", views_gebruikers.gebruikers, name="gebruikers"),
                    path("gebruikers/nieuw/", views_gebruikers.gebruiker_nieuw, name="gebruiker_nieuw"),
                    path("gebruikers/<uuid:uuid>/", views_gebruikers.gebruiker, name="gebruiker"),
                    path(
                        "gebruikers/<uuid:uuid>/deactiveren/",
                        views_gebruikers.gebruiker_deactiveren,
                        name="gebruiker_deactiveren",
                    ),
                    path(
                        "gebruikers/<uuid:uuid>/heractiveren/",
                        views_gebruikers.gebruiker_heractiveren,
                        name="gebruiker_heractiveren",
                    ),
                    path(
                        "gebruikers/<uuid:uuid>/uitnodiging/versturen/",
                        views_gebruikers.uitnodiging_versturen,
                        name="uitnodiging_versturen",
                    ),
                    path(
                        "gebruikers/<uuid:uuid>/uitnodiging/intrekken/",
                        views_gebruikers.uitnodiging_intrekken,
                        name="uitnodiging_intrekken",
                    ),
                    path("bewaren/", views_bewaren.bewaren_overzicht, name="bewaren"),
                    path("bewaren/termijn/", views_bewaren.bewaartermijn_instellen, name="bewaartermijn"),
                    path("bewaren/blokkade/", views_bewaren.blokkade_plaatsen, name="blokkade_plaatsen"),
                    path(
                        "bewaren/blokkade/<uuid:uuid>/",
                        views_bewaren.blokkade_besluit,
                        name="blokkade_besluit",
                    ),
                    path(
                        "toegang/<uuid:uuid>/beoordelen/",
                        views.toegangswijziging_beoordelen,
                        name="toegangswijziging_beoordelen",
                    ),
                ],
                "beheerder",
            )
        ),
    ),
    path(
        "gegevensbescherming/",
        include(
            (
                [
                    path("", views_fg.start, name="start"),
                    path("drempels/", views_fg.drempels, name="drempels"),
                    path("toegangslog.csv", views_fg.export, name="export"),
                    path("inzage/", views_fg.inzage_zoeken, name="inzage"),
                    path("inzage/<uuid:uuid>/", views_fg.inzage_verzoek, name="inzage_verzoek"),
                    path(
                        "inzage/<uuid:uuid>/inzage.pdf",
                        views_fg.inzage_document,
                        {"formaat": "pdf"},
                        name="inzage_pdf",
                    ),
                    path(
                        "inzage/<uuid:uuid>/inzage.json",
                        views_fg.inzage_document,
                        {"formaat": "json"},
                        name="inzage_json",
                    ),
                    path("inzage/<uuid:uuid>/beperking/", views_fg.inzage_beperking, name="inzage_beperking"),
                ],
                "fg",
            )
        ),
    ),
    path("beheer/", beheer_site.urls),
    path("signalen/", include("signalen.urls")),
    path("zorgcoordinatie/", include("zorgcoordinatie.urls")),
    path("ketenregie/", include("ketenregie.urls")),
    path("rapportage/", include("rapportage.urls")),
]

handler400 = "mensenhandel.foutpaginas.slecht_verzoek"
handler403 = "mensenhandel.foutpaginas.geweigerd"
handler404 = "mensenhandel.foutpaginas.niet_gevonden"
handler500 = "mensenhandel.foutpaginas.serverfout"

admin.site = beheer_site  # so that nothing registers on an unguarded default site
