"""Building blocks of the access matrix (``tests/test_toegangsmatrix.py``).

Rows for a part of an app may live in their own module (``tests/ketenregie/matrix_*.py``,
each with ``RIJEN``); the matrix merges them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PROFIELEN = ["anoniem", "af", "af_ander", "zc", "zc_ander", "kr", "kr_ander", "fb", "fg", "zonder_rol"]


def rollen(
    *,
    anoniem: int,
    af: int,
    zc: int,
    kr: int,
    fb: int,
    zonder_rol: int,
    af_ander: int | None = None,
    zc_ander: int | None = None,
    kr_ander: int | None = None,
    fg: int | None = None,
) -> dict[str, int]:
    """Expected statuses per profile. The privacy officer (``fg``) reads the access log and
    nothing else: by default they are sent on where every role is (a redirect), share what
    everyone gets where a user without a role gets it too (public pages), and are refused
    (403) everywhere else."""
    if fg is None:
        if af == zc == kr == fb and af in (301, 302):
            fg = af
        elif zonder_rol != 403:
            fg = zonder_rol
        else:
            fg = 403
    return {
        "anoniem": anoniem,
        "af": af,
        "af_ander": af if af_ander is None else af_ander,
        "zc": zc,
        "zc_ander": zc if zc_ander is None else zc_ander,
        "kr": kr,
        "kr_ander": kr if kr_ander is None else kr_ander,
        "fb": fb,
        "fg": fg,
        "zonder_rol": zonder_rol,
    }


def alleen(rol: str, status: int = 200) -> dict[str, int]:
    """Only ``rol`` (and its outsiders, for list pages) gets ``status``; others 403."""
    waarden = {"af": 403, "zc": 403, "kr": 403, "fb": 403, "fg": 403}
    waarden[rol] = status
    return rollen(anoniem=302, zonder_rol=403, **waarden)


IEDEREEN_200 = rollen(anoniem=200, af=200, zc=200, kr=200, fb=200, zonder_rol=200)


@dataclass
class Rij:
    verwacht: dict[str, int]
    methode: str = "get"
    # Builds the URL's kwargs from the test's fixture data (for views of one record):
    # ``{"gebruikers": ..., "voorbeelden": Voorbeelden(...)}``.
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda data: {})
    # The request's data, or a function of the fixture data (e.g. a signal's version).
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] = field(default_factory=dict)


def af_eigen(status: int) -> dict[str, int]:
    """A record of the AF's gemeente: the AF gets ``status``, another gemeente's AF 404."""
    return rollen(anoniem=302, af=status, af_ander=404, zc=403, kr=403, fb=403, zonder_rol=403)


def kr_eigen(status: int, *, af: int = 403, zc: int = 403) -> dict[str, int]:
    """A record of the KR's regio: the KR gets ``status``, a KR of another regio 404."""
    return rollen(anoniem=302, af=af, zc=zc, kr=status, kr_ander=404, fb=403, zonder_rol=403)
