"""One way to run a form action: bind the form, call the service, put what went wrong on the
form, answer with the right status.

Every app's services raise the two exceptions here; every view that writes uses
``formulieractie`` (and ``formulierstatus`` for the page it shows again), and every form that
creates a record carries a form token handled by ``eenmalig``:

    form = KnelpuntForm(request.POST or None, ...)
    if request.method == "POST" and form.is_valid():
        uitkomst = formulieractie(form, lambda: services.knelpunt_vastleggen(...))
        if uitkomst.gelukt:
            ...
            return redirect(...)
    return render(..., status=formulierstatus(request, form))

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
from django.http import HttpRequest

from mensenhandel.forms import fouten_overnemen

__all__ = [
    "AL_VERSTUURD",
    "Geweigerd",
    "Uitkomst",
    "VersieConflict",
    "al_verstuurd_melden",
    "eenmalig",
    "eerder_verstuurd",
    "formulieractie",
    "formulierstatus",
    "nieuw_formuliertoken",
]

T = TypeVar("T")
M = TypeVar("M", bound=Model)

AL_VERSTUURD = "Dit formulier was al verstuurd"
VERSIECONFLICT = "versieconflict"  # the attribute a form carries after a version conflict


class Geweigerd(Exception):
    """A step that is not allowed now; the message is shown to the user as it is."""


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
