"""Password validators with Dutch messages where Django's translation is missing."""

from django.contrib.auth.password_validation import MinimumLengthValidator
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
