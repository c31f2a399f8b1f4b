"""Kennzahlen and Zielvereinbarungen in Chromium (issue 15).

Each role on the demo installation: the Sozialraumleitung reports a quarter
(first with a wrong figure, then right), FD 51 checks and locks it and corrects
it with a reason, the old figure stays in the history; FD 51 drafts, fills and
agrees a Zielvereinbarung; the Jugendhilfeausschuss sees "< 5" and no names.
Every new page has no axe-core violations at desktop width and at 320 px (the
forms of a draft on the way through it).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.test_barrierefreiheit import SCHMAL, axe_verstoesse, bericht

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# A year the demo leaves empty: the workflow tests write into it.
LEER = 2014


def _feld(page, label):
    return page.get_by_label(re.compile(f"^{re.escape(label)}"))


SEITEN = [
    ("leitung", lambda d: f"/kennzahlen/{d.jahr}/"),
    ("leitung", lambda d: f"/kennzahlen/{d.jahr}/ADE/"),
    ("leitung", lambda d: f"/kennzahlen/{d.jahr}/ADE/3/melden/"),
    ("geschaeftsstelle_rg", lambda d: f"/kennzahlen/{d.jahr}/"),
    ("jha", lambda d: "/kennzahlen/2013/"),
    ("jha", lambda d: "/kennzahlen/2013/NEU/"),
    ("admin", lambda d: f"/kennzahlen/{d.jahr}/ADE/"),
    ("fd51", lambda d: "/kennzahlen/2013/"),
    ("fd51", lambda d: "/kennzahlen/2013/BAR/"),
    ("fd51", lambda d: "/kennzahlen/2013/BAR/2/korrigieren/"),
    ("fd51", lambda d: f"/kennzahlen/{d.jahr}/ADE/"),
    ("fd51", lambda d: f"/kennzahlen/{d.jahr}/ADE/ziele/entwurf/"),
    ("fd51", lambda d: f"/kennzahlen/{d.jahr}/ADE/ziele/bewerten/"),
    ("fd51", lambda d: f"/kennzahlen/{LEER}/ADE/ziele/entwurf/"),
]


@pytest.mark.parametrize("breite", [DESKTOP, SCHMAL], ids=["desktop", "320px"])
@pytest.mark.parametrize(
    ("rolle", "pfad"), SEITEN, ids=[f"{r}-{i}" for i, (r, _) in enumerate(SEITEN)]
)
def test_seiten_ohne_axe_verstoesse(seite_von, demo, rolle, pfad, breite):
    page = seite_von(rolle)
    page.set_viewport_size(breite)
    antwort = page.goto(demo.url + pfad(demo))
    assert antwort.ok, f"{page.url}: HTTP {antwort.status}"
    verstoesse = axe_verstoesse(page)
    assert not verstoesse, bericht(verstoesse, f"{page.url} als {rolle}")


def test_jha_sieht_kleine_zahlen_als_kleiner_5_und_keine_namen(seite_von, demo):
    page = seite_von("jha")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{demo.url}/kennzahlen/2013/NEU/")
    expect(page.get_by_role("table", name=re.compile("je Quartal"))).to_contain_text(
        "< 5"
    )
    expect(page.get_by_text("Leitung Amt Neuhaus")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("sperren"))).to_have_count(0)


def test_geschaeftsstelle_liest_ihre_region_der_administrator_alle(seite_von, demo):
    """The two reading roles: the Geschäftsstelle of Region 2 sees the Büros of
    her Region only, the Administrator every Büro; neither gets exact small
    figures (2013: Amt Neuhaus' quarter of small counts) nor a lock button."""
    gs = seite_von("geschaeftsstelle_rg")
    gs.set_viewport_size(DESKTOP)
    gs.goto(f"{demo.url}/kennzahlen/2013/")
    tabelle = gs.get_by_role("table", name=re.compile("je Sozialraumbüro"))
    for name in ("Adendorf", "Bardowick", "Scharnebeck"):
        expect(tabelle.get_by_role("link", name=name)).to_be_visible()
    for name in ("Amt Neuhaus", "Gellersen"):
        expect(tabelle.get_by_role("link", name=name)).to_have_count(0)
    assert gs.goto(f"{demo.url}/kennzahlen/2013/NEU/").status == 404

    admin = seite_von("admin")
    admin.set_viewport_size(DESKTOP)
    admin.goto(f"{demo.url}/kennzahlen/2013/")
    tabelle = admin.get_by_role("table", name=re.compile("je Sozialraumbüro"))
    for name in ("Adendorf", "Amt Neuhaus", "Gellersen"):
        expect(tabelle.get_by_role("link", name=name)).to_be_visible()
    admin.goto(f"{demo.url}/kennzahlen/2013/NEU/")
    expect(admin.get_by_role("table", name=re.compile("je Quartal"))).to_contain_text(
        "< 5"
    )
    expect(admin.get_by_role("button", name=re.compile("sperren"))).to_have_count(0)


def test_melden_sperren_korrigieren(seite_von, demo):
    # The Sozialraumleitung reports; a negative figure comes back with a message.
    leitung = seite_von("leitung")
    leitung.set_viewport_size(DESKTOP)
    leitung.goto(f"{demo.url}/kennzahlen/{LEER}/ADE/")
    leitung.get_by_role("link", name="1. Quartal melden").click()
    _feld(leitung, "Fälle neu").fill("-3")
    _feld(leitung, "Fälle abgeschlossen").fill("20")
    _feld(leitung, "Fälle laufend am Stichtag").fill("48")
    _feld(leitung, "Beratungstermine").fill("231")
    leitung.get_by_role("button", name="Melden", exact=True).click()
    expect(
        leitung.get_by_text("Eine Anzahl kann nicht negativ sein.").first
    ).to_be_visible()
    _feld(leitung, "Fälle neu").fill("27")
    _feld(leitung, "Neue Fälle: Alleinerziehende").fill("3")
    leitung.get_by_role("button", name="Melden", exact=True).click()
    expect(leitung.get_by_role("status")).to_contain_text("1. Quartal 2014 gemeldet")
    expect(leitung.get_by_role("table", name=re.compile("je Quartal"))).to_contain_text(
        "27"
    )

    # FD 51 checks and locks …
    fd51 = seite_von("fd51")
    fd51.set_viewport_size(DESKTOP)
    fd51.goto(f"{demo.url}/kennzahlen/{LEER}/ADE/")
    fd51.get_by_role("button", name="1. Quartal prüfen und sperren").click()
    expect(fd51.get_by_role("status")).to_contain_text("geprüft und gesperrt")
    # … after which the Leitung cannot change it any more …
    leitung.reload()
    expect(
        leitung.get_by_role("link", name=re.compile("Meldung 1. Quartal"))
    ).to_have_count(0)
    # … and corrects it with a reason: a new version, the old one stays.
    fd51.get_by_role("link", name="1. Quartal korrigieren").click()
    _feld(fd51, "Fälle neu").fill("29")
    fd51.get_by_role("button", name="Korrektur speichern").click()
    expect(
        fd51.get_by_text("Eine Korrektur braucht eine Begründung.").first
    ).to_be_visible()
    _feld(fd51, "Begründung der Korrektur").fill("Zwei Fälle aus März nachgetragen")
    fd51.get_by_role("button", name="Korrektur speichern").click()
    expect(fd51.get_by_role("status")).to_contain_text("Version 2")
    verlauf = fd51.locator("details.app-verlauf").first
    expect(verlauf).to_contain_text("Version 1 (ersetzt)")
    expect(verlauf).to_contain_text("Fälle neu 27")
    expect(verlauf).to_contain_text("Zwei Fälle aus März nachgetragen")
    expect(fd51.get_by_role("table", name=re.compile("je Quartal"))).to_contain_text(
        "29"
    )
    # The Leitung sees the corrected figure; the small Kategorie exactly (hers).
    leitung.reload()
    expect(leitung.get_by_role("table", name=re.compile("je Quartal"))).to_contain_text(
        "29"
    )
    # The JHA sees the Kategorie's 3 as "< 5".
    jha = seite_von("jha")
    jha.goto(f"{demo.url}/kennzahlen/{LEER}/ADE/")
    expect(jha.get_by_role("table", name=re.compile("je Quartal"))).to_contain_text(
        "< 5"
    )


def _ohne_axe_verstoesse(page):
    """axe-core on the page as it is, at desktop width and at 320 px."""
    for breite in (DESKTOP, SCHMAL):
        page.set_viewport_size(breite)
        verstoesse = axe_verstoesse(page)
        assert not verstoesse, bericht(verstoesse, f"{page.url}, {breite['width']} px")
    page.set_viewport_size(DESKTOP)


def test_zielvereinbarung_entwerfen_und_vereinbaren(seite_von, demo):
    """The forms a draft opens (a target, agreeing) exist only with a draft:
    they are checked with axe here, on the way."""
    fd51 = seite_von("fd51")
    fd51.set_viewport_size(DESKTOP)
    fd51.goto(f"{demo.url}/kennzahlen/{LEER}/GEL/")
    fd51.get_by_role("link", name="Zielvereinbarung entwerfen").click()
    fd51.get_by_role("button", name="Entwurf anlegen").click()
    fd51.get_by_role("link", name="Zielvorgabe hinzufügen").click()
    _ohne_axe_verstoesse(fd51)
    fd51.get_by_label("Kennzahl mit Zielwert").check()
    _feld(fd51, "Titel").fill("Mehr Beratung im Ort")
    fd51.locator("#id_kennzahl").select_option("beratungstermine")
    _feld(fd51, "Zielwert im Jahr").fill("1100")
    fd51.get_by_label("allgemeine Sozialberatung").check()
    fd51.get_by_role("button", name="Hinzufügen").click()
    expect(fd51.get_by_role("status")).to_contain_text("Mehr Beratung im Ort")
    fd51.get_by_role("link", name="Als vereinbart festschreiben").click()
    _ohne_axe_verstoesse(fd51)
    _feld(fd51, "Vereinbart am").fill(f"15.01.{LEER}")
    fd51.get_by_role("button", name="Vereinbart – festschreiben").click()
    expect(fd51.get_by_role("status")).to_contain_text("festgeschrieben")
    expect(fd51.get_by_role("table", name=re.compile("^Zielvorgaben"))).to_contain_text(
        "Mehr Beratung im Ort"
    )
    expect(fd51.get_by_role("table", name=re.compile("^Zielvorgaben"))).to_contain_text(
        "1.100"
    )
