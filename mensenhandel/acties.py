"""One way to run a form action: bind the form, call the service, put what went wrong on the
form, answer with the right status.

Every app's services raise the two exceptions here; every view that writes runs its service
through ``formulier_afhandelen`` (or, where it needs more control, ``formulieractie``) and shows
the form again with ``formulierstatus``; every form that creates a record carries a form token
handled by ``eenmalig``:

    form = KnelpuntForm(request.POST or None, ...)
    antwoord = formulier_afhandelen(
        request,
        form,
        lambda: services.knelpunt_wijzigen(door=request.user, knelpunt=knelpunt, ...),
        lambda _: naar(knelpunt.url),  # after success
        weigering_naar=knelpunt.url,  # a refusal: a message and back to the record
    )
    return antwoord or render(..., status=formulierstatus(request, form))

A service's ``ValidationError`` lands on the fields it names (else on top), a refusal
(``Geweigerd``) on top of the form (400), a version conflict on top with status 409, so the
user's input is never lost. A view that answers a refusal differently (a message and a
redirect to the record) passes ``weigering_doorgeven=True`` and catches ``Geweigerd`` itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mensenhandel.forms import fouten_overnemen
from mensenhandel.paginas import naar, naar_url

__all__ = [
    "AL_VERSTUURD",
    "Geweigerd",
    "Uitkomst",
    "VersieConflict",
    "aanmaken_melden",
    "al_verstuurd_melden",
    "eenmalig",
    "eerder_verstuurd",
    "formulier_afhandelen",
    "formulieractie",
    "formulierstatus",
    "nieuw_formuliertoken",
    "recordactie",
]

T = TypeVar("T")
M = TypeVar("M", bound=Model)

AL_VERSTUURD = "Dit formulier was al verstuurd"
VERSIECONFLICT = "versieconflict"  # the attribute a form carries after a version conflict


class Geweigerd(Exception):
    """A step that is not allowed now; the message is shown to the user as it is.

    ``op_formulier``: shown on top of the form with the input kept, also where the view sends
    other refusals back to the record (a limit the user can wait out, say)."""

    op_formulier = False


class VersieConflict(Geweigerd):
    """Someone else changed the record since the form was opened; the page answers 409."""


# --- Form tokens: a double submit makes one record --------------------------------------------


def nieuw_formuliertoken() -> uuid.UUID:
    """The token a new-record form carries in a hidden field (its ``initial``)."""
    return uuid.uuid4()


def eerder_verstuurd(eigen: QuerySet[M], formuliertoken: uuid.UUID | None) -> M | None:
    """The record a form with this token already made (a double submit), if any.

    ``eigen``: the records the same user could have made with it, so that a token never
    reveals someone else's record.
    """
    if formuliertoken is None:
        return None
    return eigen.filter(formuliertoken=formuliertoken).first()


def eenmalig(eigen: QuerySet[M], formuliertoken: uuid.UUID | None, maken: Callable[[], M]) -> tuple[M, bool]:
    """Make a record once per form token: returns (record, new).

    A repeated submit, or two at the same moment, ends on the record the first one made
    (new=False). ``maken`` runs in its own transaction and saves a record whose
    ``formuliertoken`` column is unique; the loser of a race hits that constraint (or, when
    ``maken`` validates uniqueness itself, a ``ValidationError`` on the token) and is answered
    with the winner's record. On SQLite the database's write lock orders the two
    (``transaction_mode = IMMEDIATE`` in the settings), so the loser waits instead of
    failing with "database is locked".
    """
    if (bestaand := eerder_verstuurd(eigen, formuliertoken)) is not None:
        return bestaand, False
    try:
        with transaction.atomic():
            return maken(), True
    except IntegrityError:
        if (bestaand := eerder_verstuurd(eigen, formuliertoken)) is None:
            raise
        return bestaand, False
    except ValidationError as fout:
        if not (hasattr(fout, "error_dict") and "formuliertoken" in fout.error_dict):
            raise
        if (bestaand := eerder_verstuurd(eigen, formuliertoken)) is None:
            raise
        return bestaand, False


def al_verstuurd_melden(request: HttpRequest, wat: str) -> None:
    """Tell the user that the form was sent before, and which record it made then."""
    messages.info(request, f"{AL_VERSTUURD}; {wat}")


# --- Running the action -------------------------------------------------------------------------


@dataclass(frozen=True)
class Uitkomst(Generic[T]):
    """What a form action came to: ``waarde`` is the service's answer when it succeeded."""

    gelukt: bool
    waarde: T | None = None

    @property
    def resultaat(self) -> T:
        """The service's answer; only after success."""
        if not self.gelukt:
            raise RuntimeError("Een mislukte formulieractie heeft geen resultaat.")
        return self.waarde  # type: ignore[return-value]  # T itself may include None


def formulieractie(
    form: forms.BaseForm, actie: Callable[[], T], *, weigering_doorgeven: bool = False
) -> Uitkomst[T]:
    """Call ``actie`` (a service) for a valid bound ``form``; put its errors on the form."""
    try:
        waarde = actie()
    except VersieConflict as fout:
        form.add_error(None, str(fout))
        setattr(form, VERSIECONFLICT, True)
    except Geweigerd as fout:
        if weigering_doorgeven:
            raise
        form.add_error(None, str(fout))
    except ValidationError as fout:
        fouten_overnemen(form, fout)
    else:
        return Uitkomst(gelukt=True, waarde=waarde)
    return Uitkomst(gelukt=False)


def formulierstatus(request: HttpRequest, *formulieren: forms.BaseForm | forms.BaseFormSet) -> int:
    """The status of a page that shows forms: 409 after a version conflict, 400 after a
    POST that changed nothing, 200 otherwise."""
    if any(getattr(f, VERSIECONFLICT, False) for f in formulieren):
        return 409
    if request.method == "POST":
        return 400
    return 200


def formulier_afhandelen(
    request: HttpRequest,
    form: forms.BaseForm,
    actie: Callable[[], T],
    gelukt: Callable[[T], HttpResponse],
    *,
    weigering_naar: str | None = None,
) -> HttpResponse | None:
    """On a POST of a valid ``form``, run ``actie`` (a service call) and answer.

    Returns ``gelukt(result)`` after success; after a refusal, with ``weigering_naar``, an
    error message and a redirect there (without it, the refusal goes on top of the form).
    None: show the form again, with its errors (status from ``formulierstatus``).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    if weigering_naar is None:
        uitkomst = formulieractie(form, actie)
    else:
        try:
            uitkomst = formulieractie(form, actie, weigering_doorgeven=True)
        except Geweigerd as fout:
            if fout.op_formulier:
                form.add_error(None, str(fout))
                return None
            messages.error(request, str(fout))
            return redirect(weigering_naar)
    return gelukt(uitkomst.resultaat) if uitkomst.gelukt else None


def recordactie(
    request: HttpRequest,
    form: forms.BaseForm,
    actie: Callable[[], object],
    *,
    url: str,
    gelukt: str,
    anker: str = "",
    weigering_anker: str | None = None,
    vervolg: str | None = None,
) -> HttpResponse | None:
    """``formulier_afhandelen`` for an action on one record whose page is ``url``.

    After success the message ``gelukt`` and that page at ``anker``, or ``vervolg`` (the next
    step's page, when the user asked to go on to it). A refusal goes on top of the form, or, with
    ``weigering_anker``, is an error message and that page at the anchor ("" for the top). None:
    show the form again.
    """

    def klaar(_: object) -> HttpResponse:
        messages.success(request, gelukt)
        return redirect(vervolg) if vervolg else naar(url, anker)

    weigering_naar = None if weigering_anker is None else naar_url(url, weigering_anker)
    return formulier_afhandelen(request, form, actie, klaar, weigering_naar=weigering_naar)


def aanmaken_melden(request: HttpRequest, nieuw: bool, *, gelukt: str, al_verstuurd: str) -> None:
    """Say what a form that creates a record came to: made now, or by the same form before."""
    if nieuw:
        messages.success(request, gelukt)
    else:
        al_verstuurd_melden(request, al_verstuurd)
