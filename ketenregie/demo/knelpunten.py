"""Demo data for knelpunten (filled in with the screens)."""


def laden() -> None:
    return None
