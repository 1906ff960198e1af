"""What waits for a ketenregisseur in the reports ("Mijn werk", ``mensenhandel.werk``): a report of
their regio's that became klaar since their account was made and that they have not downloaded yet
(``Rapportopening``, recorded by every download)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from mensenhandel.models import Gebruiker, Rol
from mensenhandel.periode import datum_tekst
from mensenhandel.toegang import heeft_rol
from mensenhandel.werk import Regel, Werkbron
from rapportage.models import Rapport, Rapportopening, Status
from rapportage.selectors import rapporten_voor


def rapporten_klaar(gebruiker: Gebruiker) -> Werkbron | None:
    if not heeft_rol(gebruiker, Rol.KETENREGISSEUR):
        return None
    geopend = Rapportopening.objects.filter(rapport=OuterRef("pk"), gebruiker=gebruiker)

    def regel(r: Rapport) -> Regel:
        dag = timezone.localdate(r.klaar_op) if r.klaar_op else None
        return Regel(
            referentie=f"{r.regio.naam}, {r.periode_label}, versie {r.versie}",
            url=reverse("rapportage:rapport", kwargs={"uuid": r.uuid}),
            datum=dag,
            toelichting=f"klaar op {datum_tekst(dag)}" if dag else "klaar",
        )

    return Werkbron(
        soort="kr.rapporten_klaar",
        label="Rapportages klaar om te downloaden",
        url=reverse("rapportage:start"),
        open=rapporten_voor(gebruiker)
        .filter(status=Status.KLAAR, klaar_op__gte=gebruiker.aangemaakt_op)
        .exclude(Exists(geopend))
        .select_related(None)
        .select_related("regio")
        .only("uuid", "versie", "soort", "van", "tot", "klaar_op", "regio__naam")
        .order_by("klaar_op", "id"),
        regel=regel,
    )
