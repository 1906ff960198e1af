"""The figures of signalen over a period: signals, referrals, decisions and stacking hits.

Figures only, never people (see ``mensenhandel.cijfers``). The ketenregisseur's dashboard
and the halfjaarrapportage compose them with the figures of the other apps.

Definitions (part of the method section of the report):

- *Signals of a regio* are the signals whose gemeente belongs to the regio; *registered in
  the period* means ``datum_geregistreerd`` from ``van`` up to and including ``tot``. A
  signal may carry several forms of exploitation, so the forms add up to more than the
  number of signals.
- *Reporters without feedback within N days* are the signals registered in the period whose
  source is not anonymous and whose reporter's first recorded feedback came more than N days
  (``SIGNALEN_MELDER_TERUGKOPPELING_DAGEN``, 14) after the registration, or has not come while
  those days have passed.
- *Referrals* are those of the regio's signals dated in the period. Their *first feedback*
  is the earliest of the dates received, picked up, declined and completed; the *delay* is
  the number of days from the referral to that date. A referral *waits* on a day when it
  was not picked up, declined or completed by then (today: its feedback is "verstuurd" or
  "ontvangen"), and *waits too long* when it also was sent more than
  ``signalen.selectors.wachtdagen()`` days before the reference date. The counts per
  feedback state are those of today.
- A *decision* (besluit) about a signal counts in the period of its date (``besloten_op``,
  in Dutch time). A signal keeps the date of its latest decision only, so a signal decided
  again later counts in the period of that later decision. What was decided is read from
  the signal as it stands: closed (per reason), referred (a referral dated on the day of
  the decision), monitored (a "lopend" signal), help organised by the AF (a decision
  without any of those), or reopened since. The *time to decision* is the number of days
  from ``datum_geregistreerd`` to the day of the decision.
- A *stacking hit* is a pair of signals (``signalen.Koppeling``) found in the period of
  which at least one signal belongs to the regio; its assessment is that of today.
"""

from signalen.cijfers.meldroute import (
    Besluitcijfers,
    Verwijzingscijfers,
    Verwijzingsrij,
    besluitcijfers,
    te_lang_wachtend_per_regio,
    verwijzingscijfers,
)
from signalen.cijfers.registratie import (
    Signaalcijfers,
    Stapelcijfers,
    Stapelrij,
    signaalcijfers,
    signalen_per_regio,
    stapelcijfers,
)

__all__ = [
    "Besluitcijfers",
    "Signaalcijfers",
    "Stapelcijfers",
    "Stapelrij",
    "Verwijzingscijfers",
    "Verwijzingsrij",
    "besluitcijfers",
    "signaalcijfers",
    "signalen_per_regio",
    "stapelcijfers",
    "te_lang_wachtend_per_regio",
    "verwijzingscijfers",
]
