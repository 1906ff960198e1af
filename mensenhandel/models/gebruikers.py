"""The people who log in."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mensenhandel.rollen import Rol


class GebruikerManager(BaseUserManager["Gebruiker"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Gebruiker:
        if not email:
            raise ValueError("Een gebruiker heeft een e-mailadres nodig.")
        gebruiker = self.model(email=self.normalize_email(email).lower(), **extra)
        gebruiker.set_password(password)
        gebruiker.full_clean(exclude=["password"])
        gebruiker.save(using=self._db)
        return gebruiker

    def get_by_natural_key(self, username: str | None) -> Gebruiker:
        return self.get(email__iexact=username)


class Gebruiker(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Login is by e-mail address; the role is a group."""

    # In the beheerder's URLs instead of the database id (ids can be counted).
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mailadres", unique=True)
    naam = models.CharField("naam", max_length=150)
    organisatie = models.ForeignKey(
        "Organisatie",
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
    )
    # Shown to an AF of another gemeente whose signal stacking paired with one of this user's
    # (issue 18 point 1), beside name, organisation and e-mail address: whom to call.
    telefoon = models.CharField("telefoonnummer (werk)", max_length=20, blank=True)
    is_active = models.BooleanField(
        "actief",
        default=True,
        help_text="Zet uit om de toegang direct te beëindigen; de gebruiker blijft bewaard.",
    )
    is_staff = models.BooleanField("toegang tot beheer", default=False, editable=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = GebruikerManager()

    # Set on every request's user by django-otp's OTPMiddleware: logged in with a second factor.
    is_verified: Callable[[], bool]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.email})"

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.naam

    def get_short_name(self) -> str:
        return self.naam.split(" ")[0] if self.naam else self.email

    @property
    def rol(self) -> Rol | None:
        """The user's role, from their group; None without one or with two. Read with the
        user's permissions and scope in one query, once per request (``toegang.bereik``)."""
        from mensenhandel.toegang import bereik

        return bereik(self).rol
