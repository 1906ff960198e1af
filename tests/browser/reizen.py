"""Journeys counted: what a user's way through the pages costs them (issue 17).

A ``Reis`` wraps a Playwright page and counts what the user does on it: the documents the
browser loads (every full page, a form's answer included; a download is counted apart), the
clicks on links and buttons, the choices (a select, a checkbox or a radio button) and the
fields typed in. The journey tests click through the ways the issue names and assert an upper
bound, so that a page that adds a step fails its test; they print the figures for the notes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Download, Locator, Page


@dataclass
class Reis:
    page: Page
    naam: str
    paginas: int = 0
    klikken: int = 0
    keuzes: int = 0
    velden: int = 0
    downloads: int = 0
    _meetellen: bool = field(default=True, repr=False)

    def __post_init__(self) -> None:
        self.page.on("load", self._geladen)

    def _geladen(self, _page: Page) -> None:
        if self._meetellen:
            self.paginas += 1

    def klik(self, doel: Locator) -> None:
        self.klikken += self._meetellen
        doel.click()

    def kies(self, doel: Locator, **optie: str) -> None:
        self.keuzes += self._meetellen
        doel.select_option(**optie)

    def vink(self, doel: Locator) -> None:
        self.keuzes += self._meetellen
        doel.check()

    def typ(self, doel: Locator, tekst: str) -> None:
        self.velden += self._meetellen
        doel.fill(tekst)

    def download(self, doel: Locator) -> Download:
        self.klikken += self._meetellen
        self.downloads += self._meetellen
        with self.page.expect_download() as download:
            doel.click()
        return download.value

    @contextmanager
    def buiten_de_telling(self) -> Iterator[None]:
        """What the test checks on the way but a user would not do (a deliberate error round)."""
        self._meetellen = False
        try:
            yield
        finally:
            self.page.wait_for_load_state("load")
            self._meetellen = True

    def melden(self) -> None:
        """The figures on standard output (``pytest -s`` shows them)."""
        sys.stdout.write(self.samenvatting() + "\n")

    def samenvatting(self) -> str:
        return (
            f"{self.naam}: {self.paginas} pagina's geladen, {self.klikken} klikken, {self.keuzes} keuzes, "
            f"{self.velden} velden getypt, {self.downloads} download(s)"
        )
