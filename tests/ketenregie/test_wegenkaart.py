"""The wegenkaart: who edits, what is refused with which message, and what a page costs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from ketenregie.models import Contactpersoon, Partner
from ketenregie.services import wegenkaart as services
from mensenhandel.acties import Geweigerd
from tests.conftest import PER_VERZOEK

GELDIG = {"naam": "Veilig Thuis Gooi", "soort": "veilig_thuis", "telefoon": "0800-2000"}


def partner_van_kr(gebruikers, plaatsen, **gegevens) -> Partner:
    return services.partner_opslaan(
        door=gebruikers["kr"], gegevens={**GELDIG, **gegevens}, regios=[plaatsen["gv"]]
    )


# --- Services ----------------------------------------------------------------------------


def test_kr_legt_partner_vast_en_de_geschiedenis_noemt_hem(gebruikers, plaatsen):
    partner = partner_van_kr(gebruikers, plaatsen, email=" Info@VT.example ")
    assert partner.email == "info@vt.example"
    assert list(partner.regios.all()) == [plaatsen["gv"]]
    # Creation, then the regio's (m2m history): both by the KR, the last one with the regio.
    regels = list(partner.history.order_by("history_id"))
    assert [r.history_type for r in regels] == ["+", "~"]
    assert {r.history_user for r in regels} == {gebruikers["kr"]}
    assert [r.regio for r in regels[-1].regios.all()] == [plaatsen["gv"]]
    contact = services.contactpersoon_opslaan(
        door=gebruikers["kr"], partner=partner, gegevens={"naam": "Els", "email": "els@vt.example"}
    )
    services.contactpersoon_verwijderen(door=gebruikers["fb"], contactpersoon=contact)
    verwijderd = Contactpersoon.history.filter(uuid=contact.uuid).latest()
    assert (verwijderd.history_type, verwijderd.history_user) == ("-", gebruikers["fb"])


@pytest.mark.parametrize(
    ("gegevens", "veld", "melding"),
    [
        (
            {"telefoon": "bel maar"},
            "telefoon",
            services.FOUT_TELEFOON,
        ),
        ({"email": "geen-adres"}, "email", "Vul een geldig e-mailadres in, zoals naam@organisatie.nl."),
        (
            {"telefoon": "", "email": "", "meldpunt": ""},
            "telefoon",
            "Vul ten minste één manier in om deze partner te bereiken: "
            "telefoonnummer, e-mailadres of meldpunt.",
        ),
    ],
)
def test_ongeldige_bereikbaarheid_geeft_nederlandse_melding(gebruikers, plaatsen, gegevens, veld, melding):
    with pytest.raises(ValidationError) as fout:
        partner_van_kr(gebruikers, plaatsen, **gegevens)
    assert fout.value.message_dict[veld] == [melding]
    assert not Partner.objects.exists()


def test_dezelfde_naam_bij_dezelfde_soort_wordt_geweigerd(gebruikers, plaatsen):
    partner_van_kr(gebruikers, plaatsen)
    with pytest.raises(ValidationError) as fout:
        services.partner_opslaan(
            door=gebruikers["fb"], gegevens={**GELDIG, "naam": "veilig thuis GOOI"}, regios=[]
        )
    assert fout.value.message_dict["naam"] == [
        "Er staat al een partner met de naam ‘veilig thuis GOOI’ bij de soort Veilig Thuis. "
        "Pas die aan in plaats van een nieuwe te maken."
    ]
    # Another soort may carry the same name.
    services.partner_opslaan(door=gebruikers["fb"], gegevens={**GELDIG, "soort": "overig"}, regios=[])
    assert Partner.objects.count() == 2


def test_kr_koppelt_alleen_eigen_regio_en_laat_andere_staan(gebruikers, plaatsen):
    with pytest.raises(ValidationError) as fout:
        services.partner_opslaan(door=gebruikers["kr"], gegevens=GELDIG, regios=[plaatsen["fr"]])
    assert fout.value.message_dict["regios"] == ["U kunt alleen uw eigen regio's koppelen."]
    with pytest.raises(ValidationError) as fout:
        services.partner_opslaan(door=gebruikers["kr"], gegevens=GELDIG, regios=[])
    assert fout.value.message_dict["regios"] == [
        "Kies ten minste één van uw eigen regio's die deze partner bedient."
    ]

    partner = services.partner_opslaan(
        door=gebruikers["fb"], gegevens=GELDIG, regios=[plaatsen["gv"], plaatsen["fr"]]
    )
    services.partner_opslaan(
        door=gebruikers["kr"], partner=partner, gegevens={**GELDIG, "naam": "VT"}, regios=[plaatsen["gv"]]
    )
    assert set(partner.regios.all()) == {plaatsen["gv"], plaatsen["fr"]}


def test_kr_van_andere_regio_en_af_mogen_niet_bewerken(gebruikers, plaatsen):
    partner = partner_van_kr(gebruikers, plaatsen)
    with pytest.raises(Geweigerd, match="die een van uw regio's bedienen"):
        services.partner_opslaan(
            door=gebruikers["kr_ander"], partner=partner, gegevens=GELDIG, regios=[plaatsen["fr"]]
        )
    with pytest.raises(Geweigerd, match="Alleen de ketenregisseur of de functioneel beheerder"):
        services.partner_opslaan(door=gebruikers["af"], gegevens=GELDIG, regios=[])


def test_contactpersoon_heeft_telefoon_of_email_nodig(gebruikers, plaatsen):
    partner = partner_van_kr(gebruikers, plaatsen)
    with pytest.raises(ValidationError) as fout:
        services.contactpersoon_opslaan(door=gebruikers["kr"], partner=partner, gegevens={"naam": "Els"})
    assert fout.value.message_dict["telefoon"] == [
        "Vul een telefoonnummer of e-mailadres van de contactpersoon in."
    ]


# --- Views ---------------------------------------------------------------------------------


def test_fout_in_formulier_houdt_invoer_vast(client_als, plaatsen):
    antwoord = client_als("kr").post(
        reverse("ketenregie:partner_nieuw"),
        {
            "naam": "Fier",
            "soort": "opvang",
            "regios": [plaatsen["gv"].pk],
            "email": "fier-at-example",
            "actief": "on",
        },
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Vul een geldig e-mailadres in, zoals naam@organisatie.nl." in html
    assert 'value="Fier"' in html and 'value="fier-at-example"' in html
    assert not Partner.objects.exists()


def test_dubbele_naam_via_formulier_geeft_400_en_geen_500(client_als, gebruikers, plaatsen):
    partner_van_kr(gebruikers, plaatsen)
    antwoord = client_als("kr").post(
        reverse("ketenregie:partner_nieuw"),
        {**GELDIG, "regios": [plaatsen["gv"].pk], "actief": "on"},
    )
    assert antwoord.status_code == 400
    assert "Er staat al een partner met de naam" in antwoord.content.decode()
    assert Partner.objects.count() == 1


def test_kr_maakt_partner_via_formulier(client_als, gebruikers, plaatsen):
    antwoord = client_als("kr").post(
        reverse("ketenregie:partner_nieuw"),
        {**GELDIG, "regios": [plaatsen["gv"].pk], "wat_kunnen_zij": "Advies", "actief": "on"},
    )
    partner = Partner.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("ketenregie:partner", kwargs={"uuid": partner.uuid})
    assert partner.history.latest().history_user == gebruikers["kr"]


def test_af_leest_maar_maakt_geen_partner(client_als, gebruikers, plaatsen):
    partner = partner_van_kr(gebruikers, plaatsen)
    client = client_als("af")
    html = client.get(reverse("ketenregie:wegenkaart")).content.decode()
    assert partner.naam in html and "Nieuwe partner" not in html
    detail = client.get(reverse("ketenregie:partner", kwargs={"uuid": partner.uuid})).content.decode()
    assert "Alleen lezen" in detail and "Gegevens bewerken" not in detail
    assert client.get(reverse("ketenregie:partner_nieuw")).status_code == 403


def test_kr_van_andere_regio_krijgt_404_op_bewerken(client_als, gebruikers, plaatsen):
    partner = partner_van_kr(gebruikers, plaatsen)
    client = client_als("kr_ander")
    url = reverse("ketenregie:partner_bewerken", kwargs={"uuid": partner.uuid})
    assert client.get(url).status_code == 404
    assert client.post(url, {**GELDIG, "naam": "Gekaapt", "regios": [plaatsen["fr"].pk]}).status_code == 404
    partner.refresh_from_db()
    assert partner.naam == GELDIG["naam"]


def test_fb_verwijdert_contactpersoon(client_als, gebruikers, plaatsen):
    partner = partner_van_kr(gebruikers, plaatsen)
    contact = services.contactpersoon_opslaan(
        door=gebruikers["kr"], partner=partner, gegevens={"naam": "Els", "telefoon": "035 123 4567"}
    )
    url = reverse("ketenregie:contactpersoon_verwijderen", kwargs={"uuid": contact.uuid})
    client = client_als("fb")
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Contactpersoon.objects.exists()


def test_zoeken_en_filteren(client_als, gebruikers, plaatsen):
    partner_van_kr(gebruikers, plaatsen, wat_kunnen_zij="Advies bij huiselijk geweld")
    services.partner_opslaan(
        door=gebruikers["kr_ander"],
        gegevens={"naam": "AVIM Noord", "soort": "politie_avim", "telefoon": "0900-8844"},
        regios=[plaatsen["fr"]],
    )
    services.partner_opslaan(
        door=gebruikers["fb"],
        gegevens={"naam": "CoMensha", "soort": "comensha", "telefoon": "033 448 1186"},
        regios=[],
    )
    client = client_als("zc")
    url = reverse("ketenregie:wegenkaart")

    html = client.get(url, {"q": "HUISELIJK"}).content.decode()
    assert "Veilig Thuis Gooi" in html and "AVIM Noord" not in html

    html = client.get(url, {"regio": plaatsen["fr"].pk}).content.decode()
    # National partners (no regio) show with every regio.
    assert "AVIM Noord" in html and "CoMensha" in html and "Veilig Thuis Gooi" not in html

    html = client.get(url, {"soort": "politie_avim"}).content.decode()
    assert "AVIM Noord" in html and "CoMensha</a>" not in html
    assert client.get(url, {"regio": "999999"}).status_code == 400


def _partners(gebruikers, plaatsen, aantal: int) -> None:
    for i in range(aantal):
        partner = partner_van_kr(
            gebruikers, plaatsen, naam=f"Partner {i:02d}", soort=["opvang", "riec", "coa"][i % 3]
        )
        services.contactpersoon_opslaan(
            door=gebruikers["kr"],
            partner=partner,
            gegevens={"naam": f"Contact {i}", "telefoon": "035 123 4567"},
        )


@pytest.mark.parametrize("aantal", [3, 30])
def test_wegenkaart_kost_een_vast_aantal_queries(
    client_als, gebruikers, plaatsen, aantal, django_assert_num_queries
):
    _partners(gebruikers, plaatsen, aantal)
    client = client_als("kr")
    client.get(reverse("ketenregie:wegenkaart"))  # warm the session
    # PER_VERZOEK;
    # the chosen regio (form validation): 1; partners, their regio's and contact
    # persons: 3; the KR's editable partners (regio scope as a subquery): 1; the regio
    # filter's options: 1.
    with django_assert_num_queries(PER_VERZOEK + 6):
        antwoord = client.get(reverse("ketenregie:wegenkaart"), {"regio": plaatsen["gv"].pk})
    assert antwoord.status_code == 200
    assert antwoord.content.decode().count('scope="row"') == aantal


def test_demo_laden_is_idempotent(db):
    from mensenhandel.demo import demo_laden

    demo_laden()
    aantal = Partner.objects.count()
    demo_laden()
    assert aantal == Partner.objects.count() >= 5
    # One contact per demo partner that names one, not two after the second run.
    from ketenregie.demo.wegenkaart import DEMO

    assert Contactpersoon.objects.count() == sum(len(d["contacten"]) for d in DEMO)


# --- Editing a contact person ----------------------------------------------------------------


def _contact(gebruikers, plaatsen) -> Contactpersoon:
    partner = partner_van_kr(gebruikers, plaatsen)
    return services.contactpersoon_opslaan(
        door=gebruikers["kr"],
        partner=partner,
        gegevens={"naam": "Els de Boer", "functie": "Consulent", "telefoon": "035 123 4567"},
    )


def _bewerk_url(contact: Contactpersoon) -> str:
    return reverse("ketenregie:contactpersoon_bewerken", kwargs={"uuid": contact.uuid})


@pytest.mark.parametrize("wie", ["kr", "fb"])
def test_contactpersoon_bewerken_via_formulier(client_als, gebruikers, plaatsen, wie):
    contact = _contact(gebruikers, plaatsen)
    client = client_als(wie)
    formulier = client.get(_bewerk_url(contact)).content.decode()
    assert 'value="Els de Boer"' in formulier and 'value="035 123 4567"' in formulier
    assert "Contactpersoon bewerken: Els de Boer" in formulier

    antwoord = client.post(
        _bewerk_url(contact),
        {"naam": "Els de Boer-Visser", "functie": "Teamleider", "telefoon": "", "email": "Els@VT.example"},
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == (
        reverse("ketenregie:partner", kwargs={"uuid": contact.partner.uuid}) + "#contactpersonen"
    )
    contact.refresh_from_db()
    assert (contact.naam, contact.functie, contact.telefoon, contact.email) == (
        "Els de Boer-Visser",
        "Teamleider",
        "",
        "els@vt.example",
    )
    assert contact.history.latest().history_user == gebruikers[wie]
    assert Contactpersoon.objects.count() == 1


@pytest.mark.parametrize(
    ("invoer", "veld", "melding"),
    [
        ({"naam": ""}, "naam", "Vul de naam van de contactpersoon in."),
        ({"telefoon": "bel maar"}, "telefoon", services.FOUT_TELEFOON),
        ({"email": "els-at-vt"}, "email", services.FOUT_EMAIL),
        ({"telefoon": "", "email": ""}, "telefoon", services.FOUT_CONTACT_BEREIKBAAR),
    ],
)
def test_contactpersoon_bewerken_met_foute_invoer(client_als, gebruikers, plaatsen, invoer, veld, melding):
    contact = _contact(gebruikers, plaatsen)
    data = {"naam": "Els Nieuw", "functie": "Nieuwe functie", "telefoon": "035 123 4567", "email": ""}
    antwoord = client_als("kr").post(_bewerk_url(contact), {**data, **invoer})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert f'id="id_{veld}_fout"><p>{escape(melding)}</p>' in html
    assert 'value="Nieuwe functie"' in html  # the input is kept
    # The heading keeps the stored name, whatever was typed.
    assert "Contactpersoon bewerken: Els de Boer" in html
    contact.refresh_from_db()
    assert (contact.naam, contact.functie) == ("Els de Boer", "Consulent")


def test_contactpersoon_bewerken_andere_regio_en_lezers(client_als, gebruikers, plaatsen):
    contact = _contact(gebruikers, plaatsen)
    url = _bewerk_url(contact)
    data = {"naam": "Gekaapt", "telefoon": "0800-1234"}
    assert client_als("kr_ander").get(url).status_code == 404
    assert client_als("kr_ander").post(url, data).status_code == 404
    for wie in ("af", "zc"):
        assert client_als(wie).get(url).status_code == 403
        assert client_als(wie).post(url, data).status_code == 403
    contact.refresh_from_db()
    assert contact.naam == "Els de Boer"
    onbekend = reverse("ketenregie:contactpersoon_bewerken", kwargs={"uuid": Partner().uuid})
    assert client_als("kr").get(onbekend).status_code == 404


def test_partnerpagina_toont_bewerken_alleen_aan_bewerkers(client_als, gebruikers, plaatsen):
    contact = _contact(gebruikers, plaatsen)
    partner_url = reverse("ketenregie:partner", kwargs={"uuid": contact.partner.uuid})
    link = f'href="{_bewerk_url(contact)}" aria-label="Els de Boer bewerken">Bewerken</a>'
    assert link in client_als("kr").get(partner_url).content.decode()
    assert link in client_als("fb").get(partner_url).content.decode()
    for lezer in ("af", "zc", "kr_ander"):
        html = client_als(lezer).get(partner_url).content.decode()
        assert "Els de Boer" in html and _bewerk_url(contact) not in html


# --- Partners for the case apps' forms (the provider behind mensenhandel.partners) -----------


def test_partnerkeuzes_voor_regio_soort_en_actief(gebruikers, plaatsen):
    from ketenregie.selectors.wegenkaart import partnerkeuzes_voor
    from mensenhandel.models import Regio

    fb, gv, fr = gebruikers["fb"], plaatsen["gv"], plaatsen["fr"]

    def maak(naam: str, soort: str, regios: list, **extra) -> Partner:
        return services.partner_opslaan(
            door=fb, gegevens={"naam": naam, "soort": soort, "telefoon": "0900-8844", **extra}, regios=regios
        )

    maak("TMM Noord", "politie_tmm", [fr])
    maak("avim gooi", "politie_avim", [gv])
    maak("AVIM Amsterdam", "politie_avim", [gv])
    maak("CoMensha", "comensha", [])  # national
    maak("Oud team", "politie_tmm", [gv], actief=False)
    # A partner of the chain region above Gooi en Vechtstreek serves it too.
    keten = Regio.objects.create(naam="Midden-Nederland")
    gv.bovenliggende_regio = keten
    gv.save()
    maak("Basisteam Keten", "politie_basisteam", [keten])

    gevonden = partnerkeuzes_voor(gebruikers["af"], regio=gv)
    # In the order of the kinds, then by name (case-insensitive); inactive and other regio out.
    assert [(p.naam, p.soort) for p in gevonden] == [
        ("Basisteam Keten", "politie_basisteam"),
        ("AVIM Amsterdam", "politie_avim"),
        ("avim gooi", "politie_avim"),
        ("CoMensha", "comensha"),
    ]
    assert gevonden[1].soortlabel == "Politie: AVIM (Vreemdelingenpolitie, Identificatie en Mensenhandel)"
    # An editor sees inactive partners on the wegenkaart, but may not choose them either.
    assert "Oud team" not in [p.naam for p in partnerkeuzes_voor(gebruikers["kr"], regio=gv)]
    # Several regio's (a queryset), kinds, and no user.
    beide = Regio.objects.filter(pk__in=[gv.pk, fr.pk])
    assert [p.naam for p in partnerkeuzes_voor(None, regio=beide, soorten=["politie_tmm", "riec"])] == [
        "TMM Noord"
    ]
    assert [p.naam for p in partnerkeuzes_voor(gebruikers["zc"], soorten=["comensha", "onbekend"])] == [
        "CoMensha"
    ]
    assert partnerkeuzes_voor(gebruikers["zonder_rol"], regio=gv) == []
