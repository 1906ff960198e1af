"""The four roles. Kept free of models so that AppConfigs can name them."""

from django.db import models


class Rol(models.TextChoices):
    """Each role is a Group of the same name (the label), carrying model permissions."""

    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", "Aandachtsfunctionaris"
    ZORGCOORDINATOR = "zorgcoordinator", "Zorgcoördinator"
    KETENREGISSEUR = "ketenregisseur", "Ketenregisseur"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", "Functioneel beheerder"
    # The gemeente's functionaris gegevensbescherming (or whom they appoint): reads the access
    # log and the report of unusual access, never the cases.
    PRIVACYFUNCTIONARIS = "privacyfunctionaris", "Privacyfunctionaris"
