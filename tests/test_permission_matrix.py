"""Every URL of the app × every role, with the expected answer.

A URL whose view lives in our code and has no entry here fails
`test_jede_url_steht_in_der_matrix`: a new page cannot ship without saying who
may open it.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

ROLLEN = [
    "anonym",
    "leitung_a",
    "leitung_b",
    "geschaeftsstelle",
    "jha",
    "fd51",
    "admin",
]
EIGENE_MODULE = (
    "config",
    "regionen",
    "sozialraum",
    "budgets",
    "antraege",
    "kennzahlen",
    "berichte",
    "austausch",
    "konten",
    "betrieb",
)

LOGIN = "login"  # expected: redirect to the login page
WEITER = "weiter"  # expected: a redirect elsewhere (e.g. after a POST)


@dataclass
class Fall:
    name: str
    erwartet: dict  # role -> status code, LOGIN or WEITER
    kwargs: object = None  # dict or callable(welt) -> dict
    methode: str = "get"
    daten: object = field(default_factory=dict)  # dict or callable(welt) -> dict
    id: str = ""
    query: object = None  # callable(welt) -> query string

    def url(self, welt):
        kwargs = self.kwargs(welt) if callable(self.kwargs) else self.kwargs
        url = reverse(self.name, kwargs=kwargs)
        return f"{url}?{self.query(welt)}" if self.query else url


def alle(wert, **abweichend):
    erwartet = dict.fromkeys(ROLLEN, wert)
    erwartet.update(abweichend)
    return erwartet


NUR_VERWALTUNG = alle(403, anonym=LOGIN, fd51=200, admin=200)
NUR_VERWALTUNG_POST = alle(403, anonym=LOGIN, fd51=WEITER, admin=WEITER)
NUR_FD51 = alle(403, anonym=LOGIN, fd51=200)


@pytest.fixture(autouse=True)
def _budgets(welt):
    """Projektmittel 2013 for all Sozialräume; budget_a is A's."""
    from budgets import services
    from budgets.models import Budgetart

    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag="100000.00")
    welt.budget_a = art.budget_set.get(haushaltsjahr=2013, sozialraum=welt.a)


def _antraege(w):
    """A's applications, built on first use: one on the agenda of a Sitzung, one
    draft with an attachment."""
    if not hasattr(w, "beratung"):
        from decimal import Decimal

        from django.core.files.uploadedfile import SimpleUploadedFile

        from antraege.models import Status
        from antraege.services import anlage_hinzufuegen
        from antraege.tests.factories import antrag_im_status, entwurf

        w.beratung, w.sitzung = antrag_im_status(w, Status.ZUR_BERATUNG, budget=False)
        w.entwurf = entwurf(w)
        w.kooperation = entwurf(w, partner=((w.b, Decimal("500.00")),))
        w.anlage = anlage_hinzufuegen(
            antrag=w.entwurf,
            datei=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
            art="kostenplan",
            durch=w.leitung_a,
        )
    return w


def _beratung(w):
    return {"nummer": _antraege(w).beratung.nummer}


def _entwurf(w):
    return {"nummer": _antraege(w).entwurf.nummer}


def _sitzung(w):
    return {"pk": _antraege(w).sitzung.pk}


def _bewilligt(w):
    if not hasattr(w, "bewilligt"):
        from antraege.models import Status
        from antraege.tests.factories import antrag_im_status

        w.bewilligt, _ = antrag_im_status(w, Status.BEWILLIGT)
    return {"nummer": w.bewilligt.nummer}


def _auftrag_von_fd51(w):
    """A finished report order of FD 51: nobody else may open it."""
    if not hasattr(w, "auftrag"):
        from betrieb.models import Auftrag

        w.auftrag = Auftrag.objects.create(
            art=Auftrag.Art.ANTRAGSUEBERSICHT,
            parameter={},
            erstellt_von=w.fd51,
            stand=Auftrag.Stand.FERTIG,
            datei=b"%PDF-1.7\n",
            dateiname="Antragsuebersicht.pdf",
        )
    return {"pk": w.auftrag.pk}


def _import_von_fd51(w):
    """A finished import dry run of FD 51 (generic order page, import kind)."""
    if not hasattr(w, "importauftrag"):
        from betrieb.models import Auftrag

        w.importauftrag = Auftrag.objects.create(
            art=Auftrag.Art.IMPORT_PRUEFEN,
            parameter={"art": "traeger", "dateiname": "t.csv"},
            erstellt_von=w.fd51,
            stand=Auftrag.Stand.FERTIG,
            ergebnis={"art": "traeger", "dateiname": "t.csv", "trocken": True},
        )
    return {"pk": w.importauftrag.pk}


def _vertrag(w):
    """A's Sozialraumvertrag 2013–2016 with its year 2013 bound (issue 6)."""
    if not hasattr(w, "vertrag"):
        import datetime
        from decimal import Decimal

        from budgets import services as ledger
        from budgets.models import Budgetart
        from budgets.vertraege import services as vertraege
        from sozialraum.tests.factories import TraegerFactory

        ledger.zuweisen(
            budgetart=Budgetart.objects.get(code="gebunden"),
            haushaltsjahr=2013,
            gesamtbetrag=Decimal("1000000.00"),
        )
        w.vertrag = vertraege.vertrag_anlegen(
            sozialraum=w.a,
            traeger=TraegerFactory(),
            beginn=datetime.date(2013, 1, 1),
            ende=datetime.date(2016, 12, 31),
            durch=w.fd51,
        )
        vertraege.jahr_festsetzen(
            vertrag=w.vertrag,
            haushaltsjahr=2013,
            personalkosten=Decimal("80000.00"),
            sachkosten=Decimal("12000.00"),
            beratung=Decimal("8000.00"),
            durch=w.fd51,
        )
    return {"pk": w.vertrag.pk}


def _vertragsjahr(w):
    return {**_vertrag(w), "jahr": 2013}


def _hilfe(w):
    """A Hilfe of Regionalbudget 2 in A's Region, 2013 (issue 6, case data)."""
    if not hasattr(w, "hilfe"):
        from budgets.hilfen.tests.factories import hilfe, rb2_zuweisen

        rb2_zuweisen(jahr=2013)
        w.hilfe = hilfe(w.a.region, jahr=2013)
    return {"nummer": w.hilfe.nummer}


def _kz(w, **mehr):
    return {"jahr": 2013, "kuerzel": w.a.kuerzel, **mehr}


def _meldung_a(w, *, sperren=False):
    """A's report of the first quarter 2013 (issue 15), locked if asked."""
    if not hasattr(w, "meldung"):
        from kennzahlen.tests.factories import gemeldet

        w.meldung = gemeldet(w)
    if sperren and not w.meldung.ist_gesperrt:
        from kennzahlen import services

        w.meldung = services.meldung_sperren(meldung=w.meldung, durch=w.fd51)
    return _kz(w, quartal=1)


def _zielvereinbarung_a(w, *, vereinbart=False):
    """A's Zielvereinbarung 2013 with one target; agreed if asked."""
    if not hasattr(w, "zielvereinbarung"):
        from kennzahlen import services

        w.zielvereinbarung = services.zielvereinbarung_entwerfen(
            sozialraum=w.a, jahr=2013, durch=w.fd51
        )
        services.zielvorgabe_hinzufuegen(
            zielvereinbarung=w.zielvereinbarung,
            art="kennzahl",
            titel="Familien erreichen",
            kennzahl="faelle_neu",
            zielwert=100,
            durch=w.fd51,
        )
    if vereinbart and w.zielvereinbarung.ist_entwurf:
        import datetime

        from kennzahlen import services

        w.zielvereinbarung = services.zielvereinbarung_vereinbaren(
            zielvereinbarung=w.zielvereinbarung,
            vereinbart_am=datetime.date(2013, 2, 1),
            durch=w.fd51,
        )
    return _kz(w)


BUERO_A = alle(403, anonym=LOGIN, leitung_b=404)
KENNZAHLEN_FD51_A = {**BUERO_A, "fd51": 200}
VERTRAG_A = alle(403, anonym=LOGIN, leitung_b=404)

MATRIX = [
    # each role's start page; the Geschäftsstelle lands on her Region's page
    Fall("start", alle(200, anonym=LOGIN, geschaeftsstelle=WEITER)),
    Fall(
        "start",
        alle(200, anonym=LOGIN, geschaeftsstelle=WEITER),
        id="start-jahr",
        query=lambda w: "jahr=2013",
    ),
    Fall("sozialraum:uebersicht", alle(200, anonym=LOGIN)),
    Fall(
        "regionen:region",
        alle(200, anonym=LOGIN, leitung_a=404, leitung_b=404),
        kwargs=lambda w: {"nummer": w.a.region.nummer},
        id="region-von-a",
    ),
    Fall(
        "regionen:region",
        alle(200, anonym=LOGIN, leitung_a=404, leitung_b=404, geschaeftsstelle=404),
        kwargs=lambda w: {"nummer": w.b.region.nummer},
        id="region-von-b",
    ),
    Fall(
        "sozialraum:detail",
        alle(200, anonym=LOGIN, leitung_b=404),
        kwargs=lambda w: {"kuerzel": w.a.kuerzel},
        id="sozialraum-a",
    ),
    Fall(
        "sozialraum:detail",
        alle(200, anonym=LOGIN, leitung_a=404, geschaeftsstelle=404),
        kwargs=lambda w: {"kuerzel": w.b.kuerzel},
        id="sozialraum-b",
    ),
    Fall(
        "sozialraum:detail",
        alle(404, anonym=LOGIN),
        kwargs={"kuerzel": "XYZ"},
        id="sozialraum-unbekannt",
    ),
    Fall("konten:benutzer_liste", NUR_VERWALTUNG),
    Fall("konten:benutzer_neu", NUR_VERWALTUNG),
    Fall(
        "konten:benutzer_bearbeiten",
        NUR_VERWALTUNG,
        kwargs=lambda w: {"pk": w.opfer.pk},
    ),
    Fall(
        "konten:benutzer_bearbeiten",
        alle(403, anonym=LOGIN, admin=200),
        kwargs=lambda w: {"pk": w.weiterer_admin.pk},
        id="bearbeiten-eines-administrators",
    ),
    Fall(
        "konten:benutzer_aktiv",
        NUR_VERWALTUNG_POST,
        kwargs=lambda w: {"pk": w.opfer.pk},
        methode="post",
        daten={"aktiv": "0"},
    ),
    Fall(
        "konten:benutzer_aktiv",
        alle(405, anonym=LOGIN),
        kwargs=lambda w: {"pk": w.opfer.pk},
        id="aktiv-nur-per-post",
    ),
    Fall(
        "konten:benutzer_einladen",
        NUR_VERWALTUNG_POST,
        kwargs=lambda w: {"pk": w.opfer.pk},
        methode="post",
    ),
    # The admin: Stammdaten for FD 51 and administrators; its login is allauth's.
    Fall("admin:index", alle(403, anonym=LOGIN, fd51=200, admin=200)),
    Fall("admin:login", alle(403, anonym=LOGIN, fd51=WEITER, admin=WEITER)),
    Fall(
        "admin:sozialraum_sozialraum_changelist",
        alle(403, anonym=LOGIN, fd51=200, admin=200),
    ),
    Fall(
        "admin:konten_user_changelist",
        alle(403, anonym=LOGIN, fd51=200, admin=200),
    ),
    # allauth: open to everyone or to every signed-in user.
    Fall("account_login", alle(WEITER, anonym=200)),
    Fall("account_signup", alle(WEITER, anonym=200)),
    Fall("account_reset_password", alle(200)),
    Fall("account_change_password", alle(200, anonym=LOGIN)),
    Fall("mfa_index", alle(200, anonym=LOGIN)),
    # switched off: login addresses are managed by FD 51
    Fall("account_email", alle(404)),
    # Budgets: everybody sees figures within their scope; FD 51 books.
    Fall("budgets:start", alle(WEITER, anonym=LOGIN)),
    Fall("budgets:uebersicht", alle(200, anonym=LOGIN), kwargs={"jahr": 2013}),
    Fall(
        "budgets:journal",
        alle(200, anonym=LOGIN, jha=403),
        kwargs={"jahr": 2013},
        id="journal-alle",
    ),
    Fall(
        "budgets:journal",
        alle(200, anonym=LOGIN, leitung_b=404, jha=403),
        kwargs={"jahr": 2013},
        query=lambda w: f"budget={w.budget_a.pk}",
        id="journal-budget-a",
    ),
    Fall(
        "budgets:journal",
        alle(404, anonym=LOGIN),
        kwargs={"jahr": 2013},
        query=lambda w: "budget=kaputt",
        id="journal-budget-unsinn",
    ),
    Fall("budgets:zuweisen", NUR_FD51, kwargs={"jahr": 2013}),
    Fall("budgets:umbuchen", NUR_FD51, kwargs={"jahr": 2013}),
    Fall("budgets:jahresabschluss", NUR_FD51, kwargs={"jahr": 2012}),
    Fall(
        "budgets:stornieren",
        NUR_FD51,
        kwargs=lambda w: {"pk": w.budget_a.buchungen.first().pk},
    ),
    Fall(
        "budgets:plan",
        alle(200, anonym=LOGIN, leitung_a=403, leitung_b=403, geschaeftsstelle=403),
    ),
    Fall(
        "budgets:planrate_setzen",
        alle(403, anonym=LOGIN, fd51=WEITER),
        methode="post",
        daten={"ab_jahr": "2030", "prozent": "3,5"},
    ),
    # Regionalbudget 2 (issue 6): case-level pages for FD 51 only (not even
    # administrators); the sums per Region and Hilfeart for every role; the
    # log of views for FD 51 and administrators.
    Fall("hilfen:start", alle(WEITER, anonym=LOGIN)),
    Fall("hilfen:summen", alle(200, anonym=LOGIN), kwargs={"jahr": 2013}),
    Fall("hilfen:liste", NUR_FD51, kwargs={"jahr": 2013}),
    Fall("hilfen:export", NUR_FD51, kwargs={"jahr": 2013}),
    Fall("hilfen:neu", NUR_FD51),
    Fall("hilfen:protokoll", NUR_VERWALTUNG),
    Fall("hilfen:detail", NUR_FD51, kwargs=_hilfe),
    Fall(
        "hilfen:detail",
        alle(403, anonym=LOGIN, fd51=404),
        kwargs={"nummer": "H-2013-9999"},
        id="hilfe-unbekannt",
    ),
    Fall(
        "hilfen:auszahlen",
        alle(403, anonym=LOGIN, fd51=WEITER),
        kwargs=_hilfe,
        methode="post",
        daten={"betrag": "1,00"},
    ),
    Fall(
        "hilfen:auszahlung_stornieren",
        alle(403, anonym=LOGIN, fd51=400),  # FD 51: no such payment
        kwargs=_hilfe,
        methode="post",
        daten={"auszahlung": "1", "text": "Versehen"},
    ),
    Fall(
        "hilfen:kosten_senken",
        alle(403, anonym=LOGIN, fd51=WEITER),
        kwargs=_hilfe,
        methode="post",
        daten={"kosten": "1,00"},
    ),
    Fall(
        "hilfen:beenden",
        alle(403, anonym=LOGIN, fd51=WEITER),
        kwargs=_hilfe,
        methode="post",
        daten={"ende": "30.06.2013"},
    ),
    # Sozialraumverträge (issue 6): FD 51 changes them; the Leitung, the
    # Geschäftsstelle of the Region and administrators read the contract; the
    # JHA sees the list's sums only; the lead of B learns nothing about A's.
    Fall("vertraege:start", alle(WEITER, anonym=LOGIN)),
    Fall("vertraege:liste", alle(200, anonym=LOGIN), kwargs={"jahr": 2013}),
    Fall("vertraege:anlegen", NUR_FD51),
    Fall(
        "vertraege:detail",
        alle(200, anonym=LOGIN, leitung_b=404, jha=403),
        kwargs=_vertrag,
    ),
    Fall("vertraege:aendern", {**VERTRAG_A, "fd51": 200}, kwargs=_vertrag),
    Fall("vertraege:jahr_festsetzen", {**VERTRAG_A, "fd51": 200}, kwargs=_vertrag),
    Fall("vertraege:zahlung", {**VERTRAG_A, "fd51": 200}, kwargs=_vertragsjahr),
    Fall(
        "vertraege:zahlung",
        {**VERTRAG_A, "fd51": WEITER},
        kwargs=_vertragsjahr,
        methode="post",
        id="zahlung-buchen",
    ),
    Fall(
        "vertraege:spitzabrechnung",
        {**VERTRAG_A, "fd51": 200},
        kwargs=_vertragsjahr,
    ),
    # Kennzahlen (issue 15): the lead of B learns nothing about A's Büro (404).
    Fall("kennzahlen:start", alle(WEITER, anonym=LOGIN)),
    Fall("kennzahlen:liste", alle(200, anonym=LOGIN), kwargs={"jahr": 2013}),
    Fall(
        "kennzahlen:buero",
        alle(200, anonym=LOGIN, leitung_b=404),
        kwargs=_kz,
        id="kennzahlen-a",
    ),
    Fall(
        "kennzahlen:buero",
        alle(200, anonym=LOGIN, leitung_a=404, geschaeftsstelle=404),
        kwargs=lambda w: {"jahr": 2013, "kuerzel": w.b.kuerzel},
        id="kennzahlen-b",
    ),
    Fall(
        "kennzahlen:melden",
        {**BUERO_A, "leitung_a": 200},
        kwargs=lambda w: _kz(w, quartal=1),
    ),
    Fall(
        "kennzahlen:sperren",
        {**BUERO_A, "fd51": WEITER},
        kwargs=_meldung_a,
        methode="post",
    ),
    Fall(
        "kennzahlen:sperren",
        alle(405, anonym=LOGIN),
        kwargs=_meldung_a,
        id="sperren-nur-per-post",
    ),
    Fall(
        "kennzahlen:korrigieren",
        KENNZAHLEN_FD51_A,
        kwargs=lambda w: _meldung_a(w, sperren=True),
    ),
    Fall("kennzahlen:entwerfen", KENNZAHLEN_FD51_A, kwargs=_kz),
    Fall("kennzahlen:vorgabe_neu", KENNZAHLEN_FD51_A, kwargs=_zielvereinbarung_a),
    Fall(
        "kennzahlen:vorgabe_entfernen",
        {**BUERO_A, "fd51": WEITER},
        kwargs=lambda w: {**_zielvereinbarung_a(w), "nummer": 1},
        methode="post",
    ),
    Fall("kennzahlen:vereinbaren", KENNZAHLEN_FD51_A, kwargs=_zielvereinbarung_a),
    Fall(
        "kennzahlen:bewerten",
        KENNZAHLEN_FD51_A,
        kwargs=lambda w: _zielvereinbarung_a(w, vereinbart=True),
    ),
    Fall(
        "austausch:kennzahlen_export",
        alle(200, anonym=LOGIN),
        kwargs={"jahr": 2013, "format": "csv"},
    ),
    # Applications: the lead of B learns nothing about A's (404).
    Fall("antraege:liste", alle(200, anonym=LOGIN)),
    Fall("antraege:sitzungen", alle(200, anonym=LOGIN)),
    Fall(
        "antraege:anlegen",
        alle(403, anonym=LOGIN, leitung_a=200, leitung_b=200, geschaeftsstelle=200),
    ),
    Fall("antraege:arbeitsliste", NUR_FD51),
    Fall("antraege:detail", alle(200, anonym=LOGIN, leitung_b=404), kwargs=_beratung),
    Fall(
        "antraege:detail",
        alle(404, anonym=LOGIN),
        kwargs={"nummer": "2013-XXX-999"},
        id="antrag-unbekannt",
    ),
    Fall("antraege:bearbeiten", {**BUERO_A, "leitung_a": 200}, kwargs=_entwurf),
    Fall(
        "antraege:aktion",
        {**BUERO_A, "leitung_a": WEITER, "fd51": WEITER},
        kwargs=lambda w: {**_entwurf(w), "aktion": "zurueckziehen"},
        methode="post",
        daten={"version": "1"},
    ),
    Fall(
        "antraege:aktion",
        alle(404, anonym=LOGIN),
        kwargs=lambda w: {**_entwurf(w), "aktion": "bewilligen"},
        methode="post",
        daten={"version": "1"},
        id="beschluss-nur-in-der-sitzung",
    ),
    Fall(
        "antraege:zustimmen",
        # A's draft has no partner share: nobody has anything to consent to
        alle(403, anonym=LOGIN, leitung_b=404),
        kwargs=_entwurf,
        methode="post",
    ),
    Fall(
        "antraege:zustimmen",
        # only the partner's office, on a cooperation with a share of B
        alle(403, anonym=LOGIN, leitung_b=WEITER),
        kwargs=lambda w: {"nummer": _antraege(w).kooperation.nummer},
        methode="post",
        id="zustimmen-kooperation",
    ),
    Fall(
        "antraege:anlage",
        alle(200, anonym=LOGIN, leitung_b=404),
        kwargs=lambda w: {**_entwurf(w), "pk": _antraege(w).anlage.pk},
    ),
    Fall(
        "antraege:anlage_hochladen",
        {**BUERO_A, "leitung_a": 400},  # no file: the form says so
        kwargs=_entwurf,
        methode="post",
    ),
    Fall(
        "antraege:anlage_loeschen",
        {**BUERO_A, "leitung_a": WEITER},
        kwargs=_entwurf,
        methode="post",
        daten=lambda w: {"pk": _antraege(w).anlage.pk},
    ),
    Fall(
        "antraege:sitzung_anlegen",
        alle(403, anonym=LOGIN, leitung_a=200, leitung_b=200, geschaeftsstelle=200),
    ),
    Fall("antraege:sitzung", alle(200, anonym=LOGIN, leitung_b=404), kwargs=_sitzung),
    Fall(
        "antraege:sitzung_aendern",
        {**BUERO_A, "leitung_a": 400},
        kwargs=_sitzung,
        methode="post",
    ),
    Fall(
        "antraege:sitzung_tagesordnung",
        {**BUERO_A, "leitung_a": WEITER},
        kwargs=_sitzung,
        methode="post",
    ),
    Fall(
        "antraege:sitzung_beschliessen",
        {**BUERO_A, "leitung_a": 400},
        kwargs=_sitzung,
        methode="post",
    ),
    Fall(
        "antraege:sitzung_ausnahme",
        {**BUERO_A, "fd51": 400},
        kwargs=_sitzung,
        methode="post",
    ),
    # Reports (issue 5): every role with a committee or the Landkreis' view.
    Fall("berichte:berichte", alle(200, anonym=LOGIN)),
    Fall(
        "berichte:antragsuebersicht",
        alle(WEITER, anonym=LOGIN, leitung_b=400),
        methode="post",
        daten=lambda w: {"jahr_von": 2013, "sozialraum": w.a.pk},
    ),
    Fall(
        "berichte:budgetbericht",
        alle(200, anonym=LOGIN),
        query=lambda w: "jahr=2013",
    ),
    # The Jahresbericht Sozialraum (issue 15): who may see the Büro's
    # Kennzahlen page may have it; a Leitung her own Büro only.
    Fall(
        "berichte:jahresbericht",
        alle(200, anonym=LOGIN, leitung_b=404),
        kwargs=_kz,
        id="jahresbericht-a",
    ),
    Fall(
        "berichte:jahresbericht",
        alle(200, anonym=LOGIN, leitung_a=404, geschaeftsstelle=404),
        kwargs=lambda w: {"jahr": 2013, "kuerzel": w.b.kuerzel},
        id="jahresbericht-b",
    ),
    # Background orders (antraege/auftraege): only the orderer sees one.
    Fall(
        "betrieb:auftrag",
        alle(404, anonym=LOGIN, fd51=200),
        kwargs=_auftrag_von_fd51,
    ),
    Fall(
        "betrieb:auftrag_datei",
        alle(404, anonym=LOGIN, fd51=200),
        kwargs=_auftrag_von_fd51,
    ),
    Fall(
        "betrieb:auftrag",
        alle(404, anonym=LOGIN, fd51=200),
        kwargs=_import_von_fd51,
        id="auftrag-import",
    ),
    Fall(
        "berichte:bewilligungsschreiben",
        {**BUERO_A, "leitung_a": 200, "fd51": 200, "admin": 200},
        kwargs=_bewilligt,
    ),
    # Import/export (antraege/austausch): FD 51 only; without a file or key
    # the forms say so (400); the admin's buttons lead to the page.
    Fall("austausch:austausch", NUR_FD51),
    Fall(
        "austausch:importieren",
        alle(403, anonym=LOGIN, fd51=400),
        methode="post",
    ),
    Fall("austausch:export", alle(403, anonym=LOGIN, fd51=400)),
    # the template files (issue 14): FD 51 only, like the page
    *[
        Fall(
            "austausch:vorlage",
            NUR_FD51,
            kwargs=lambda w, art=art: {"art": art},
            id=f"vorlage-{art}",
        )
        for art in ("traeger", "konzepte", "schluessel", "zuweisungen", "antraege")
    ],
    *[
        Fall(f"admin:{modell}_{schritt}", alle(403, anonym=LOGIN, fd51=WEITER))
        for modell in ("antraege_antrag", "sozialraum_traeger", "budgets_verteilung")
        for schritt in ("import", "export")
    ],
]


def _antwort_pruefen(response, erwartet):
    """None if the response is what `erwartet` says, else what it was instead."""
    if erwartet in (LOGIN, WEITER):
        if response.status_code != 302:
            return response.status_code
        ziel = response["Location"]
        beim_login = ziel.startswith(reverse("account_login")) or (
            # the admin first sends to its own login, which forwards to allauth
            ziel.startswith(reverse("admin:login"))
        )
        if beim_login != (erwartet == LOGIN):
            return f"302 nach {ziel}"
        return None
    return None if response.status_code == erwartet else response.status_code


def _fuer_jede_rolle(welt, erwartet, anfrage):
    """Asks as every role, each in a savepoint rolled back afterwards (what one
    role's POST changes, the next role does not see); returns the roles whose
    answer differs from `erwartet`, with what they got.

    One test per URL, not per URL and role: the Grunddaten, the users and the
    budgets are built once for seven requests (the matrix was half of the
    suite's tests and most of their set-up time).
    """
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client

    abweichend = {}
    for rolle in ROLLEN:
        cache.clear()  # failed-login limits and the like: each role starts clean
        client = Client()
        user = welt.rolle(rolle)
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            fehler = _antwort_pruefen(anfrage(client), erwartet[rolle])
            transaction.set_rollback(True)
        if fehler is not None:
            abweichend[rolle] = f"erwartet {erwartet[rolle]}, bekommen {fehler}"
    return abweichend


@pytest.mark.parametrize("fall", MATRIX, ids=lambda fall: fall.id or fall.name)
def test_matrix(welt, fall):
    # Built once, outside the savepoints: the objects the URL and the data need
    # (the helpers above create them on first use and keep them on `welt`).
    fall.url(welt)
    if callable(fall.daten):
        fall.daten(welt)

    def anfrage(client):
        daten = fall.daten(welt) if callable(fall.daten) else fall.daten
        return getattr(client, fall.methode)(fall.url(welt), daten)

    assert not _fuer_jede_rolle(welt, fall.erwartet, anfrage)


def _eigene_url_namen(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for eintrag in resolver.url_patterns:
        if isinstance(eintrag, URLResolver):
            ns = f"{prefix}{eintrag.namespace}:" if eintrag.namespace else prefix
            yield from _eigene_url_namen(eintrag, ns)
        elif isinstance(eintrag, URLPattern):
            modul = getattr(eintrag.callback, "__module__", "") or ""
            if modul.split(".")[0] in EIGENE_MODULE:
                yield f"{prefix}{eintrag.name}"


def test_jede_url_steht_in_der_matrix():
    in_matrix = {fall.name for fall in MATRIX}
    eigene = set(_eigene_url_namen())
    assert "start" in eigene and "konten:benutzer_neu" in eigene
    fehlend = sorted(eigene - in_matrix)
    assert not fehlend, f"URLs ohne Eintrag in der Berechtigungsmatrix: {fehlend}"


def test_anonymer_zugriff_auf_admin_endet_beim_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def _admin_listen():
    from django.contrib import admin

    return sorted(
        f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist"
        for m in admin.site._registry
    )


ADMIN_ERWARTET = alle(403, anonym=LOGIN, fd51=200, admin=200)
ADMIN_AUSNAHMEN = {
    # second factors: administrators only
    "admin:mfa_authenticator_changelist": alle(403, anonym=LOGIN, admin=200),
    # the security log (logins, refusals, role changes): administrators only
    "admin:konten_protokolleintrag_changelist": alle(403, anonym=LOGIN, admin=200),
    # the Kennzahlen as reported, small counts exact: FD 51 only (issue 15)
    "admin:kennzahlen_quartalsmeldung_changelist": alle(403, anonym=LOGIN, fd51=200),
}


@pytest.mark.parametrize("name", _admin_listen())
def test_jede_admin_liste(welt, name):
    """Every model page of the admin: FD 51 and administrators only."""
    erwartet = ADMIN_AUSNAHMEN.get(name, ADMIN_ERWARTET)
    assert not _fuer_jede_rolle(welt, erwartet, lambda c: c.get(reverse(name)))


def _allauth_namen():
    """allauth's pages that take no argument (those with a key need a mail)."""
    namen = []
    for name in sorted(n for n in get_resolver().reverse_dict if isinstance(n, str)):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url.startswith("/konto/") and name not in {f.name for f in MATRIX}:
            namen.append(name)
    return namen


@pytest.mark.parametrize("name", _allauth_namen())
def test_allauth_seiten_antworten_fuer_jede_rolle_gleich(client, welt, name):
    """allauth's own pages never depend on the role, and never fail."""
    antworten = set()
    for rolle in ROLLEN:
        client.logout()
        user = welt.rolle(rolle)
        if user is not None:
            client.force_login(user)
        status = client.get(reverse(name)).status_code
        assert status < 500, (name, rolle, status)
        if user is not None:
            antworten.add(status)
    assert len(antworten) == 1, (name, antworten)
