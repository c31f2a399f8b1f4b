"""Issue 7: the Content-Security-Policy as Chromium enforces it. The pages
work under it (no report of a blocked resource), and an injected inline
script is not run."""

import datetime

import pytest

from sozialraum.tests.factories import PASSWORT

from .conftest import anmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAHR = datetime.date.today().year


def test_seiten_laufen_unter_der_richtlinie_und_fremdes_skript_nicht(
    page, live_server, welt
):
    verletzungen = []
    page.on(
        "console",
        lambda m: (
            verletzungen.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    anmelden(page, live_server.url, welt.fd51.email, PASSWORT)
    for pfad in (
        "/",  # the start page's charts are inline SVG: no style attribute
        "/uebersicht/",
        f"/budgets/{JAHR}/",
        "/antraege/",
        "/sitzungen/",
        "/berichte/",
        "/konto/2fa/",
    ):
        antwort = page.goto(f"{live_server.url}{pfad}")
        assert antwort.status == 200, pfad
        assert "'unsafe-inline'" not in antwort.headers["content-security-policy"]
    assert verletzungen == []

    # What an attacker's injected markup would do: an inline script is blocked.
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.eingeschleust = true';
            document.body.appendChild(s);
        }"""
    )
    assert page.evaluate("window.eingeschleust === undefined")
    assert any("script-src" in v for v in verletzungen)
