"""Pages: wiring, object-level access, bad input, query counts."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.models import Buchung
from budgets.selectors import zahlen_von

from ..models import Anlage, Antrag, Beschluss, Sitzung, Status, Themenfeld
from .factories import JAHR, antrag_im_status, budgets_fuellen, entwurf, ziel_fuer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def formulardaten(welt, **abweichend):
    ziel = ziel_fuer(welt.a)
    daten = {
        "haushaltsjahr": str(JAHR),
        "formular_schluessel": "6f1c7a52-9f43-4a57-a8a3-3f3a1f0e8b11",
        "titel": "Elterncafé",
        "antragsteller": "Familienzentrum Adendorf e. V.",
        "ansprechperson": "Erika Muster",
        "kontakt_email": "erika@example.org",
        "zielgruppe": "Eltern mit kleinen Kindern",
        "themenfelder": [str(Themenfeld.objects.get(name="Familienbildung").pk)],
        "beginn": f"01.03.{JAHR}",
        "ende": f"30.11.{JAHR}",
        "ausgangslage": "Junge Familien sind isoliert.",
        "zielsetzung": "Austausch und Beratung.",
        "massnahme": "Wöchentliches Elterncafé.",
        "ziele": [str(ziel.pk)],
        "gesamtkosten": "2.500,00",
        "beantragt": "1.234,56",
        "eigenanteil": "1.265,44",
        "partner-TOTAL_FORMS": "0",
        "partner-INITIAL_FORMS": "0",
        "drittmittel-TOTAL_FORMS": "0",
        "drittmittel-INITIAL_FORMS": "0",
    }
    daten.update(abweichend)
    return daten


def test_leitung_schreibt_antrag_mit_deutschen_betraegen(client, welt):
    client.force_login(welt.leitung_a)
    antwort = client.post(reverse("antraege:anlegen"), formulardaten(welt))
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    antrag = Antrag.objects.get()
    assert antrag.beantragt == Decimal("1234.56")
    assert antrag.nummer == f"{JAHR}-ADE-001"
    assert antrag.sozialraum == welt.a
    assert antrag.status == Status.ENTWURF
    seite = client.get(antrag.get_absolute_url())
    assert seite.status_code == 200
    assert "1.234,56" in seite.content.decode()


def test_doppelt_abgeschicktes_formular_legt_einen_antrag_an(client, welt):
    client.force_login(welt.leitung_a)
    daten = formulardaten(welt)
    client.post(reverse("antraege:anlegen"), daten)
    client.post(reverse("antraege:anlegen"), daten)
    assert Antrag.objects.count() == 1


@pytest.mark.parametrize(
    ("feld", "wert", "erwartet"),
    [
        ("beantragt", "abc", "Betrag wie 1.234,56"),
        ("beantragt", "-5,00", "nicht negativ"),
        ("beantragt", "12,345", "zwei Nachkommastellen"),
        ("beantragt", "99999999999999", "unplausibel hoch"),
        ("ende", "01.01.1999", "Ende liegt vor dem Beginn"),
        ("kontakt_email", "keine-adresse", "gültige E-Mail"),
        ("gesamtkosten", "1.000,00", "Gesamtkosten betragen nur"),
    ],
)
def test_falsche_eingaben_werden_deutsch_abgelehnt(client, welt, feld, wert, erwartet):
    client.force_login(welt.leitung_a)
    antwort = client.post(
        reverse("antraege:anlegen"), formulardaten(welt, **{feld: wert})
    )
    assert antwort.status_code == 400
    assert erwartet in antwort.content.decode()
    assert not Antrag.objects.exists()


def test_felder_die_das_formular_nicht_anbietet_aendern_nichts(client, welt):
    client.force_login(welt.leitung_a)
    daten = formulardaten(
        welt,
        status="bewilligt",
        bewilligt="9000,00",
        sozialraum=str(welt.b.pk),
        budgetart="1",
        nummer="1999-XXX-001",
        version="99",
    )
    assert client.post(reverse("antraege:anlegen"), daten).status_code == 302
    antrag = Antrag.objects.get()
    assert antrag.status == Status.ENTWURF
    assert antrag.bewilligt is None
    assert antrag.sozialraum == welt.a
    assert antrag.budgetart.code == "projektmittel"
    assert antrag.nummer.endswith("-ADE-001")


def test_fremde_leitung_bekommt_404_fuer_antrag_anlage_und_sitzung(client, welt):
    antrag, sitzung = antrag_im_status(welt, Status.ZUR_BERATUNG)
    client.force_login(welt.leitung_a)
    entwurf_a = entwurf(welt)
    client.post(
        reverse("antraege:anlage_hochladen", args=[entwurf_a.nummer]),
        {"art": "konzept", "datei": SimpleUploadedFile("k.pdf", PDF)},
    )
    anlage = Anlage.objects.get()
    client.force_login(welt.leitung_b)
    for url in [
        antrag.get_absolute_url(),
        reverse("antraege:bearbeiten", args=[entwurf_a.nummer]),
        anlage.get_absolute_url(),
        sitzung.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("antraege:aktion", args=[antrag.nummer, "zurueckziehen"]),
            {"version": antrag.version},
        ).status_code
        == 404
    )
    for filter_ in ({"q": antrag.nummer}, {"sozialraum": welt.a.pk}, {}):
        liste = client.get(reverse("antraege:liste"), filter_).content.decode()
        assert antrag.get_absolute_url() not in liste
        assert "Keine Anträge gefunden" in liste
    sitzungen = client.get(reverse("antraege:sitzungen"))
    assert sitzung.get_absolute_url() not in sitzungen.content.decode()


def test_anlage_wird_als_download_ausgeliefert(client, welt):
    antrag = entwurf(welt)
    client.force_login(welt.leitung_a)
    antwort = client.post(
        reverse("antraege:anlage_hochladen", args=[antrag.nummer]),
        {"art": "kostenplan", "datei": SimpleUploadedFile("Kostenplan.pdf", PDF)},
    )
    assert antwort.status_code == 302
    anlage = Anlage.objects.get()
    assert "test-anlagen" in anlage.datei.path
    antwort = client.get(anlage.get_absolute_url())
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"].startswith("attachment;")
    assert b"".join(antwort.streaming_content) == PDF


def test_getarnte_anlage_wird_abgelehnt(client, welt):
    antrag = entwurf(welt)
    client.force_login(welt.leitung_a)
    antwort = client.post(
        reverse("antraege:anlage_hochladen", args=[antrag.nummer]),
        {"art": "konzept", "datei": SimpleUploadedFile("konzept.pdf", b"MZ\x90\x00")},
    )
    assert antwort.status_code == 400
    assert "passt nicht zur Endung" in antwort.content.decode()
    assert not Anlage.objects.exists()


# The main flow for both authorities (issue 17): the Hansestadt's world has
# its own spaces, office names and no Regionen; the steps are the same.
@pytest.mark.parametrize("behoerde", ["landkreis", "hansestadt"])
def test_der_ganze_weg_ueber_die_seiten(
    client, welt, behoerde, mailoutbox, django_capture_on_commit_callbacks
):
    """Lead submits, FD 51 checks, lead records the approval, FD 51 vetoes."""
    from config.begriffe import begriffe

    b = begriffe()
    # the mails of the steps go out after commit: collected here, sent below
    nach_commit = django_capture_on_commit_callbacks(execute=True)
    nach_commit.__enter__()
    budgets_fuellen()
    antrag = entwurf(welt)
    client.force_login(welt.leitung_a)

    def schritt(user, aktion, **daten):
        client.force_login(user)
        antrag.refresh_from_db()
        daten.setdefault("version", antrag.version)
        return client.post(
            reverse("antraege:aktion", args=[antrag.nummer, aktion]), daten
        )

    assert schritt(welt.leitung_a, "einreichen").status_code == 302
    assert schritt(welt.fd51, "rueckfrage").status_code == 400  # reason missing
    assert schritt(welt.fd51, "pruefen").status_code == 302
    client.force_login(welt.leitung_a)
    antwort = client.post(
        reverse("antraege:sitzung_anlegen"),
        {
            "gremium": welt.a.sozialkonferenz.pk,
            "datum": f"{datetime.date.today():%d.%m.%Y}",
            "ist_budgetsitzung": "on",
            "landkreis_vertreten": "on",
        },
    )
    assert antwort.status_code == 302
    sitzung = Sitzung.objects.get()
    client.post(
        reverse("antraege:sitzung_tagesordnung", args=[sitzung.pk]),
        {"antrag": [antrag.nummer]},
    )
    antrag.refresh_from_db()
    assert antrag.status == Status.ZUR_BERATUNG
    beschluss = {
        "version": sitzung.version,
        "beschluss-TOTAL_FORMS": "1",
        "beschluss-INITIAL_FORMS": "1",
        "beschluss-0-antrag": antrag.pk,
        "beschluss-0-ergebnis": "bewilligt",
        "beschluss-0-betrag": "3.000,00",
        "beschluss-0-ja": "9",
    }
    zu_viel = client.post(
        reverse("antraege:sitzung_beschliessen", args=[sitzung.pk]), beschluss
    )
    assert zu_viel.status_code == 400
    assert "höchstens die beantragten" in zu_viel.content.decode()
    beschluss["beschluss-0-betrag"] = "1.500,00"
    assert (
        client.post(
            reverse("antraege:sitzung_beschliessen", args=[sitzung.pk]), beschluss
        ).status_code
        == 302
    )
    antrag.refresh_from_db()
    assert antrag.status == Status.BEWILLIGT
    assert Beschluss.objects.get().ja == 9
    budget = Buchung.objects.get(art="bindung").budget
    assert zahlen_von(budget).gebunden == Decimal("1500.00")
    # the same form again (double submit) is recognised by its version
    antwort = client.post(
        reverse("antraege:sitzung_beschliessen", args=[sitzung.pk]), beschluss
    )
    assert antwort.status_code == 400
    assert "doppelt abgeschickt" in antwort.content.decode()
    assert Buchung.objects.filter(art="bindung").count() == 1

    assert schritt(welt.fd51, "veto", kommentar="Reine Jugendpflege").status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == Status.VETO
    assert zahlen_von(budget).gebunden == 0
    assert Buchung.objects.get(art="aufloesung").text.startswith(
        f"Veto {b.pruefstelle_kurz}: "
    )
    seite = client.get(antrag.get_absolute_url()).content.decode()
    assert "Reine Jugendpflege" in seite
    # the pages and mails on the way speak the authority's words
    assert f"Ziele des {b.konzept}s" in seite
    sitzung_seite = client.get(
        reverse("antraege:sitzung", args=[sitzung.pk])
    ).content.decode()
    assert f"{b.behoerde_kurz} vertreten" in sitzung_seite
    nach_commit.__exit__(None, None, None)
    assert mailoutbox
    assert all(m.subject.startswith(f"[{b.produkt}] ") for m in mailoutbox)
    if behoerde == "hansestadt":
        for text in (seite, sitzung_seite, *(m.body for m in mailoutbox)):
            assert "Sozialraum" not in text
            assert "Fachdienst 51" not in text


@pytest.mark.parametrize("rolle", ["fd51", "jha", "leitung_a", "geschaeftsstelle"])
def test_liste_und_detail_mit_fester_anzahl_abfragen(
    client, welt, django_assert_max_num_queries, rolle
):
    _, sitzung = antrag_im_status(welt, Status.BEWILLIGT)
    for _ in range(2):
        antrag_im_status(welt, Status.BEWILLIGT, sitzung=sitzung)
    client.force_login(welt.rolle(rolle))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("antraege:liste")).status_code == 200
    antrag = Antrag.objects.first()
    with django_assert_max_num_queries(40):
        assert client.get(antrag.get_absolute_url()).status_code == 200


def test_arbeitsliste_zeigt_was_zu_tun_ist(client, welt, django_assert_max_num_queries):
    eingereicht, _ = antrag_im_status(welt, Status.EINGEREICHT)
    bewilligt, sitzung = antrag_im_status(welt, Status.BEWILLIGT)
    for _ in range(3):
        antrag_im_status(welt, Status.IN_AUSZAHLUNG, sitzung=sitzung)
    client.force_login(welt.fd51)
    with django_assert_max_num_queries(20):  # counted per part, not per row
        seite = client.get(reverse("antraege:arbeitsliste")).content.decode()
    assert eingereicht.nummer in seite
    assert bewilligt.nummer in seite
    assert "Beschlüsse in der Vetofrist (1)" in seite
    assert "Auszahlungen fällig (3)" in seite


def test_arbeitsliste_nennt_sitzungen_die_eine_ausnahme_brauchen(
    client, welt, django_assert_max_num_queries
):
    from ..services import antrag_uebergang
    from ..workflow import Aktion
    from .factories import sitzung_fuer

    ohne_landkreis = sitzung_fuer(welt, landkreis_vertreten=False)
    antrag_im_status(welt, Status.ZUR_BERATUNG, sitzung=ohne_landkreis)
    sitzung_fuer(welt, sozialraum=welt.b)
    sitzung_fuer(welt, sozialraum=welt.b)
    dritte = sitzung_fuer(welt, sozialraum=welt.b)
    antrag_b = entwurf(welt, sozialraum=welt.b)
    for aktion, wer, extra in [
        (Aktion.EINREICHEN, welt.leitung_b, {}),
        (Aktion.PRUEFEN, welt.fd51, {}),
        (Aktion.AUF_TAGESORDNUNG, welt.leitung_b, {"sitzung": dritte}),
    ]:
        antrag_uebergang(antrag=antrag_b, aktion=aktion, durch=wer, **extra)
    client.force_login(welt.fd51)
    with django_assert_max_num_queries(20):
        seite = client.get(reverse("antraege:arbeitsliste")).content.decode()
    assert ohne_landkreis.get_absolute_url() in seite
    assert "der Landkreis war nicht vertreten" in seite
    assert dritte.get_absolute_url() in seite
    assert "es ist die 3. Budgetsitzung" in seite


def test_bearbeiten_mit_kooperationspartner_und_drittmitteln(client, welt):
    antrag = entwurf(welt)
    client.force_login(welt.leitung_a)
    url = reverse("antraege:bearbeiten", args=[antrag.nummer])
    assert client.get(url).status_code == 200
    daten = formulardaten(
        welt,
        version=str(antrag.version),
        gesamtkosten="5.000,00",
        beantragt="3.000,00",
        eigenanteil="0",
        als_eigenanteil="on",
        **{
            "partner-TOTAL_FORMS": "1",
            "partner-0-inhaber": str(welt.b.pk),
            "partner-0-betrag": "1.000,00",
            "drittmittel-TOTAL_FORMS": "1",
            "drittmittel-0-quelle": "Aktion Mensch",
            "drittmittel-0-betrag": "2.000,00",
            "drittmittel-0-stand": "beantragt",
        },
    )
    antwort = client.post(url, daten)
    assert antwort.status_code == 302, antwort.content.decode()[-3000:]
    antrag.refresh_from_db()
    anteile = {a.inhaber: a.betrag for a in antrag.anteile.all()}
    assert anteile == {welt.a: Decimal("2000.00"), welt.b: Decimal("1000.00")}
    assert antrag.drittmittel.get().betrag == Decimal("2000.00")
    # the lead of B sees the application her budget co-finances
    client.force_login(welt.leitung_b)
    assert client.get(antrag.get_absolute_url()).status_code == 200
    # the same form again (old version) is refused, nothing changes
    client.force_login(welt.leitung_a)
    daten["titel"] = "Anderer Titel"
    antwort = client.post(url, daten)
    assert antwort.status_code == 400
    assert "inzwischen geändert" in antwort.content.decode()
    antrag.refresh_from_db()
    assert antrag.titel == "Elterncafé"


def test_anlage_entfernen_loescht_auch_die_datei(
    client, welt, django_capture_on_commit_callbacks
):
    antrag = entwurf(welt)
    client.force_login(welt.leitung_a)
    client.post(
        reverse("antraege:anlage_hochladen", args=[antrag.nummer]),
        {"art": "konzept", "datei": SimpleUploadedFile("k.pdf", PDF)},
    )
    anlage = Anlage.objects.get()
    pfad = anlage.datei.path
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("antraege:anlage_loeschen", args=[antrag.nummer]),
            {"pk": anlage.pk},
        )
    assert antwort.status_code == 302
    assert not Anlage.objects.exists()
    assert not Path(pfad).exists()


def test_kooperationsanteil_braucht_zustimmung_des_partners(client, welt):
    antrag = entwurf(
        welt,
        gesamtkosten=Decimal("3000.00"),
        beantragt=Decimal("2000.00"),
        eigenanteil=Decimal("1000.00"),
        partner=((welt.b, Decimal("500.00")),),
    )

    def einreichen():
        client.force_login(welt.leitung_a)
        antrag.refresh_from_db()
        return client.post(
            reverse("antraege:aktion", args=[antrag.nummer, "einreichen"]),
            {"version": antrag.version},
        )

    antwort = einreichen()
    assert antwort.status_code == 400
    assert "es fehlt die Zustimmung von: Samtgemeinde Gellersen" in (
        antwort.content.decode()
    )
    # the lead of A cannot consent for B
    antrag.refresh_from_db()
    antwort = client.post(
        reverse("antraege:zustimmen", args=[antrag.nummer]),
        {"version": antrag.version},
    )
    assert antwort.status_code == 403
    client.force_login(welt.leitung_b)
    seite = client.get(antrag.get_absolute_url()).content.decode()
    assert "Anteil zustimmen" in seite
    antwort = client.post(
        reverse("antraege:zustimmen", args=[antrag.nummer]),
        {"version": antrag.version},
    )
    assert antwort.status_code == 302
    anteil = antrag.anteile.get(sozialraum=welt.b)
    assert anteil.zugestimmt_von == welt.leitung_b
    assert antrag.statuswechsel.filter(aktion="anteil_zustimmen").exists()
    assert einreichen().status_code == 302
    antrag.refresh_from_db()
    assert antrag.status == Status.EINGEREICHT


def test_aenderung_verlangt_neue_zustimmung(welt):
    from ..services import anteil_zustimmen, antrag_aendern
    from .factories import inhalt

    antrag = entwurf(welt, partner=((welt.b, Decimal("500.00")),))
    anteil_zustimmen(antrag=antrag, durch=welt.leitung_b)
    assert not antrag.anteile.get(sozialraum=welt.b).braucht_zustimmung
    antrag_aendern(
        antrag=antrag,
        inhalt=inhalt(welt.a, partner=((welt.b, Decimal("600.00")),)),
        durch=welt.leitung_a,
    )
    assert antrag.anteile.get(sozialraum=welt.b).braucht_zustimmung


def test_admin_zeigt_antraege_nur_lesend(client, welt, django_assert_max_num_queries):
    antrag, _ = antrag_im_status(welt, Status.IN_AUSZAHLUNG)
    client.force_login(welt.admin)
    assert client.get(reverse("admin:antraege_antrag_changelist")).status_code == 200
    url = reverse("admin:antraege_antrag_change", args=[antrag.pk])
    with django_assert_max_num_queries(20):  # not one per history row
        seite = client.get(url)
    assert seite.status_code == 200
    assert 'name="_save"' not in seite.content.decode()
    client.force_login(welt.jha)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("behoerde", ["hansestadt"])
def test_admin_ohne_gruppen_zeigt_keine_region(client, welt, behoerde):
    """Without a group level the hidden Region is no column, filter or field;
    the labels are the Hansestadt's words."""
    antrag, _ = antrag_im_status(welt, Status.BEWILLIGT)
    client.force_login(welt.admin)
    rolle = welt.leitung_a.rollen.get()
    for url in (
        reverse("admin:antraege_antrag_changelist"),
        reverse("admin:antraege_antrag_change", args=[antrag.pk]),
        reverse("admin:antraege_sitzung_changelist"),
        reverse("admin:konten_rollenzuweisung_changelist"),
        reverse("admin:konten_rollenzuweisung_change", args=[rolle.pk]),
    ):
        seite = client.get(url)
        assert seite.status_code == 200, url
        html = seite.content.decode()
        # the column, the filter and the field of the hidden Region
        assert "column-region" not in html, url
        assert "Nach Region" not in html and "sozialraum__region" not in html, url
        assert "field-region" not in html, url
        assert "Landkreis" not in html and "Sozialraumleitung" not in html, url
        assert "Geschäftsstelle" not in html, url
    assert "Stadtteil" in html and "Stadtteilhausleitung" in html


def test_bewilligung_nach_veto_als_aufgehoben_gezeigt(client, welt):
    antrag, _ = antrag_im_status(welt, Status.VETO)
    client.force_login(welt.fd51)
    liste = client.get(reverse("antraege:liste")).content.decode()
    assert "<s>1.500,00\u00a0€</s>" in liste
    assert "aufgehoben" in liste
    detail = client.get(antrag.get_absolute_url()).content.decode()
    assert "durch Veto aufgehoben, die Mittel sind wieder frei" in detail


def test_sitzung_nennt_den_grund_der_ausnahme_in_einem_ganzen_satz(client, welt):
    from .factories import sitzung_fuer

    ohne_landkreis = sitzung_fuer(welt, landkreis_vertreten=False)
    client.force_login(welt.fd51)
    seite = client.get(ohne_landkreis.get_absolute_url()).content.decode()
    assert (
        "eine Ausnahme durch den Fachdienst 51: der Landkreis war nicht vertreten."
        in seite
    )
    assert "weil der Landkreis" not in seite


def test_ohne_rolle_keine_antraege_und_sitzungen(client, welt):
    from sozialraum.tests.factories import UserFactory

    client.force_login(UserFactory())
    for name in ("antraege:liste", "antraege:sitzungen", "antraege:anlegen"):
        assert client.get(reverse(name)).status_code == 403, name


def test_arbeitsliste_nachweis_faellig_nach_derselben_regel_wie_das_schreiben(
    client, welt, settings
):
    """Projects ended: listed as "noch nicht fällig" until the due date the
    Bewilligungsschreiben names (end + ANTRAEGE_NACHWEIS_FRIST_MONATE), then as
    "fällig". Both lists and the letter use nachweis_faellig_am."""
    from django.utils import timezone

    from berichte.selectors import nachweis_faellig_am as im_schreiben

    from ..selectors import arbeitsliste, nachweis_faellig_am

    settings.ANTRAEGE_NACHWEIS_FRIST_MONATE = 3
    heute = timezone.localdate()
    gerade_faellig, sitzung = antrag_im_status(welt, Status.IN_AUSZAHLUNG)
    noch_nicht, _ = antrag_im_status(welt, Status.BEWILLIGT, sitzung=sitzung)
    laeuft, _ = antrag_im_status(welt, Status.BEWILLIGT, sitzung=sitzung)
    ende = heute  # the latest end whose due date has passed
    while nachweis_faellig_am(Antrag(ende=ende)) >= heute:
        ende -= datetime.timedelta(days=1)
    Antrag.objects.filter(pk=gerade_faellig.pk).update(ende=ende)
    # the day after: its due date is today, not passed
    Antrag.objects.filter(pk=noch_nicht.pk).update(
        ende=ende + datetime.timedelta(days=1)
    )
    Antrag.objects.filter(pk=laeuft.pk).update(ende=heute)
    liste = arbeitsliste()
    assert [a.pk for a in liste.nachweise_faellig.eintraege] == [gerade_faellig.pk]
    assert [a.pk for a in liste.nachweise_bald.eintraege] == [noch_nicht.pk]
    noch_nicht.refresh_from_db()
    assert liste.nachweise_bald.eintraege[0].nachweis_faellig_am == im_schreiben(
        noch_nicht
    )
    assert im_schreiben(noch_nicht) >= heute
    client.force_login(welt.fd51)
    seite = client.get(reverse("antraege:arbeitsliste")).content.decode()
    assert "Verwendungsnachweise fällig (Frist abgelaufen) (1)" in seite
    assert "Projekte beendet, Verwendungsnachweis noch nicht fällig (1)" in seite
    assert f"{im_schreiben(noch_nicht):%d.%m.%Y}" in seite


def test_nachweisfrist_am_monatsende():
    from ..selectors import letztes_ende_mit_faelligem_nachweis, nachweis_frist_ende

    assert nachweis_frist_ende(datetime.date(2013, 11, 30)) == datetime.date(
        2014, 2, 28
    )
    assert nachweis_frist_ende(datetime.date(2013, 12, 31)) == datetime.date(
        2014, 3, 31
    )
    for heute in (datetime.date(2014, 3, 1), datetime.date(2014, 3, 31)):
        grenze = letztes_ende_mit_faelligem_nachweis(heute)
        assert nachweis_frist_ende(grenze) < heute
        assert nachweis_frist_ende(grenze + datetime.timedelta(days=1)) >= heute


def test_arbeitsliste_abfragen_wachsen_nicht_mit_den_zeilen(client, welt):
    """Counted per part, not per row; the rows link to the applications (their
    addresses built from one reverse) and name the holder."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    eingereicht, _ = antrag_im_status(welt, Status.EINGEREICHT)
    _, sitzung = antrag_im_status(welt, Status.IN_AUSZAHLUNG)
    url = reverse("antraege:arbeitsliste")
    client.force_login(welt.fd51)
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    for _ in range(3):
        antrag_im_status(welt, Status.EINGEREICHT)
        antrag_im_status(welt, Status.IN_AUSZAHLUNG, sitzung=sitzung)
    with CaptureQueriesContext(connection) as viele:
        seite = client.get(url).content.decode()
    assert len(viele) == len(wenige)
    assert "Zu prüfen (Konformität mit Sozialraumkonzept und Förderrichtlinie) (4)" in (
        seite
    )
    assert f'href="{eingereicht.get_absolute_url()}">{eingereicht.nummer}</a>' in seite
    assert f'<td class="kern-table__cell">{eingereicht.inhaber}</td>' in seite


def test_arbeitsliste_ordnet_teile_aus_mehreren_quellen(welt):
    """A part read along several index ranges (per state; with and without a
    project end) comes out in one order: payments by oldest change, the proofs
    due by end (none last: its Haushaltsjahr's end), year and number."""
    from django.utils import timezone

    from ..selectors import arbeitsliste, nachweis_faellig_am

    a1, sitzung = antrag_im_status(welt, Status.IN_AUSZAHLUNG)
    b1, _ = antrag_im_status(welt, Status.BEWILLIGT, sitzung=sitzung)
    a2, _ = antrag_im_status(welt, Status.IN_AUSZAHLUNG, sitzung=sitzung)
    # decided long ago: the Vetofrist is over, the approved one is to be paid
    Sitzung.objects.filter(pk=sitzung.pk).update(
        datum=timezone.localdate() - datetime.timedelta(days=90)
    )
    jetzt = timezone.now()
    for antrag, tage, ende, jahr in [
        (a1, 3, datetime.date(2020, 5, 1), 2020),
        (b1, 2, None, 2019),
        (a2, 1, datetime.date(2021, 1, 1), 2021),
    ]:
        Antrag.objects.filter(pk=antrag.pk).update(
            geaendert_am=jetzt - datetime.timedelta(days=tage),
            beginn=None,
            ende=ende,
            haushaltsjahr=jahr,
        )
    liste = arbeitsliste()
    assert [a.pk for a in liste.zahlungen.eintraege] == [a1.pk, b1.pk, a2.pk]
    assert liste.zahlungen.anzahl == 3
    assert [a.pk for a in liste.nachweise_faellig.eintraege] == [a1.pk, a2.pk, b1.pk]
    assert liste.nachweise_faellig.anzahl == 3
    assert liste.nachweise_faellig.eintraege[2].nachweis_faellig_am == (
        nachweis_faellig_am(Antrag(ende=None, haushaltsjahr=2019))
    )
    assert liste.in_vetofrist.anzahl == 0


def test_admin_antraege_ohne_vollzaehlung_mit_jahresfilter(client, welt):
    """The changelist's queries do not grow with the applications; the year
    filter offers the budgets' years and filters by the application's year."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    antrag, sitzung = antrag_im_status(welt, Status.IN_AUSZAHLUNG)
    url = reverse("admin:antraege_antrag_changelist")
    client.force_login(welt.admin)
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    for _ in range(3):
        antrag_im_status(welt, Status.BEWILLIGT, sitzung=sitzung)
    with CaptureQueriesContext(connection) as viele:
        seite = client.get(url).content.decode()
    assert len(viele) == len(wenige)
    assert f"?haushaltsjahr={JAHR}" in seite
    im_jahr = client.get(url, {"haushaltsjahr": JAHR}).content.decode()
    assert antrag.nummer in im_jahr
    davor = client.get(url, {"haushaltsjahr": JAHR - 1}).content.decode()
    assert antrag.nummer not in davor


def test_arbeitsliste_vetofrist_aus_den_beschluessen_seit_ihrem_beginn(welt):
    """In the Vetofrist: approved by a Beschluss of a Sitzung since the Frist
    began (read from those Beschlüsse); once it is over, the payment is due."""
    from django.utils import timezone

    from ..selectors import arbeitsliste

    antrag, sitzung = antrag_im_status(welt, Status.BEWILLIGT)
    heute = timezone.localdate()
    Sitzung.objects.filter(pk=sitzung.pk).update(datum=heute)
    liste = arbeitsliste()
    assert [a.pk for a in liste.in_vetofrist.eintraege] == [antrag.pk]
    assert liste.in_vetofrist.eintraege[0].beschlossen_am == heute
    assert liste.zahlungen.anzahl == 0
    Sitzung.objects.filter(pk=sitzung.pk).update(
        datum=heute - datetime.timedelta(days=90)
    )
    liste = arbeitsliste()
    assert liste.in_vetofrist.anzahl == 0
    assert [a.pk for a in liste.zahlungen.eintraege] == [antrag.pk]
