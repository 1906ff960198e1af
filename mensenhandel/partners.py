"""Partner organisations for the case apps' forms, from the app that keeps the partners.

A referral of a signal and a care action of a trajectory name a partner organisation.
Which partners exist is kept elsewhere (ketenregie's wegenkaart), by an app that reads
the case apps, so the case apps may not import it. The kernel imports no app either:
an app offers its partners by declaring on its AppConfig

    partnerkeuzes = "dotted.path.to.a_callable"

the same plug-in pattern as ``navigatie``, ``demo`` and ``rol_permissies``. The callable
is ``(gebruiker, *, regio=None, soorten=None) -> list[Partnerkeuze]``:

- ``gebruiker``: who fills in the form; ``None`` when the form does not know its user
  (then the provider offers what any reader may choose);
- ``regio``: one ``Regio`` or several (a queryset or list): partners serving one of
  them, plus the national partners (serving no regio); ``None``: every regio;
- ``soorten``: codes of kinds of organisation as the wegenkaart knows them
  (``"politie_tmm"``, ``"zorgaanbieder"``, …; unknown codes match nothing); ``None``:
  every kind;
- it returns only partners that may be chosen (active ones), in the order to show.

It may name the page where the partners are kept as an attribute ``overzicht`` (a URL
name); forms link to it.

The forms keep storing the partner's *name* as text, so history and exports stay as they
are. Without a provider, or when it has nothing for this regio and kind, a form accepts
free text, so nobody is ever stuck.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

from mensenhandel.forms import KIES
from mensenhandel.onderdelen import onderdelen

# Grouped choices for a <select> with optgroups: (kind of organisation, [(name, name)]).
Keuzes = list[tuple[str, list[tuple[str, str]]]]

EERDER = "Eerder vastgelegd, staat niet (meer) op de wegenkaart"
NIET_IN_LIJST = "‘{naam}’ staat niet in de lijst. Kies een organisatie uit de lijst."
NIETS_OP_DE_KAART = (
    "Op de wegenkaart staat voor deze regio nog geen organisatie van deze soort. Vul de naam zelf in."
)
NIET_ERBIJ = "Staat de organisatie er niet bij? Vraag de ketenregisseur om haar op de wegenkaart te zetten."


class Partnerkeuze(NamedTuple):
    """One partner on offer: its name (what is stored) and its kind of organisation."""

    naam: str
    soort: str  # code, e.g. "politie_tmm"
    soortlabel: str  # what the user reads, e.g. "Politie: team mensenhandel (TMM)"


def aanbieder() -> Callable[..., list[Partnerkeuze]] | None:
    """The callable of the first app that offers partners; ``None`` when none does."""
    for config in onderdelen():
        if config.partnerkeuzes:
            aanbieder: Callable[..., list[Partnerkeuze]] = import_string(config.partnerkeuzes)
            return aanbieder
    return None


def groeperen(partners: Iterable[Partnerkeuze], soorten: Sequence[str] | None = None) -> Keuzes:
    """Grouped choices per kind of organisation, in the provider's order; only ``soorten`` if given."""
    groepen: dict[str, list[tuple[str, str]]] = {}
    for partner in partners:
        if soorten is None or partner.soort in soorten:
            groepen.setdefault(partner.soortlabel, []).append((partner.naam, partner.naam))
    return list(groepen.items())


@dataclass
class Partneraanbod:
    """What one call to the provider found: enough for several fields (one query)."""

    partners: list[Partnerkeuze]
    overzicht: str  # the URL of the page where the partners are kept; "" if unknown

    def keuzes(self, soorten: Sequence[str] | None = None) -> Keuzes:
        return groeperen(self.partners, soorten)


def partneraanbod(
    gebruiker: Any, *, regio: Any = None, soorten: Sequence[str] | None = None
) -> Partneraanbod | None:
    """The partners on offer for this user, regio and kinds; ``None`` when no app keeps partners."""
    zoeken = aanbieder()
    if zoeken is None:
        return None
    overzicht = ""
    naam = getattr(zoeken, "overzicht", "")
    if naam:
        try:
            overzicht = reverse(naam)
        except NoReverseMatch:
            overzicht = ""
    gevonden = zoeken(gebruiker, regio=regio, soorten=list(soorten) if soorten is not None else None)
    return Partneraanbod(partners=list(gevonden), overzicht=overzicht)


def partnerkeuzes(gebruiker: Any, *, regio: Any = None, soorten: Sequence[str] | None = None) -> Keuzes:
    """Grouped choices (kind of organisation → [(name, name)]); ``[]`` when no app keeps partners."""
    aanbod = partneraanbod(gebruiker, regio=regio, soorten=soorten)
    return aanbod.keuzes() if aanbod is not None else []


# --- The form field ----------------------------------------------------------------------------


def _wegenkaartlink(overzicht: str) -> SafeString:
    return format_html(
        '<a class="utrecht-link" href="{}" target="_blank" rel="noopener">'
        "Bekijk de wegenkaart (opent in een nieuw tabblad)</a>",
        overzicht,
    )


def _uitleg(*delen: str | SafeString) -> str:
    """The non-empty parts as one help text; plain text is escaped, the link is kept."""
    gevuld = [deel for deel in delen if deel]
    return format_html(" ".join(["{}"] * len(gevuld)), *gevuld) if gevuld else ""


class PartnerVeld(forms.CharField):
    """A partner organisation's name: a choice (optgroups per kind) when there is any on
    offer, free text otherwise. The value is always the name.

    ``huidig`` (the value being edited) stays choosable even when it is not, or no
    longer, on offer, so that saving a form never loses it. ``aanbieder``: an app keeps
    partners (else this is plain free text). ``met_verwijzing``: the help text points to
    the wegenkaart; off where the page already does so once for several fields.
    """

    def __init__(
        self,
        *,
        keuzes: Keuzes,
        huidig: str = "",
        overzicht: str = "",
        aanbieder: bool = True,
        met_verwijzing: bool = True,
        help_text: str = "",
        **kwargs: Any,
    ) -> None:
        self.keuzes = [(groep, list(opties)) for groep, opties in keuzes]
        self.toegestaan = {naam for _, opties in self.keuzes for naam, _ in opties}
        link = _wegenkaartlink(overzicht) if overzicht and met_verwijzing else ""
        uitleg: list[str | SafeString] = [help_text]
        if self.keuzes:
            if huidig and huidig not in self.toegestaan:
                self.keuzes.append((EERDER, [(huidig, huidig)]))
                self.toegestaan.add(huidig)
            kwargs["widget"] = forms.Select(choices=[("", KIES), *self.keuzes])
            if aanbieder and met_verwijzing:
                uitleg += [NIET_ERBIJ, link]
        elif aanbieder:
            # The wegenkaart has nothing for this: say so and accept free text.
            uitleg += [NIETS_OP_DE_KAART, link]
        super().__init__(help_text=_uitleg(*uitleg), **kwargs)

    @property
    def is_keuze(self) -> bool:
        return bool(self.keuzes)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # maxlength/minlength mean nothing on a <select>.
        if isinstance(widget, forms.Select):
            return {}
        return super().widget_attrs(widget)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.keuzes and value and value not in self.toegestaan:
            raise ValidationError(
                NIET_IN_LIJST.format(naam=value), code="invalid_choice", params={"value": value}
            )


def partnerveld(
    aanbod: Partneraanbod | None,
    *,
    soorten: Sequence[str] | None = None,
    huidig: str = "",
    keuze_verplicht: str = "",
    tekst_verplicht: str = "",
    **kwargs: Any,
) -> PartnerVeld:
    """A ``PartnerVeld`` for the partners of ``soorten`` in ``aanbod`` (``None``: no provider).

    ``keuze_verplicht`` and ``tekst_verplicht`` are the messages for a required field left
    empty, as a choice ("Kies …") and as free text ("Vul … in").
    """
    keuzes = aanbod.keuzes(soorten) if aanbod is not None else []
    meldingen = dict(kwargs.pop("error_messages", {}) or {})
    verplicht = keuze_verplicht if keuzes else tekst_verplicht
    if verplicht:
        meldingen["required"] = verplicht
    return PartnerVeld(
        keuzes=keuzes,
        huidig=huidig,
        overzicht=aanbod.overzicht if aanbod is not None else "",
        aanbieder=aanbod is not None,
        error_messages=meldingen,
        **kwargs,
    )
