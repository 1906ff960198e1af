"""The dashboard's filter: which of the ketenregisseur's regio's, and which period."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from mensenhandel.forms import DATUM, DATUMFOUT
from mensenhandel.models import Regio
from mensenhandel.periode import Periode, datum_tekst

EERSTE_DAG = date(2000, 1, 1)
LAATSTE_DAG = date(2099, 12, 31)
MAXIMAAL_DAGEN = 5 * 365 + 2  # five years, leap days included


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
    van = forms.DateField(
        label="Van",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de eerste dag van de periode in."},
    )
    tot = forms.DateField(
        label="Tot en met",
        widget=DATUM,
        error_messages={**DATUMFOUT, "required": "Vul de laatste dag van de periode in."},
    )

    def __init__(
        self, data: QueryDict | None = None, *, regios: QuerySet[Regio], standaard: Periode, **kwargs: Any
    ) -> None:
        """Missing parameters take the defaults (a link with only ``regio`` shows the current
        half-year); a parameter that is present but empty is an error."""
        eerste = regios.first()
        standaarden = {
            "regio": str(eerste.pk) if eerste else "",
            "van": standaard.van.isoformat(),
            "tot": standaard.tot.isoformat(),
        }
        if data is not None:
            data = data.copy()
            for sleutel, waarde in standaarden.items():
                data.setdefault(sleutel, waarde)
        super().__init__(
            data, initial={"regio": eerste, "van": standaard.van, "tot": standaard.tot}, **kwargs
        )
        cast(forms.ModelChoiceField, self.fields["regio"]).queryset = regios

    def _binnen_bereik(self, veld: str) -> date | None:
        dag = self.cleaned_data.get(veld)
        if dag is not None and not EERSTE_DAG <= dag <= LAATSTE_DAG:
            raise forms.ValidationError(
                f"Kies een datum tussen {datum_tekst(EERSTE_DAG)} en {datum_tekst(LAATSTE_DAG)}."
            )
        return dag

    def clean_van(self) -> date | None:
        return self._binnen_bereik("van")

    def clean_tot(self) -> date | None:
        return self._binnen_bereik("tot")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        van, tot = data.get("van"), data.get("tot")
        if van and tot:
            if tot < van:
                self.add_error("tot", "De laatste dag ligt vóór de eerste dag. Kies een latere datum.")
            elif (tot - van).days > MAXIMAAL_DAGEN:
                self.add_error("tot", "Kies een periode van hoogstens vijf jaar.")
        return data

    def keuze(self) -> tuple[Regio, Periode]:
        """The chosen regio and period; only for a valid form."""
        data = self.cleaned_data
        return data["regio"], Periode(data["van"], data["tot"])
