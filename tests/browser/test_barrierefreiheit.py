"""Accessibility in Chromium (issue 7, item 8).

axe-core (npm, package.json) checks the main pages of every role against the
WCAG 2.1 A and AA rules; forms work with the keyboard alone and announce their
errors next to the fields.

The pages are those of the demo installation (`manage.py demo`, the `demo`
fixture in conftest.py), built once for this module: every list has rows, every
state of an application exists. Each role logs in once and keeps its browser
page for all its checks. axe's source is evaluated through the DevTools
protocol, which the app's Content-Security-Policy (no inline scripts) does not
restrict.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from playwright.sync_api import expect

from antraege.models import Status
from demo.stammdaten import DEMO_PASSWORT
from tests.browser.conftest import DESKTOP, KONTEN, Demo

# Each test runs in a transaction that is rolled back and reads nothing itself;
# the demo data is committed before, by the module fixture, and stays.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE_JS = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHMAL = {"width": 320, "height": 640}  # WCAG 1.4.10: 1280 px at 400 % zoom


@functools.cache
def axe_quelle():
    return AXE_JS.read_text(encoding="utf-8")


def axe_verstoesse(page):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_quelle())
    return page.evaluate(
        "optionen => axe.run(document, optionen).then(r => r.violations)",
        # Passes and the rest are cut to one node each (faster); all violations.
        {
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )


def bericht(verstoesse, titel):
    """Rule, impact, help and the elements affected: enough to find and fix it."""
    zeilen = [f"{titel}: {len(verstoesse)} Verstoß/Verstöße gegen WCAG 2.1 A/AA"]
    for v in verstoesse:
        zeilen.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for knoten in v["nodes"][:8]:
            ziel = " ".join(
                " >> ".join(t) if isinstance(t, list) else t for t in knoten["target"]
            )
            grund = " ".join(knoten.get("failureSummary", "").split())
            zeilen.append(f"    {ziel}\n      {grund}")
        if len(v["nodes"]) > 8:
            zeilen.append(f"    … und {len(v['nodes']) - 8} weitere")
    return "\n".join(zeilen)


# --- The pages ----------------------------------------------------------------


def _neuer_antrag(page, demo):
    page.goto(f"{demo.url}/antraege/neu/")
    expect(page.get_by_role("heading", name="Neuer Antrag")).to_be_visible()


def _antrag_mit_fehlern(page, demo):
    """The new-application form sent back with errors next to its fields."""
    _neuer_antrag(page, demo)
    feld(page, "Gesamtkosten in €").fill("viel")
    feld(page, "Beginn").fill("31.02.2020")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie")


def _anmeldung_mit_fehler(page, demo):
    page.goto(f"{demo.url}/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    page.get_by_label("Passwort", exact=True).fill("falsch-falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_be_visible()


@dataclass(frozen=True)
class Seite:
    titel: str
    rollen: tuple[str, ...]
    pfad: Callable[[Demo], str] | None = None
    aufrufen: Callable | None = None  # instead of a plain GET of `pfad`
    viewport: dict | None = None


ALLE = ("leitung", "geschaeftsstelle_rg", "fd51", "jha", "admin")
SCHREIBEN = ("leitung", "geschaeftsstelle_rg")
SEITEN = {
    "anmeldung": Seite("Anmeldung", ("anonym",), lambda d: "/konto/login/"),
    "anmeldung_fehler": Seite(
        "Anmeldung, falsches Passwort", ("anonym",), aufrufen=_anmeldung_mit_fehler
    ),
    "passwort_vergessen": Seite(
        "Passwort vergessen", ("anonym",), lambda d: "/konto/password/reset/"
    ),
    "start": Seite("Startseite", ALLE, lambda d: "/"),
    "budgets": Seite("Budgetübersicht", ALLE, lambda d: f"/budgets/{d.jahr}/"),
    "arbeitsliste": Seite(
        "Arbeitsliste", ("fd51",), lambda d: "/antraege/arbeitsliste/"
    ),
    "antraege": Seite("Antragsliste", ALLE, lambda d: "/antraege/"),
    "antrag_neu": Seite("Antragsformular (neu)", SCHREIBEN, aufrufen=_neuer_antrag),
    "antrag_fehler": Seite(
        "Antragsformular mit Fehlern", SCHREIBEN, aufrufen=_antrag_mit_fehlern
    ),
    "antrag_bearbeiten": Seite(
        "Antragsformular (Entwurf)",
        ("leitung",),
        lambda d: f"/antraege/{d.antraege[Status.ENTWURF]}/bearbeiten/",
    ),
    "antrag_eingereicht": Seite(
        "Antrag (eingereicht)",
        ALLE,
        lambda d: f"/antraege/{d.antraege[Status.EINGEREICHT]}/",
    ),
    "antrag_bewilligt": Seite(
        "Antrag (bewilligt)",
        ALLE,
        lambda d: f"/antraege/{d.antraege[Status.BEWILLIGT]}/",
    ),
    "sitzungen": Seite("Sitzungen", ALLE, lambda d: "/sitzungen/"),
    "sitzung": Seite("Sitzung", ALLE, lambda d: f"/sitzungen/{d.sitzung}/"),
    "sitzung_neu": Seite("Sitzung anlegen", SCHREIBEN, lambda d: "/sitzungen/neu/"),
    "berichte": Seite("Berichte", ALLE, lambda d: "/berichte/"),
    "vertraege": Seite("Verträge", ALLE, lambda d: f"/vertraege/{d.jahr}/"),
    "vertrag": Seite(
        "Vertrag", ("leitung", "fd51"), lambda d: f"/vertraege/vertrag/{d.vertrag}/"
    ),
    "hilfen": Seite("Hilfen (RB 2)", ALLE, lambda d: "/hilfen/"),
    "hilfe": Seite("Hilfe", ("fd51",), lambda d: f"/hilfen/hilfe/{d.hilfe}/"),
}
# Each role's start page at 320 px too (charts, tables, the grouped menu).
SEITEN["start_schmal"] = Seite(
    "Startseite, 320 px breit", ALLE, lambda d: "/", viewport=SCHMAL
)
# Wide tables on a narrow screen scroll sideways: by keyboard, too.
for _name in ("budgets", "antraege", "antrag_bewilligt", "sitzung", "vertraege"):
    _seite = SEITEN[_name]
    SEITEN[f"{_name}_schmal"] = Seite(
        f"{_seite.titel}, 320 px breit", ("fd51",), _seite.pfad, viewport=SCHMAL
    )

FAELLE = [
    pytest.param(rolle, name, id=f"{rolle}-{name}")
    for rolle in ("anonym", *ALLE)
    for name, seite in SEITEN.items()
    if rolle in seite.rollen
]


@pytest.mark.parametrize(("rolle", "name"), FAELLE)
def test_seite_ohne_axe_verstoesse(seite_von, demo, rolle, name):
    seite = SEITEN[name]
    page = seite_von(rolle)
    page.set_viewport_size(seite.viewport or DESKTOP)
    if seite.aufrufen:
        seite.aufrufen(page, demo)
    else:
        antwort = page.goto(demo.url + seite.pfad(demo))
        assert antwort.ok, f"{page.url}: HTTP {antwort.status}"
    if rolle != "anonym":
        assert "/konto/login/" not in page.url, "Sitzung verloren"
    verstoesse = axe_verstoesse(page)
    assert not verstoesse, bericht(
        verstoesse, f"{seite.titel} als {rolle} ({page.url})"
    )


# --- Keyboard alone -------------------------------------------------------------


def feld(page, label):
    """The input labelled `label` (optional fields add " – optional")."""
    return page.get_by_label(re.compile(f"^{re.escape(label)}"))


def fokussiert(locator):
    return locator.evaluate("e => e === document.activeElement")


def tab_bis(page, locator, hoechstens=60):
    """Press Tab until `locator` has the focus; every stop shows its focus."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        sichtbar = page.evaluate(
            """() => {
                const s = getComputedStyle(document.activeElement);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                    || s.boxShadow !== 'none';
            }"""
        )
        beschreibung = page.evaluate(
            "() => document.activeElement.outerHTML.slice(0, 120)"
        )
        assert sichtbar, f"kein sichtbarer Fokus auf {beschreibung}"
        if fokussiert(locator):
            return
    raise AssertionError(f"{locator} ist mit Tab nicht erreichbar")


def test_anmelden_und_antrag_schreiben_nur_mit_tastatur(demo, chromium):
    ctx = chromium.new_context(locale="de-DE", viewport=DESKTOP)
    page = ctx.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{demo.url}/")
        tab_bis(page, page.get_by_label("E-Mail-Adresse"))
        page.keyboard.type(KONTEN["leitung"])
        page.keyboard.press("Tab")
        page.keyboard.type(DEMO_PASSWORT)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/konto/login/" not in page.url

        # the link is in the menu "Anträge & Sitzungen": Enter opens it
        tab_bis(page, page.locator("summary", has_text="Anträge & Sitzungen"))
        page.keyboard.press("Enter")
        tab_bis(page, page.get_by_role("link", name="Anträge", exact=True))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_bis(page, page.get_by_role("link", name="Neuen Antrag schreiben"))
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # The skip link leads past the navigation, straight into the form.
        page.keyboard.press("Tab")
        assert fokussiert(page.get_by_role("link", name="Zum Inhalt springen"))
        page.keyboard.press("Enter")
        eingaben = [
            ("Titel des Projekts", "Lesepaten für Grundschulkinder"),
            ("Antragsteller (Organisation)", "Bücherei Adendorf e. V."),
            ("Zielgruppe", "Kinder der 2. und 3. Klasse"),
            ("Beginn", f"01.09.{demo.jahr}"),
            ("Ende", f"30.11.{demo.jahr}"),
            ("Ausgangslage", "Viele Kinder lesen ungern."),
            ("Gesamtkosten in €", "1.200,00"),
            ("Beantragter Betrag in €", "1.000,00"),
            ("Eigenanteil des Antragstellers in €", "200,00"),
        ]
        for label, text in eingaben:
            tab_bis(page, feld(page, label))
            page.keyboard.type(text)
            if label == "Zielgruppe":
                themenfeld = page.get_by_label("Kinder- und Jugendhilfe")
                tab_bis(page, themenfeld)
                page.keyboard.press("Space")
                assert themenfeld.is_checked()
        # Enter in a field saves the draft (the form's first button), not
        # "add a partner" further down.
        feld(page, "Eigenanteil des Antragstellers in €").press("Enter")
        page.wait_for_load_state()
        expect(
            page.get_by_role("status").filter(has_text="gespeichert")
        ).to_be_visible()
        expect(
            page.get_by_role("heading", name="Lesepaten für Grundschulkinder")
        ).to_be_visible()
        expect(page.get_by_text("Kinder- und Jugendhilfe")).to_be_visible()
        expect(page.get_by_text("1.000,00\u00a0€").first).to_be_visible()
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport", [DESKTOP, SCHMAL], ids=["desktop", "320px"])
def test_navigation_mit_tastatur(seite_von, demo, viewport):
    """The grouped menus open with Enter or Space, their links follow in the
    tab order, one menu is open at a time, and a closed menu's links are out
    of the tab order (no JavaScript: <details name=…>)."""
    page = seite_von("fd51")
    page.set_viewport_size(viewport)
    page.goto(f"{demo.url}/")
    budgets = page.locator("summary", has_text="Budgets")
    planung = page.get_by_role("link", name="Planung", exact=True)
    expect(planung).to_be_hidden()
    tab_bis(page, budgets)
    page.keyboard.press("Enter")
    expect(planung).to_be_visible()
    berichte = page.locator("summary", has_text="Berichte")
    tab_bis(page, berichte)
    page.keyboard.press("Space")
    expect(page.get_by_role("link", name="Import/Export")).to_be_visible()
    expect(planung).to_be_hidden()  # the other menu closed
    # back to Budgets (Shift+Tab three times: Berichte, Kennzahlen or
    # Verträge & Hilfen, ...; focused directly here), open it, follow its link
    budgets.focus()
    page.keyboard.press("Enter")
    tab_bis(page, planung)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/budgets/plan/")
    # the menu stays within the narrow screen: no sideways scrolling
    breite = page.evaluate("() => document.documentElement.scrollWidth")
    assert breite <= viewport["width"], breite


def test_fehler_stehen_am_feld_und_werden_angesagt(seite_von, demo):
    page = seite_von("leitung")
    page.set_viewport_size(DESKTOP)
    _neuer_antrag(page, demo)
    feld(page, "Gesamtkosten in €").fill("viel")
    feld(page, "Beginn").fill("31.02.2020")
    page.get_by_role("button", name="Entwurf speichern").press("Enter")
    page.wait_for_load_state()

    # The summary is an alert and has the focus: a screen reader reads it out.
    zusammenfassung = page.get_by_role("alert")
    expect(zusammenfassung).to_be_focused()
    expect(zusammenfassung).to_contain_text("Bitte prüfen Sie Ihre Eingaben")

    for label, meldung in [
        ("Titel des Projekts", "Bitte einen Titel angeben."),
        ("Gesamtkosten in €", "Bitte einen Betrag wie 1.234,56 angeben."),
        ("Beginn", "Bitte ein Datum wie 24.09.2013 angeben."),
    ]:
        eingabe = feld(page, label)
        expect(eingabe).to_have_attribute("aria-invalid", "true")
        # The message is linked to the field and stands right next to it.
        fehler_id = f"{eingabe.get_attribute('id')}_error"
        assert fehler_id in eingabe.get_attribute("aria-describedby").split()
        fehler = page.locator(f"#{fehler_id}")
        expect(fehler).to_have_text(re.compile(r"^Fehler: "))
        expect(fehler).to_contain_text(meldung)
        expect(eingabe).to_have_accessible_description(re.compile("Fehler: "))
        gruppe = fehler.locator("xpath=..")
        expect(gruppe.locator(f"#{eingabe.get_attribute('id')}")).to_have_count(1)
        expect(zusammenfassung.get_by_role("link", name=label)).to_contain_text(meldung)

    # From the summary to the field, by keyboard.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(feld(page, "Titel des Projekts")).to_be_focused()
