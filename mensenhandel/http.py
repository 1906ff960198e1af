"""The request type of views behind ``@vereist``: its user is logged in and is a ``Gebruiker``.

``@vereist`` lets no anonymous user through, so a view it guards may annotate its request as
``Verzoek`` and use ``request.user.rol`` and friends without casts.
"""

from __future__ import annotations

from django.http import HttpRequest

from mensenhandel.models import Gebruiker


class Verzoek(HttpRequest):
    user: Gebruiker
