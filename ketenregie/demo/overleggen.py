"""Demo data for overleggen (filled in with the screens)."""


def laden() -> None:
    return None
