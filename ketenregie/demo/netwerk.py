"""Demo data for netwerk (filled in with the screens)."""


def laden() -> None:
    return None
