"""Demo data for activiteiten (filled in with the screens)."""


def laden() -> None:
    return None
