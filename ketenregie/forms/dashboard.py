"""The dashboard's filter: which of the ketenregisseur's regio's, and which publication period.

Figures exist per month, quarter, half-year or year only (``Periode.is_publicatieperiode``):
a period chosen to the day would let two overlapping queries single out one signal. The
period is a choice from ``publicatieperioden`` (a ``<select>`` with a group per year),
sent as ``periode=<code>``. Old links with ``van`` and ``tot`` keep working when those
form such a period; any other ``van``/``tot`` is an error, and no figure is computed.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst

from mensenhandel.forms import verplicht_tonen
from mensenhandel.models import Regio
from mensenhandel.periode import JAAR, Periode, datum_tekst, publicatieperioden

JAREN = 5  # the dashboard offers the publication periods of the last five years

FOUT_VRIJE_PERIODE = (
    "Cijfers zijn er alleen per maand, kwartaal, halfjaar of jaar, niet voor een periode naar keuze. "
    "U vroeg om {gevraagd}. Kies een periode uit de lijst."
)
FOUT_PERIODE = "Kies een periode uit de lijst."
FOUT_PERIODE_LEEG = "Kies een periode."


def keuzetekst(periode: Periode) -> str:
    """The text of a period in the list: "Heel 2026", "Eerste halfjaar 2026", "Juni 2026"."""
    return f"Heel {periode.label}" if periode.soort == JAAR else capfirst(periode.label)


def _gevraagd(van: str, tot: str) -> str:
    """The range an old link asked for, in words where the dates are dates."""

    def dag(waarde: str) -> str:
        try:
            return datum_tekst(date.fromisoformat(waarde))
        except ValueError:
            return f"‘{waarde[:20]}’" if waarde else "(leeg)"

    return f"{dag(van)} tot en met {dag(tot)}"


Groepen = list[tuple[int, list[Periode]]]
Keuzes = list[tuple[str, list[tuple[str, str]]]]


@functools.lru_cache(maxsize=4)
def _perioden(vandaag: date) -> tuple[Groepen, Keuzes]:
    """The periods to pick from and their texts, made once a day per process (issue 16: some 90
    dates written out in words on every view of the dashboard)."""
    groepen = publicatieperioden(vandaag, jaren=JAREN)
    keuzes = [(str(jaar), [(p.code or "", keuzetekst(p)) for p in perioden]) for jaar, perioden in groepen]
    return groepen, keuzes


class DashboardFilter(forms.Form):
    regio = forms.ModelChoiceField(
        label="Regio",
        queryset=Regio.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Kies een regio.",
            "invalid_choice": "Kies een van uw eigen regio's uit de lijst.",
        },
    )
    # Required in ``clean_periode``, so that an old link's message can replace "Kies een periode."
    periode = forms.CharField(label="Periode", required=False, widget=forms.Select)

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        regios: QuerySet[Regio],
        standaard: Periode,
        vandaag: date | None = None,
        **kwargs: Any,
    ) -> None:
        """Missing parameters take the defaults (a link with only ``regio`` shows the current
        half-year); a parameter that is present but empty is an error."""
        eerste = regios.first()
        self.groepen, keuzes = _perioden(vandaag or timezone.localdate())
        self.toegestaan = {p.code: p for _, perioden in self.groepen for p in perioden}
        self.oude_vraag: tuple[str, str] | None = None
        if data is not None:
            data = data.copy()
            if "periode" not in data and ("van" in data or "tot" in data):
                van, tot = data.get("van", ""), data.get("tot", "")
                self.oude_vraag = (van, tot)
                data["periode"] = self._code_van(van, tot)
            data.setdefault("regio", str(eerste.pk) if eerste else "")
            data.setdefault("periode", standaard.code or "")
        super().__init__(data, initial={"regio": eerste, "periode": standaard.code}, **kwargs)
        cast(forms.ModelChoiceField, self.fields["regio"]).queryset = regios
        cast(forms.Select, self.fields["periode"].widget).choices = keuzes

    @staticmethod
    def _code_van(van: str, tot: str) -> str:
        """The code of the publication period ``van``–``tot`` form, or "" when they form none."""
        try:
            periode = Periode(date.fromisoformat(van), date.fromisoformat(tot))
        except ValueError:
            return ""
        return periode.code or ""

    def clean_periode(self) -> Periode:
        code = self.cleaned_data.get("periode") or ""
        if not code and self.oude_vraag is not None:
            raise forms.ValidationError(FOUT_VRIJE_PERIODE.format(gevraagd=_gevraagd(*self.oude_vraag)))
        if not code:
            raise forms.ValidationError(FOUT_PERIODE_LEEG)
        periode = self.toegestaan.get(code)
        if periode is None:
            raise forms.ValidationError(FOUT_PERIODE)
        return periode

    def keuze(self) -> tuple[Regio, Periode]:
        """The chosen regio and period; only for a valid form, and always a publication period."""
        data = self.cleaned_data
        periode: Periode = data["periode"]
        if not periode.is_publicatieperiode:  # the choices hold nothing else; a guard, not a check
            raise ValueError(f"Geen publicatieperiode: {periode}.")
        return data["regio"], periode


verplicht_tonen(DashboardFilter, "periode")
