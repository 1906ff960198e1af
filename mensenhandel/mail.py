"""One plain-text e-mail with a link (an invitation, a partner's link), sent the same way everywhere.

A server that refuses or cannot be reached is not an error page: the sender says "not sent" and
the user can send again. The log names only what was sent and its id, and the kind of failure:
an SMTP error can quote the address.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

logger = logging.getLogger("mensenhandel.mail")


def versturen(*, onderwerp: str, sjabloon: str, context: dict[str, Any], aan: str, wat: str, pk: Any) -> bool:
    """Send the mail ``sjabloon`` renders to ``aan``; False when the server failed, logged as
    "<wat> niet verstuurd <wat>=<pk> fout=<kind>"."""
    bericht = EmailMessage(subject=onderwerp, body=render_to_string(sjabloon, context), to=[aan])
    try:
        bericht.send()
    except (smtplib.SMTPException, OSError) as fout:
        logger.warning("%s niet verstuurd %s=%s fout=%s", wat, wat, pk, type(fout).__name__)
        return False
    return True
