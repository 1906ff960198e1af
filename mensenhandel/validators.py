"""Password validators with Dutch messages where Django's translation is missing."""

import functools
import gzip
import re
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator, MinimumLengthValidator
from django.core.exceptions import ValidationError


class MinimaleLengteValidator(MinimumLengthValidator):
    # Django 5.2's Dutch catalogue lacks this message (its msgid changed), so users
    # would read English. Same rule, Dutch words.

    def get_error_message(self) -> str:
        return f"Dit wachtwoord is te kort. Het moet minstens {self.min_length} tekens bevatten."

    def validate(self, password: str, user: object = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                self.get_error_message(), code="password_too_short", params={"min_length": self.min_length}
            )

    def get_help_text(self) -> str:
        return f"Uw wachtwoord moet minstens {self.min_length} tekens bevatten."


# --- Common Dutch words and names with digits or symbols around them ------------------------------

WOORDENLIJST = Path(__file__).resolve().parent / "data" / "veelgebruikte-woorden-nl.txt.gz"
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
RAND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@functools.cache
def _verboden(pad: Path) -> frozenset[str]:
    """The shipped Dutch words and names with Django's common passwords, read once per process."""
    with gzip.open(pad, "rt", encoding="utf-8") as bestand:
        woorden = frozenset(regel.strip() for regel in bestand if regel.strip())
    return woorden | frozenset(CommonPasswordValidator().passwords)


class VeelgebruiktWachtwoordValidator:
    """Refuse what people actually choose (ASVS 2.1.7): one common Dutch word or name, or one of
    Django's 20,000 common passwords, with only digits and symbols before or after it and with
    the usual letter swaps ("Wachtwoord123!", "W@chtw00rd2026", "Feyenoord1908", "Thomas123456").

    A passphrase of several words ("correct-paard-batterij-42") is not one word and passes. The
    word list ships with the project (``mensenhandel/data``, its source and licence in the README
    there): the servers need no internet.
    """

    def __init__(self, woordenlijst: str | Path = WOORDENLIJST) -> None:
        self.woordenlijst = Path(woordenlijst)

    def validate(self, password: str, user: object = None) -> None:
        verboden = _verboden(self.woordenlijst)
        geheel = password.lower().strip()
        kern = RAND.sub("", geheel)
        kandidaten = {geheel, kern, kern.translate(LEET), RAND.sub("", geheel.translate(LEET))}
        if any(k and k in verboden for k in kandidaten):
            raise ValidationError(
                "Dit wachtwoord komt te vaak voor of is eerder gelekt: een bekend woord of een naam met "
                "cijfers of tekens eromheen is snel geraden. Kies een ander, bijvoorbeeld een zin van "
                "een paar woorden.",
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return "Uw wachtwoord mag geen veelgebruikt woord of naam zijn met alleen cijfers of tekens eromheen."
