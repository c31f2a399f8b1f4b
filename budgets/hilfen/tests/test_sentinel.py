"""No case reference reaches a Sozialraumleitung, a Regionales Gremium or the
Jugendhilfeausschuss: every page, filter, export and PDF they can reach is
read and searched for a sentinel Aktenzeichen.

The crawler follows every link from the start pages (and tries the addresses
and query parameters that lead to case data directly). As FD 51 the same crawl
must find the sentinel — else the test could not fail.
"""

import html
import io
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal as D

import pytest
from django.urls import reverse

from antraege.models import Status
from antraege.tests.factories import antrag_im_status
from budgets.models import Buchung, Budget
from regionen.models import Region

from .. import services
from ..models import Hilfeart
from .factories import JAHR, hilfe, rb2_zuweisen

pytestmark = pytest.mark.django_db
SENTINEL = "ZZ-4711-SENTINEL"
MERKMAL = "SENTINEL"
PDFTOTEXT = shutil.which("pdftotext")
HOECHSTENS = 400  # pages per role
LINK = re.compile(r'(?:href|action|src)="(/[^"#]*)"')
AUSGELASSEN = ("/static/", "/media/", "/konto/logout")
# A year in an address: the Hilfen (and so the sentinel) are of JAHR; the
# pages of years further away (the year navigation of the Kennzahlen and the
# Jahresbericht PDF of every Büro in each of them) hold nothing of it, and
# rendering them was most of this test's time.
JAHR_IN_ADRESSE = re.compile(r"(?:/|jahr=|jahr_von=)(\d{4})(?:/|&|$)")


def _anderes_jahr(url):
    return any(abs(int(j) - JAHR) > 1 for j in JAHR_IN_ADRESSE.findall(url))


def lesbar(antwort):
    """The response as text: PDFs through pdftotext, XLSX unpacked."""
    inhalt = (
        b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    )
    art = antwort.get("Content-Type", "")
    if inhalt.startswith(b"%PDF"):
        assert PDFTOTEXT, "pdftotext fehlt (poppler-utils)"
        return subprocess.run(  # noqa: S603 (poppler on our own PDF)
            [PDFTOTEXT, "-", "-"], input=inhalt, capture_output=True, check=True
        ).stdout.decode("utf-8")
    if inhalt.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(inhalt)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert "pdf" not in art
    return inhalt.decode("utf-8", "replace")


@pytest.fixture
def daten(welt, django_capture_on_commit_callbacks):
    """Hilfen with the sentinel in every Region (few and many per Region),
    paid, lowered and ended ones, and an approved application."""
    rb2_zuweisen()
    regionen = list(Region.objects.order_by("nummer"))
    # one Aktenzeichen for all on purpose: FD 51 confirms each further Hilfe
    bestaetigt = {"aktenzeichen": SENTINEL, "doppelt_bestaetigt": True}
    hilfen = [hilfe(regionen[0], kosten="777.77", **bestaetigt)]
    for art in (
        Hilfeart.FAMILIENHILFE,
        Hilfeart.FLEXIBLE_HILFE,
        Hilfeart.FAMILIENHILFE,
    ):
        hilfen.append(hilfe(welt.a.region, hilfeart=art, **bestaetigt))
        hilfen.append(hilfe(welt.b.region, hilfeart=art, **bestaetigt))
    services.hilfe_auszahlen(hilfe=hilfen[1], betrag=D("100.00"))
    services.hilfe_kosten_senken(hilfe=hilfen[2], kosten=D("900.00"))
    services.hilfe_beenden(hilfe=hilfen[3], ende=hilfen[3].beginn)
    antrag_im_status(welt, Status.BEWILLIGT)
    welt.hilfen = hilfen
    return welt


def _startadressen(w):
    rb2 = Budget.objects.filter(budgetart__code="regional2", haushaltsjahr=JAHR)
    nummer = w.hilfen[0].nummer
    adressen = [
        "/",
        reverse("budgets:uebersicht", args=[JAHR]),
        reverse("budgets:journal", args=[JAHR]),
        reverse("hilfen:start"),
        reverse("hilfen:summen", args=[JAHR]),
        reverse("hilfen:liste", args=[JAHR]),
        reverse("hilfen:liste", args=[JAHR]) + "?region=2&hilfeart=familienhilfe",
        reverse("hilfen:export", args=[JAHR]),
        reverse("hilfen:detail", args=[nummer]),
        reverse("hilfen:protokoll"),
        reverse("antraege:liste"),
        reverse("berichte:berichte"),
        reverse("berichte:budgetbericht") + f"?jahr={JAHR}",
        reverse("berichte:budgetbericht") + f"?jahr={JAHR}&stichtag={JAHR}-12-31",
        reverse("austausch:austausch"),
    ]
    for b in rb2:
        for kennzahl in ("", "gebunden", "ausgezahlt", "verfuegbar"):
            adressen.append(
                reverse("budgets:journal", args=[JAHR])
                + f"?budget={b.pk}&kennzahl={kennzahl}"
            )
    for art in ("antraege", "traeger", "zuweisungen", "hilfen"):
        for fmt in ("csv", "xlsx"):
            adressen.append(reverse("austausch:export") + f"?art={art}&format={fmt}")
    return adressen


def durchsuchen(client, user, w):
    """Crawl as `user`; returns {address: True if the sentinel was found}."""
    client.force_login(user)
    gesehen = {}
    offen = list(_startadressen(w))
    # The Antragsübersicht as the JHA orders it (rendered at once in tests).
    antwort = client.post(reverse("berichte:antragsuebersicht"), {"jahr_von": JAHR})
    if antwort.status_code == 302:
        offen.append(antwort["Location"])
    while offen and len(gesehen) < HOECHSTENS:
        url = html.unescape(offen.pop(0))
        if url in gesehen or url.startswith(AUSGELASSEN) or _anderes_jahr(url):
            continue
        antwort = client.get(url)
        if antwort.status_code in (301, 302):
            offen.append(antwort["Location"])
            gesehen[url] = False
            continue
        text = lesbar(antwort)
        gesehen[url] = MERKMAL in text
        if "html" in antwort.get("Content-Type", ""):
            offen += [u for u in LINK.findall(text) if u not in gesehen]
    return gesehen


@pytest.mark.parametrize("rolle", ["leitung_a", "leitung_b", "geschaeftsstelle", "jha"])
def test_kein_aktenzeichen_ausserhalb_fd51(client, daten, rolle):
    gesehen = durchsuchen(client, getattr(daten, rolle), daten)
    assert len(gesehen) > 20  # the crawl got somewhere
    assert [u for u, gefunden in gesehen.items() if gefunden] == []
    # the PDFs for the Ausschuss were among them
    if rolle == "jha":
        assert any("budgetbericht" in u for u in gesehen)
        assert any("auftraege" in u or "pdf" in u for u in gesehen)


def test_fd51_findet_es_sonst_taugt_der_test_nichts(client, daten):
    gesehen = durchsuchen(client, daten.fd51, daten)
    assert reverse("hilfen:liste", args=[JAHR]) in [u for u, f in gesehen.items() if f]


def test_buchungen_kennen_nur_die_nummer(daten):
    assert not Buchung.objects.filter(text__contains=MERKMAL).exists()
    assert not Buchung.objects.filter(referenz__contains=MERKMAL).exists()
