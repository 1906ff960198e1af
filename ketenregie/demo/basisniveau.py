"""Demo data for basisniveau (filled in with the screens)."""


def laden() -> None:
    return None
