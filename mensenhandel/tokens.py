"""One-time links (invitations, a partner's answer to a referral): the token lives only in the
link; the database keeps its hash, so a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def nieuw_token() -> tuple[str, str]:
    """A new unguessable token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def hash_van_link(token: str) -> str | None:
    """The hash to look a link's token up by; None for a token that cannot be one of ours."""
    return token_hash(token) if 20 <= len(token) <= 100 else None
