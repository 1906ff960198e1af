"""Figures trees: the apps' figures dataclasses registered in one publication, protected, and
filled with the printed cells."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from typing import Any, TypeVar, cast

from mensenhandel.bescherming.cellen import Bescherming, Cel, Publicatie, Sleutel

T = TypeVar("T")

# --- Figures as dataclasses ----------------------------------------------------------------------
#
# The figures modules return plain dataclasses. A field typed ``Aantal`` holds a count, one
# typed ``dict[str, Aantal]`` a count per code; a list of dataclasses (``Telling`` and the like)
# holds a breakdown, each item keyed by its ``code`` (or ``label``) and counted by its first
# ``Aantal``; a ``Beschermbaar`` (``mensenhandel.cijfers.Gemeentetelling``) holds a table by
# gemeente. ``beschermd`` registers every count of such a tree in one publication, with the sums
# declared on the fields (``som_van``), protects it, and returns the same tree with a ``Cel`` in
# the place of every count. Pages and files print only what ``beschermd`` returned.

Aantal = int  # a count in a figures dataclass; after ``beschermd``, a ``Cel`` in its place
SOM_VAN = "bescherming.som_van"
ZELFDE_ALS = "bescherming.zelfde_als"
KOLOMSOM_VAN = "bescherming.kolomsom_van"
KOLOMSOM_BINNEN = "bescherming.kolomsom_binnen"
SOM_DER = "bescherming.som_der"
MEDIAAN_OVER = "bescherming.mediaan_over"
GEDEELDE_CEL = "bescherming.gedeelde_cel"


def som_van(*velden: str) -> dict[str, tuple[str, ...]]:
    """Field metadata: this count is the sum of each of these breakdowns (sibling fields).

    A breakdown adds up the first count of each of its items; ``"lijst.veld"`` adds up the
    count ``veld`` of each item instead (the participants of activities per kind)."""
    return {SOM_VAN: velden}


def som_der(*velden: str) -> dict[str, tuple[str, ...]]:
    """Field metadata: this count is the sum of these sibling counts together."""
    return {SOM_DER: velden}


def kolomsom_van(veld: str, binnen: str | None = None) -> dict[str, str | None]:
    """Field metadata on a row (a dataclass) of a table whose other rows are the list ``veld``:
    every count of this row is the sum of the same count of those rows (a totals row).

    With ``binnen``, this field is the totals row of the breakdown ``binnen`` of each row (a
    list of ``Telling``, say): its item ``code`` is the sum of item ``code`` of every row's
    ``binnen``."""
    return {KOLOMSOM_VAN: veld, KOLOMSOM_BINNEN: binnen}


def mediaan_over(veld: str) -> dict[str, str]:
    """Field metadata on a median: it is the median of the ``veld`` values counted beside it,
    and is not printed (None) unless that count is shown (t or more values)."""
    return {MEDIAAN_OVER: veld}


def zelfde_als(veld: str, code: str) -> dict[str, tuple[str, str]]:
    """Field metadata: this count is the item ``code`` of the breakdown ``veld`` (the same cell,
    printed twice with the same noise)."""
    return {ZELFDE_ALS: (veld, code)}


def gedeelde_cel(naam: str) -> dict[str, str]:
    """Field metadata: this count is the cell ``naam`` of the publication, wherever in the tree
    it stands. Two figures dataclasses that count the very same records (trajectories closed
    in the period, in the trajectories' and in the pillars' figures) name the same cell, so it
    is printed with the same noise: two noises of one count could be averaged. Registering
    two different counts under one name fails (``Publicatie.tel``)."""
    return {GEDEELDE_CEL: naam}


class Beschermbaar(ABC):
    """A part of a figures tree that registers its own cells (a table by gemeente)."""

    @abstractmethod
    def registreren(self, pub: Publicatie, pad: Sleutel, totaal: Sleutel | None = None) -> None:
        """Count the cells under ``pad``; ``totaal``, when given, is an already counted cell
        that is the table's grand total (so it is one cell, not two)."""

    @abstractmethod
    def invullen(self, bescherming: Bescherming, pad: Sleutel, totaal: Sleutel | None = None) -> Beschermbaar:
        """The same part with its printed cells; ``totaal`` as given to ``registreren``."""


def _soort(veld: dataclasses.Field[Any]) -> str:
    return veld.type if isinstance(veld.type, str) else getattr(veld.type, "__name__", "")


def _is_aantal(veld: dataclasses.Field[Any]) -> bool:
    return _soort(veld).split("|")[0].strip() == "Aantal"


def _is_aantallen(veld: dataclasses.Field[Any]) -> bool:
    """A ``dict[str, Aantal]``: a breakdown by code."""
    return _soort(veld).replace(" ", "") == "dict[str,Aantal]"


def _itemsleutel(item: object, i: int) -> object:
    return getattr(item, "code", None) or getattr(item, "label", None) or i


def _cel(obj: object, pad: Sleutel, naam: str) -> Sleutel:
    """The key of the count in the field ``naam`` of ``obj`` (at ``pad``)."""
    metadata = next(v.metadata for v in dataclasses.fields(obj) if v.name == naam)  # type: ignore[arg-type]
    if GEDEELDE_CEL in metadata:
        return ("gedeeld", metadata[GEDEELDE_CEL])
    if ZELFDE_ALS in metadata:
        lijst, code = metadata[ZELFDE_ALS]
        item = next(i for i in getattr(obj, lijst) if _itemsleutel(i, -1) == code)
        return (*pad, lijst, code, _aantalveld(item))
    return (*pad, naam)


def _aantalveld(item: object) -> str | None:
    if not dataclasses.is_dataclass(item):
        return None
    velden = [v.name for v in dataclasses.fields(item) if _is_aantal(v)]
    return velden[0] if velden else None


def _registreren(obj: object, pub: Publicatie, pad: Sleutel) -> Sleutel | None:
    """Count the cells of ``obj``; return the key of its first count, which is what an item of
    a breakdown adds to a sum."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return None
    velden = dataclasses.fields(obj)
    eerste: Sleutel | None = None
    for veld in velden:  # the counts first: a table may total into one of them
        waarde = getattr(obj, veld.name)
        if _is_aantal(veld) and isinstance(waarde, int) and ZELFDE_ALS not in veld.metadata:
            sleutel = pub.tel(_cel(obj, pad, veld.name), waarde)
            eerste = eerste or sleutel
    totaal_van = {lijst: veld.name for veld in velden for lijst in veld.metadata.get(SOM_VAN, ())}
    delen: dict[str, list[Sleutel]] = {}
    for veld in velden:
        waarde = getattr(obj, veld.name)
        p = (*pad, veld.name)
        if isinstance(waarde, Beschermbaar):
            totaal = totaal_van.get(veld.name)
            waarde.registreren(pub, p, _cel(obj, pad, totaal) if totaal else None)
        elif _is_aantallen(veld):
            delen[veld.name] = [pub.tel((*p, code), n) for code, n in waarde.items()]
        elif isinstance(waarde, list | tuple):
            sleutels = [_registreren(item, pub, (*p, _itemsleutel(item, i))) for i, item in enumerate(waarde)]
            delen[veld.name] = [s for s in sleutels if s is not None]
        elif dataclasses.is_dataclass(waarde):
            _registreren(waarde, pub, p)
    for lijst, totaal in totaal_van.items():
        if "." in lijst:  # the count ``veld`` of each item of ``lijst``
            naam, veldnaam = lijst.split(".")
            items = getattr(obj, naam)
            delen[lijst] = [(*pad, naam, _itemsleutel(item, i), veldnaam) for i, item in enumerate(items)]
        if delen.get(lijst):
            pub.som(_cel(obj, pad, totaal), delen[lijst])
    for veld in velden:
        if SOM_DER in veld.metadata:
            pub.som(_cel(obj, pad, veld.name), [_cel(obj, pad, deel) for deel in veld.metadata[SOM_DER]])
        if KOLOMSOM_VAN in veld.metadata:
            rijen = getattr(obj, veld.metadata[KOLOMSOM_VAN])
            binnen = (veld.metadata[KOLOMSOM_BINNEN],) if veld.metadata.get(KOLOMSOM_BINNEN) else ()
            voor = (*pad, veld.name)
            for sleutel in [k for k in pub.waarden if k[: len(voor)] == voor]:
                rest = sleutel[len(voor) :]
                pub.som(
                    sleutel,
                    [
                        (*pad, veld.metadata[KOLOMSOM_VAN], _itemsleutel(r, i), *binnen, *rest)
                        for i, r in enumerate(rijen)
                    ],
                )
    return eerste


def _invullen(obj: Any, bescherming: Bescherming, pad: Sleutel) -> Any:
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    velden = dataclasses.fields(obj)
    totaal_van = {lijst: veld.name for veld in velden for lijst in veld.metadata.get(SOM_VAN, ())}
    nieuw: dict[str, Any] = {}
    for veld in velden:
        waarde = getattr(obj, veld.name)
        p = (*pad, veld.name)
        if _is_aantal(veld) and isinstance(waarde, int):
            nieuw[veld.name] = bescherming[_cel(obj, pad, veld.name)]
        elif isinstance(waarde, Beschermbaar):
            totaal = totaal_van.get(veld.name)
            nieuw[veld.name] = waarde.invullen(bescherming, p, _cel(obj, pad, totaal) if totaal else None)
        elif _is_aantallen(veld):
            nieuw[veld.name] = {code: bescherming[(*p, code)] for code in waarde}
        elif isinstance(waarde, list | tuple):
            nieuw[veld.name] = type(waarde)(
                _invullen(item, bescherming, (*p, _itemsleutel(item, i))) for i, item in enumerate(waarde)
            )
        elif dataclasses.is_dataclass(waarde):
            nieuw[veld.name] = _invullen(waarde, bescherming, p)
    for veld in velden:
        if MEDIAAN_OVER in veld.metadata and getattr(obj, veld.name) is not None:
            over = nieuw.get(veld.metadata[MEDIAAN_OVER])
            if not isinstance(over, Cel) or over.verborgen or (over.getal or 0) < bescherming.drempel:
                nieuw[veld.name] = None
    return dataclasses.replace(obj, **nieuw)


def publicatie(cijfers: object, drempel: int, context: Sleutel) -> Publicatie:
    """The publication of a figures tree: its counts and the sums between them."""
    pub = Publicatie(drempel, context)
    _registreren(cijfers, pub, ())
    return pub


def beschermd(cijfers: T, drempel: int, context: Sleutel) -> T:
    """``cijfers`` with a protected ``Cel`` in the place of every count (see above)."""
    return beschermd_met_uitkomst(cijfers, drempel, context)[0]


def beschermd_met_uitkomst(cijfers: T, drempel: int, context: Sleutel) -> tuple[T, Bescherming]:
    """``beschermd``, and the protected publication itself (``mislukt``: every count is "x"
    because the check could not be done, which a page should say)."""
    bescherming = publicatie(cijfers, drempel, context).beschermen()
    return cast(T, _invullen(cijfers, bescherming, ())), bescherming


def gedrukt(aantal: int | Cel) -> int | None:
    """The printed number of a protected count (None when hidden); a plain int as it is."""
    return aantal.getal if isinstance(aantal, Cel) else aantal


def onbeschermd(cijfers: object, pad: Sleutel = ()) -> list[Sleutel]:
    """The places in a figures tree that hold a count that did not go through ``beschermd``
    (for the test that walks every page and file with figures)."""
    if isinstance(cijfers, Beschermbaar):
        return [] if getattr(cijfers, "beschermd", None) is not None else [pad]
    if isinstance(cijfers, list | tuple):
        return [p for i, item in enumerate(cijfers) for p in onbeschermd(item, (*pad, i))]
    if not dataclasses.is_dataclass(cijfers) or isinstance(cijfers, type):
        return []
    uit: list[Sleutel] = []
    for veld in dataclasses.fields(cijfers):
        waarde = getattr(cijfers, veld.name)
        if _is_aantal(veld) and not isinstance(waarde, Cel) and waarde is not None:
            uit.append((*pad, veld.name))
        elif _is_aantallen(veld):
            uit += [(*pad, veld.name, k) for k, n in waarde.items() if not isinstance(n, Cel)]
        else:
            uit += onbeschermd(waarde, (*pad, veld.name))
    return uit
