"""Browser fixtures: Chromium through Playwright, axe-core, and logging in (a session made directly,
or through the real forms)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from mensenhandel.models import Gebruiker
from tests.conftest import WACHTWOORD, huidige_code, volledig_inloggen

# Playwright's sync API keeps an asyncio event loop in the main thread; Django's ORM
# would take that for async context and refuse queries made from the tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's old headless shell (package chromium-headless-shell) where it is installed: the same
# Chromium without the browser around it, as Playwright itself runs headless tests, for about a
# third less processor time than the whole browser in headless mode. Otherwise Debian's chromium.
CHROMIUM = os.environ.get("CHROMIUM_PAD") or next(
    (pad for pad in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(pad).exists()),
    "/usr/bin/chromium",
)
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        melding = f"Chromium ontbreekt op {CHROMIUM} (zet CHROMIUM_PAD of installeer chromium)"
        if os.environ.get("CI"):
            pytest.fail(melding)  # CI must never silently skip the browser tests
        pytest.skip(melding)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield chromium
        chromium.close()


def nieuwe_context(browser: Browser, **opties: Any) -> BrowserContext:
    """A browser of its own (its own session), Dutch. It asks for reduced motion: the design
    system scrolls smoothly otherwise, and every click would wait for that animation."""
    context = browser.new_context(**{"locale": "nl-NL", "reduced_motion": "reduce", **opties})
    context.set_default_timeout(10_000)
    return context


def nieuwe_pagina(browser: Browser, **opties: Any) -> Page:
    """A page in a context of its own, with axe-core loaded into every document (once per
    context over the wire, instead of 0.5 MB per check)."""
    context = nieuwe_context(browser, **opties)
    context.add_init_script(path=AXE)
    return context.new_page()


@pytest.fixture
def pagina(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh page in its own context (``nieuwe_pagina``).

    Depends on live_server so that the context is closed before the server stops.
    """
    page = nieuwe_pagina(browser)
    yield page
    page.context.close()


def axe_controleren(page: Page) -> list[dict]:
    """Run axe-core on the current page against WCAG 2.1 A and AA; return the violations.

    Only once the page has loaded with its style sheets: a page that a script reloads can show
    its new text before its styles apply, and axe would then measure unstyled colours (seen on
    a loaded machine)."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof axe !== 'undefined'"):  # a context of ``nieuwe_context``
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const resultaat = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                // Details only for what fails: the passes' nodes are not gathered (faster, the
                // same violations).
                resultTypes: ["violations"],
            });
            return resultaat.violations;
        }""",
        WCAG_TAGS,
    )


def assert_toegankelijk(page: Page) -> None:
    overtredingen = axe_controleren(page)
    if overtredingen:
        regels = []
        for o in overtredingen:
            doelen = [" ".join(map(str, node["target"])) for node in o["nodes"][:3]]
            regels.append(f"- {o['id']} ({o['impact']}): {o['help']} → {', '.join(doelen)}")
        pytest.fail(f"axe vindt {len(overtredingen)} overtreding(en) op {page.url}:\n" + "\n".join(regels))


def pad(page: Page, live_server) -> str:
    """The current path (and query) of the page, without the live server's origin."""
    return page.url.removeprefix(live_server.url)


def wachtwoord_invullen(page: Page, live_server, email: str, wachtwoord: str = WACHTWOORD) -> None:
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("E-mailadres", exact=True).fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(wachtwoord)
    page.get_by_role("button", name="Verder").click()


def inloggen(page: Page, live_server, gebruiker: Gebruiker) -> None:
    """Log in as after password and second factor, and open the start page: the session is made
    directly (``volledig_inloggen``) and its cookie handed to the browser. The login forms cost
    three page loads and a code per login; the tests of logging in itself go through them
    (``inloggen_via_formulieren``), every other test only needs to be logged in (issue 12)."""
    sessie = volledig_inloggen(Client(), gebruiker).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": sessie.value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/")
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))
    page.wait_for_load_state("load")  # the deferred scripts (sessie.js) have run


def inloggen_via_formulieren(page: Page, live_server, gebruiker: Gebruiker) -> None:
    """Log in through the real forms: e-mail and password, then the code from the app."""
    wachtwoord_invullen(page, live_server, gebruiker.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code invullen")
    page.get_by_label("Code uit uw authenticator-app").fill(huidige_code(gebruiker))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))
    page.wait_for_load_state("load")  # the deferred scripts (sessie.js) have run
