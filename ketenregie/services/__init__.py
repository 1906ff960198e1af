"""Every write of the ketenregie app, one module per subdomain.

Each service is keyword-only, validates with Dutch messages per field
(``ValidationError``), owns its transaction and records who did it in the history.
A step the user may not take raises ``Geweigerd``; its message is shown as it is.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


class Geweigerd(Exception):
    """A step that is not allowed; the message is shown to the user."""


def eerder_verstuurd(eigen: QuerySet[M], formuliertoken: uuid.UUID | None) -> M | None:
    """The record a form with this token already made (a double submit), if any.

    ``eigen``: the records the same user could have made with it, so that a token never
    reveals someone else's record.
    """
    if formuliertoken is None:
        return None
    return eigen.filter(formuliertoken=formuliertoken).first()
