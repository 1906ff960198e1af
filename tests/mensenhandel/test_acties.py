"""The kernel's form-action flow: one refusal, one version conflict, one form token."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import RequestFactory

from mensenhandel import acties
from mensenhandel.acties import (
    Geweigerd,
    VersieConflict,
    eenmalig,
    eerder_verstuurd,
    formulieractie,
    formulierstatus,
)
from zorgcoordinatie.models import Aanmelding


class NaamForm(forms.Form):
    naam = forms.CharField()


def geldig_formulier() -> NaamForm:
    form = NaamForm({"naam": "x"})
    assert form.is_valid()
    return form


def test_gelukt_geeft_het_antwoord_van_de_dienst() -> None:
    form = geldig_formulier()
    uitkomst = formulieractie(form, lambda: 42)
    assert uitkomst.gelukt and uitkomst.resultaat == 42
    assert not form.errors


def test_een_validatiefout_landt_op_het_veld_of_bovenaan() -> None:
    def dienst() -> None:
        raise ValidationError({"naam": "Vul een naam in.", "onbekend": "Iets anders klopt niet."})

    form = geldig_formulier()
    uitkomst = formulieractie(form, dienst)
    assert not uitkomst.gelukt
    assert form.errors["naam"] == ["Vul een naam in."]
    assert form.non_field_errors() == ["Iets anders klopt niet."]
    with pytest.raises(RuntimeError):
        uitkomst.resultaat  # noqa: B018


def test_een_weigering_staat_bovenaan_met_status_400() -> None:
    def dienst() -> None:
        raise Geweigerd("Dat mag nu niet.")

    form = geldig_formulier()
    assert not formulieractie(form, dienst).gelukt
    assert form.non_field_errors() == ["Dat mag nu niet."]
    assert formulierstatus(RequestFactory().post("/"), form) == 400


def test_een_weigering_kan_aan_de_view_worden_doorgegeven() -> None:
    def dienst() -> None:
        raise Geweigerd("Dat mag nu niet.")

    form = geldig_formulier()
    with pytest.raises(Geweigerd):
        formulieractie(form, dienst, weigering_doorgeven=True)
    assert not form.errors


def test_een_versieconflict_geeft_409_en_verliest_de_invoer_niet() -> None:
    def dienst() -> None:
        raise VersieConflict("Iemand anders heeft dit intussen gewijzigd.")

    form = geldig_formulier()
    assert not formulieractie(form, dienst).gelukt
    assert form.non_field_errors() == ["Iemand anders heeft dit intussen gewijzigd."]
    assert form.cleaned_data["naam"] == "x"
    assert formulierstatus(RequestFactory().post("/"), form) == 409


def test_status_van_een_pagina_zonder_actie() -> None:
    assert formulierstatus(RequestFactory().get("/"), NaamForm()) == 200


def aanmelding(regio: object, door: object, token: uuid.UUID | None) -> Aanmelding:
    nieuw = Aanmelding(regio=regio, bron=Aanmelding.Bron.POLITIE, ingevoerd_door=door, formuliertoken=token)
    nieuw.save()
    return nieuw


def test_eenmalig_maakt_een_keer_per_token(plaatsen, gebruikers) -> None:
    zc, gv = gebruikers["zc"], plaatsen["gv"]
    eigen = Aanmelding.objects.filter(ingevoerd_door=zc)
    token = uuid.uuid4()
    eerste, nieuw = eenmalig(eigen, token, lambda: aanmelding(gv, zc, token))
    assert nieuw
    tweede, nieuw = eenmalig(eigen, token, lambda: aanmelding(gv, zc, token))
    assert (tweede, nieuw) == (eerste, False)
    assert Aanmelding.objects.count() == 1


def test_eenmalig_wie_de_race_verliest_krijgt_het_record_van_de_winnaar(plaatsen, gebruikers) -> None:
    zc, gv = gebruikers["zc"], plaatsen["gv"]
    eigen = Aanmelding.objects.filter(ingevoerd_door=zc)
    token = uuid.uuid4()
    echt = acties.eerder_verstuurd
    # The twin request commits between our check (which still saw nothing) and our insert.
    # The real two-request race runs in tests/signalen and tests/zorgcoordinatie.
    antwoorden = iter([lambda: None, lambda: echt(eigen, token)])
    with mock.patch.object(acties, "eerder_verstuurd", side_effect=lambda *_: next(antwoorden)()):
        winnaar = aanmelding(gv, zc, token)
        gevonden, nieuw = eenmalig(eigen, token, lambda: aanmelding(gv, zc, token))
    assert (gevonden, nieuw) == (winnaar, False)
    assert Aanmelding.objects.count() == 1  # the loser's insert was rolled back


def test_eenmalig_toont_geen_record_van_een_ander(plaatsen, gebruikers) -> None:
    gv = plaatsen["gv"]
    token = uuid.uuid4()
    aanmelding(gv, gebruikers["zc"], token)
    anders = Aanmelding.objects.filter(ingevoerd_door=gebruikers["kr"])
    assert eerder_verstuurd(anders, token) is None
    # Someone else's token that collides is not handed out: the error goes on.
    with pytest.raises(IntegrityError, match=r"(?i)unique|formuliertoken"):
        eenmalig(anders, token, lambda: aanmelding(gv, gebruikers["kr"], token))


def test_zonder_token_geen_opzoeking() -> None:
    assert eerder_verstuurd(Aanmelding.objects.all(), None) is None
