"""The Hansestadt's installation speaks the Hansestadt's words (issue 17).

Every page of the permission matrix that a role may GET is read back as that
role in a world built from the Hansestadt's Grunddaten file: the HTML's text
and the attributes a screen reader or a tooltip shows, PDFs as text
(pdftotext), XLSX cells, CSV, and every mail sent on the way. None may contain
a word that belongs to the Landkreis' installation.
"""

import csv
import io
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core import mail

from tests.test_permission_matrix import MATRIX, _budgets  # noqa: F401 (fixture)

# What only the Landkreis says. "Region" as a word (not in "regional" of
# a free text), "FD 51" and "JHA" as the roles' short names.
FREMD = re.compile(
    r"Landkreis|Sozialr[aä]um|\bRegion(en)?\b|Regionalbudget|Fachdienst 51|\bFD 51\b"
    r"|Sozialkonferenz|Jugendhilfeausschuss|\bJHA\b"
)
# The words do not depend on the database: read back once, on SQLite (the
# suite runs on both; on PostgreSQL this module would add minutes, not checks).
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="die Wörter hängen nicht von der Datenbank ab: nur auf SQLite gelesen",
)
PDFTOTEXT = shutil.which("pdftotext")
ROLLEN = ("leitung_a", "jha", "fd51", "admin")
ATTRIBUTE = ("title", "aria-label", "alt", "placeholder", "content", "value")


@pytest.fixture
def behoerde():
    return "hansestadt"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.teile = []
        self._still = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._still += 1
        for name, wert in attrs:
            if name in ATTRIBUTE and wert and not (tag == "input" and name == "value"):
                self.teile.append(wert)
            # the shown value of a text field counts, a hidden field's not
            if tag == "input" and name == "value" and wert:
                typ = dict(attrs).get("type", "text")
                if typ in ("text", "submit", "button"):
                    self.teile.append(wert)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._still:
            self._still -= 1

    def handle_data(self, data):
        if not self._still:
            self.teile.append(data)


def _pdf_text(inhalt):
    if not inhalt.startswith(b"%PDF") or len(inhalt) < 200:
        return inhalt.decode("latin-1")  # a stub of the matrix' fixtures
    assert PDFTOTEXT, "pdftotext fehlt (Debian-Paket poppler-utils)"
    ergebnis = subprocess.run(  # noqa: S603 (poppler on our own PDF)
        [PDFTOTEXT, "-", "-"], input=inhalt, capture_output=True, check=True
    )
    return ergebnis.stdout.decode("utf-8")


def _xlsx_text(inhalt):
    from openpyxl import load_workbook

    mappe = load_workbook(io.BytesIO(inhalt), read_only=True)
    teile = []
    for blatt in mappe.worksheets:
        teile.append(blatt.title)
        for zeile in blatt.iter_rows(values_only=True):
            teile.extend(str(z) for z in zeile if z is not None)
    return "\n".join(teile)


def text_der_antwort(response):
    """What a person reads in the response: text of HTML, PDF, XLSX or CSV."""
    art = response.get("Content-Type", "")
    inhalt = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    if "pdf" in art:
        return _pdf_text(inhalt)
    if (
        "spreadsheetml" in art
        or inhalt[:2] == b"PK"
        and zipfile.is_zipfile(io.BytesIO(inhalt))
    ):
        return _xlsx_text(inhalt)
    text = inhalt.decode(response.charset or "utf-8", errors="replace")
    if "csv" in art:
        zeilen = csv.reader(io.StringIO(text), delimiter=";")
        return "\n".join(";".join(z) for z in zeilen)
    if "html" in art:
        parser = _Text()
        parser.feed(text)
        return "\n".join(parser.teile)
    return text


def treffer(text):
    """The lines of `text` holding a Landkreis word, shortened."""
    return sorted(
        {zeile.strip()[:120] for zeile in text.splitlines() if FREMD.search(zeile)}
    )


GET_FAELLE = [f for f in MATRIX if f.methode == "get"]


@pytest.mark.parametrize("fall", GET_FAELLE, ids=lambda f: f.id or f.name)
def test_seiten_der_hansestadt_sprechen_ihre_woerter(welt, fall, client):
    from django.test import Client

    try:
        url = fall.url(welt)
    except Exception as fehler:  # noqa: BLE001
        # a page of a Landkreis-only budget kind (Regionalbudget 2): its data
        # cannot exist in the Hansestadt; the page itself is read below by id
        pytest.skip(f"keine Daten dafür in der Hansestadt: {fehler}")
    funde = {}
    for rolle in ROLLEN:
        if fall.erwartet.get(rolle) not in (200, 404, 403):
            continue
        c = Client()
        c.force_login(welt.rolle(rolle))
        antwort = c.get(url)
        gefunden = treffer(text_der_antwort(antwort))
        if gefunden:
            funde[rolle] = gefunden
    for nachricht in mail.outbox:
        gefunden = treffer(f"{nachricht.subject}\n{nachricht.body}")
        if gefunden:
            funde["mail"] = gefunden
    assert not funde, f"{url}: {funde}"


def test_mails_der_hansestadt_sprechen_ihre_woerter(
    welt, django_capture_on_commit_callbacks
):
    """The invitation and the workflow mails (Antrag eingereicht, geprüft,
    beschlossen) in the Hansestadt's words."""
    from antraege.models import Status
    from antraege.tests.factories import antrag_im_status
    from konten.services import einladung_senden

    mail.outbox.clear()
    einladung_senden(benutzer=welt.opfer)
    with django_capture_on_commit_callbacks(execute=True):
        antrag_im_status(welt, Status.BEWILLIGT)
    assert mail.outbox, "keine Mail verschickt"
    funde = {
        m.subject: treffer(f"{m.subject}\n{m.body}")
        for m in mail.outbox
        if treffer(f"{m.subject}\n{m.body}")
    }
    assert not funde, funde


def test_das_muster_findet_die_woerter_des_landkreises():
    # the guard of the tests above: a page with the Landkreis' words is found
    assert treffer("Budget je Sozialraum\nRegion 2\nFD 51 prüft\nregional") == [
        "Budget je Sozialraum",
        "FD 51 prüft",
        "Region 2",
    ]
    assert not treffer("Stadtteil Kaltenmoor, Bereich 51, regionale Angebote")


def test_jede_admin_seite_der_hansestadt_spricht_ihre_woerter(welt):
    """Every model page of the admin (list and add form) as an administrator:
    beyond the matrix' samples, each model's labels, filters and choices."""
    from django.contrib import admin
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    c = Client()
    c.force_login(welt.admin)
    funde, gelesen = {}, 0
    for modell in admin.site._registry:
        meta = modell._meta
        for schritt in ("changelist", "add"):
            try:
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{schritt}")
            except NoReverseMatch:
                continue
            antwort = c.get(url)
            if antwort.status_code != 200:
                continue
            gelesen += 1
            gefunden = treffer(text_der_antwort(antwort))
            if gefunden:
                funde[url] = gefunden
    assert gelesen > 20, gelesen  # the admin's pages, not a login page
    assert not funde, funde
