"""A real SMTP server in the test process (aiosmtpd), for the mail the application sends.

The application talks SMTP to it as it would to the installation's mail server; the tests read
what arrived (``Postvak.berichten``) and follow the links in it.
"""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class Postvak:
    """What the SMTP server received, each as a parsed message."""

    def __init__(self) -> None:
        self.berichten: list[EmailMessage] = []
        self.ontvangers: list[list[str]] = []
        self._slot = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        bericht = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._slot:
            self.berichten.append(bericht)  # type: ignore[arg-type]  # policy.default gives EmailMessage
            self.ontvangers.append(list(envelope.rcpt_tos))
        return "250 OK"

    def tekst(self, index: int = -1) -> str:
        deel = self.berichten[index].get_body(preferencelist=("plain",))
        assert deel is not None
        return deel.get_content()

    def link(self, index: int = -1) -> str:
        """The one link in a message."""
        links = re.findall(r"https?://\S+", self.tekst(index))
        assert len(links) == 1, links
        return links[0]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_postvak(settings) -> Iterator[Postvak]:
    """An SMTP server on a free local port, with the application's mail settings pointing at it."""
    postvak = Postvak()
    controller = Controller(postvak, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield postvak
    finally:
        controller.stop()
