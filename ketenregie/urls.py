from django.urls import path

from ketenregie import views

app_name = "ketenregie"

urlpatterns = [
    path("", views.start, name="start"),
    path("wegenkaart/", views.wegenkaart, name="wegenkaart"),
    path("wegenkaart/nieuw/", views.partner_nieuw, name="partner_nieuw"),
    path("wegenkaart/<uuid:uuid>/", views.partner, name="partner"),
    path("wegenkaart/<uuid:uuid>/bewerken/", views.partner_bewerken, name="partner_bewerken"),
    path(
        "wegenkaart/<uuid:uuid>/contactpersonen/nieuw/",
        views.contactpersoon_toevoegen,
        name="contactpersoon_toevoegen",
    ),
    path(
        "wegenkaart/contactpersonen/<uuid:uuid>/verwijderen/",
        views.contactpersoon_verwijderen,
        name="contactpersoon_verwijderen",
    ),
]
