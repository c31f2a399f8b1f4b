"""Guards and effects of the application services (docs/fachkonzept.md §3), one by one.

Refusals are asserted by their codes; "nothing changed" means: the
application's state and version, its history, the decisions and the ledger.
"""

import datetime
import hashlib
import io
import logging
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.functional import empty

from budgets import services as budgets
from budgets.models import Buchung, Buchungsart, Budget, Budgetart
from budgets.selectors import zahlen_von
from konten.models import Rolle
from sozialraum.models import Sozialraum
from sozialraum.tests.factories import benutzer_mit_rolle

from .. import benachrichtigung
from ..anlagen import HOECHSTGROESSE
from ..models import (
    Anlage,
    Antrag,
    Beschluss,
    Drittmittel,
    Status,
    Statuswechsel,
    Tagesordnungspunkt,
    Unveraenderlich,
    anlagen_speicher,
)
from ..services import (
    BeschlussAngabe,
    Verweigert,
    anlage_entfernen,
    anlage_hinzufuegen,
    anteil_zustimmen,
    antrag_aendern,
    antrag_anlegen,
    antrag_uebergang,
    sitzung_ausnahme_erteilen,
    sitzung_beschliessen,
)
from ..workflow import Aktion
from .factories import (
    JAHR,
    antrag_im_status,
    budgets_fuellen,
    entwurf,
    inhalt,
    sitzung_fuer,
)

A = Aktion
S = Status
HEUTE = timezone.localdate()
VORJAHR = JAHR - 1
SITZUNG_VORJAHR = datetime.date(VORJAHR, 6, 1)


# --- Helpers ----------------------------------------------------------------------


def fehlercodes(exc):
    """{(field or None, code)} of a ValidationError."""
    if hasattr(exc, "error_dict"):
        return {(feld, e.code) for feld, liste in exc.error_dict.items() for e in liste}
    return {(None, e.code) for e in exc.error_list}


def stand(antrag):
    """Everything a refused step must leave as it was."""
    antrag = Antrag.objects.get(pk=antrag.pk)
    return {
        "status": antrag.status,
        "version": antrag.version,
        "bewilligt": antrag.bewilligt,
        "statuswechsel": Statuswechsel.objects.count(),
        "beschluesse": Beschluss.objects.count(),
        "buchungen": Buchung.objects.count(),
    }


def verweigert(antrag, aktion, durch, **kwargs):
    """Take a step that must be refused; returns the codes, checks nothing changed."""
    vorher = stand(antrag)
    with pytest.raises(ValidationError) as info:
        antrag_uebergang(antrag=antrag, aktion=aktion, durch=durch, **kwargs)
    assert stand(antrag) == vorher
    return fehlercodes(info.value)


def schritt(antrag, aktion, durch, **kwargs):
    antrag_uebergang(antrag=antrag, aktion=aktion, durch=durch, **kwargs)
    return Antrag.objects.get(pk=antrag.pk)


def projektmittel(sozialraum, jahr=JAHR):
    return Budget.objects.get(
        budgetart__code="projektmittel", haushaltsjahr=jahr, sozialraum=sozialraum
    )


@pytest.fixture
def gefuellt(welt):
    """10.000,00 € Projektmittel per Sozialraum in the running year."""
    budgets_fuellen()
    welt._budgets_gefuellt = True
    return projektmittel(welt.a)


@pytest.fixture
def bar(welt):
    """A second Sozialraum (Bardowick) as cooperation partner."""
    return Sozialraum.objects.get(kuerzel="BAR")


def zur_beratung(welt, antrag, sitzung):
    antrag = schritt(antrag, A.EINREICHEN, welt.leitung_a)
    antrag = schritt(antrag, A.PRUEFEN, welt.fd51)
    return schritt(antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=sitzung)


def antrag_im_vorjahr(welt, *, bewilligen=False, sitzungsdatum=SITZUNG_VORJAHR):
    """An application of last year's money, each step dated then; on the agenda
    of a Sitzung on `sitzungsdatum` (and approved there with 1.500 €)."""
    budgets_fuellen(jahr=VORJAHR)
    antrag = antrag_anlegen(
        budgetart=Budgetart.objects.get(code="projektmittel"),
        haushaltsjahr=VORJAHR,
        inhaber=welt.a,
        inhalt=inhalt(
            welt.a,
            beginn=datetime.date(VORJAHR, 3, 1),
            ende=datetime.date(VORJAHR, 10, 31),
        ),
        durch=welt.leitung_a,
        datum=datetime.date(VORJAHR, 4, 1),
    )
    antrag = schritt(
        antrag, A.EINREICHEN, welt.leitung_a, datum=datetime.date(VORJAHR, 4, 2)
    )
    antrag = schritt(antrag, A.PRUEFEN, welt.fd51, datum=datetime.date(VORJAHR, 4, 10))
    sitzung = sitzung_fuer(welt, datum=sitzungsdatum)
    antrag = schritt(
        antrag,
        A.AUF_TAGESORDNUNG,
        welt.leitung_a,
        sitzung=sitzung,
        datum=datetime.date(VORJAHR, 5, 2),
    )
    if bewilligen:
        antrag = schritt(
            antrag,
            A.BEWILLIGEN,
            welt.leitung_a,
            sitzung=sitzung,
            betrag=Decimal("1500.00"),
        )
    return antrag, sitzung


# --- Submitting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("abweichend", "feld"),
    [
        ({"ausgangslage": "  "}, "ausgangslage"),
        ({"zielsetzung": ""}, "zielsetzung"),
        ({"massnahme": ""}, "massnahme"),
        ({"zielgruppe": ""}, "zielgruppe"),
        ({"gesamtkosten": None}, "gesamtkosten"),
        ({"beantragt": Decimal("0"), "eigenanteil": Decimal("3000.00")}, "beantragt"),
        ({"beginn": None}, "beginn"),
        ({"ende": None}, "beginn"),
        ({"themenfelder": ()}, "themenfelder"),
        # 2.000 beantragt + 1.000 Eigenanteil do not cover 3.500 Gesamtkosten.
        ({"gesamtkosten": Decimal("3500.00")}, "gesamtkosten"),
        ({"als_eigenanteil": True}, "als_eigenanteil"),
    ],
    ids=lambda wert: wert if isinstance(wert, str) else None,
)
def test_einreichen_braucht_jeden_teil(welt, abweichend, feld):
    antrag = entwurf(welt, **abweichend)
    codes = verweigert(antrag, A.EINREICHEN, welt.leitung_a)
    assert codes == {(feld, "unvollstaendig")}
    assert Antrag.objects.get(pk=antrag.pk).status == S.ENTWURF


def test_vollstaendiger_antrag_mit_drittmitteln_wird_eingereicht(welt):
    # 2.000 + 1.000 + 500 zugesagt = 3.500; the refused source does not count.
    antrag = entwurf(
        welt,
        gesamtkosten=Decimal("3500.00"),
        drittmittel=(
            ("Stiftung", Decimal("500.00"), Drittmittel.Stand.ZUGESAGT),
            ("Lotto", Decimal("800.00"), Drittmittel.Stand.ABGELEHNT),
        ),
    )
    antrag = schritt(antrag, A.EINREICHEN, welt.leitung_a)
    assert antrag.status == S.EINGEREICHT
    wechsel = antrag.statuswechsel.get(aktion=A.EINREICHEN)
    assert wechsel.betrag == Decimal("2000.00")


def test_abgelehnte_drittmittel_finanzieren_nichts(welt):
    antrag = entwurf(
        welt,
        gesamtkosten=Decimal("3500.00"),
        drittmittel=(("Lotto", Decimal("500.00"), Drittmittel.Stand.ABGELEHNT),),
    )
    codes = verweigert(antrag, A.EINREICHEN, welt.leitung_a)
    assert codes == {("gesamtkosten", "unvollstaendig")}


def test_nach_rueckfrage_wird_geaendert_und_erneut_eingereicht(welt):
    antrag, _ = antrag_im_status(welt, S.RUECKFRAGE)
    antrag = antrag_aendern(
        antrag=antrag,
        inhalt=inhalt(welt.a, massnahme="Drei Ferienwochen."),
        durch=welt.leitung_a,
        version=antrag.version,
    )
    antrag = schritt(antrag, A.EINREICHEN, welt.leitung_a)
    assert (antrag.status, antrag.massnahme) == (S.EINGEREICHT, "Drei Ferienwochen.")


def test_eingereichter_antrag_ist_nicht_aenderbar(welt):
    antrag, _ = antrag_im_status(welt, S.EINGEREICHT)
    with pytest.raises(ValidationError) as info:
        antrag_aendern(antrag=antrag, inhalt=inhalt(welt.a, titel="Neu"), durch=None)
    assert fehlercodes(info.value) == {(None, "nicht_bearbeitbar")}
    assert Antrag.objects.get(pk=antrag.pk).titel != "Neu"


# --- The FD 51 check --------------------------------------------------------------


def test_pruefen_braucht_ziel_eines_beschlossenen_konzepts(welt):
    antrag = entwurf(welt, ziele=())
    antrag = schritt(antrag, A.EINREICHEN, welt.leitung_a)
    assert verweigert(antrag, A.PRUEFEN, welt.fd51) == {(None, "ohne_ziel")}
    assert Antrag.objects.get(pk=antrag.pk).status == S.EINGEREICHT


def test_rueckfrage_braucht_begruendung(welt):
    antrag, _ = antrag_im_status(welt, S.EINGEREICHT)
    codes = verweigert(antrag, A.RUECKFRAGE, welt.fd51, kommentar="   ")
    assert codes == {("kommentar", "begruendung_fehlt")}


# --- The agenda -------------------------------------------------------------------


def test_tagesordnung_nur_im_eigenen_gremium(welt):
    antrag, _ = antrag_im_status(welt, S.GEPRUEFT)
    fremd = sitzung_fuer(welt, sozialraum=welt.b)
    codes = verweigert(antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=fremd)
    assert codes == {("sitzung", "falsches_gremium")}


def test_tagesordnung_nur_in_budgetsitzung_desselben_jahres(welt):
    antrag, _ = antrag_im_status(welt, S.GEPRUEFT)
    keine = sitzung_fuer(welt, ist_budgetsitzung=False)
    codes = verweigert(antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=keine)
    assert codes == {("sitzung", "keine_budgetsitzung")}
    naechstes_jahr = sitzung_fuer(welt, datum=datetime.date(JAHR + 1, 2, 1))
    codes = verweigert(
        antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=naechstes_jahr
    )
    assert codes == {("sitzung", "anderes_jahr")}
    assert not Tagesordnungspunkt.objects.filter(antrag=antrag).exists()


def test_von_tagesordnung_setzt_ab_und_zurueck_auf_geprueft(welt):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    antrag = schritt(antrag, A.VON_TAGESORDNUNG, welt.leitung_a)
    assert antrag.status == S.GEPRUEFT
    assert Tagesordnungspunkt.objects.get(antrag=antrag, sitzung=sitzung).abgesetzt
    codes = verweigert(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="100.00"
    )
    assert codes == {(None, "nicht_erlaubt")}


def test_zurueckgestellt_wird_in_naechster_sitzung_beschlossen(welt):
    antrag, erste = antrag_im_status(welt, S.ZURUECKGESTELLT)
    # The Sitzung that deferred it has decided on it already.
    codes = verweigert(antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=erste)
    assert codes == {("sitzung", "schon_beschlossen")}
    zweite = sitzung_fuer(welt)
    antrag = schritt(antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=zweite)
    antrag = schritt(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=zweite, betrag="1000.00"
    )
    assert antrag.status == S.BEWILLIGT
    assert list(antrag.beschluesse.values_list("sitzung", "ergebnis")) == [
        (erste.pk, "zurueckgestellt"),
        (zweite.pk, "bewilligt"),
    ]


# --- Deciding ---------------------------------------------------------------------


def test_beschluss_nur_ueber_antrag_auf_der_tagesordnung(welt):
    antrag, _ = antrag_im_status(welt, S.ZUR_BERATUNG)
    andere = sitzung_fuer(welt)
    codes = verweigert(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=andere, betrag="1000.00"
    )
    assert codes == {("sitzung", "nicht_auf_tagesordnung")}
    codes = verweigert(antrag, A.ABLEHNEN, welt.leitung_a, sitzung=andere)
    assert codes == {("sitzung", "nicht_auf_tagesordnung")}


def test_beschluss_braucht_sitzung(welt):
    antrag, _ = antrag_im_status(welt, S.ZUR_BERATUNG)
    codes = verweigert(antrag, A.ABLEHNEN, welt.leitung_a, sitzung=None)
    assert codes == {("sitzung", "sitzung_fehlt")}


def test_beschluss_erst_nach_der_sitzung(welt):
    naechstes_jahr = JAHR + 1
    antrag = antrag_anlegen(
        budgetart=Budgetart.objects.get(code="projektmittel"),
        haushaltsjahr=naechstes_jahr,
        inhaber=welt.a,
        inhalt=inhalt(
            welt.a,
            beginn=datetime.date(naechstes_jahr, 3, 1),
            ende=datetime.date(naechstes_jahr, 10, 31),
        ),
        durch=welt.leitung_a,
    )
    budgets_fuellen(jahr=naechstes_jahr)
    kuenftig = sitzung_fuer(welt, datum=datetime.date(naechstes_jahr, 2, 15))
    antrag = zur_beratung(welt, antrag, kuenftig)
    codes = verweigert(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=kuenftig, betrag="1000.00"
    )
    assert codes == {("sitzung", "zukunft")}


def test_protokoll_nach_der_sitzung_zaehlt_ab_dem_sitzungstag(welt):
    """Minutes entered after the meeting: the agenda step counts from the
    Sitzung's day, so the decision recorded then is accepted."""
    antrag, sitzung = antrag_im_vorjahr(
        welt, sitzungsdatum=datetime.date(VORJAHR, 4, 20)
    )  # checked 10 April, put on the agenda on 2 May for the Sitzung of 20 April
    letzter = antrag.statuswechsel.order_by("-pk").first()
    assert letzter.wirksam_am == datetime.date(VORJAHR, 4, 20)
    antrag = schritt(antrag, A.ABLEHNEN, welt.leitung_a, sitzung=sitzung)
    assert antrag.status == S.ABGELEHNT


def test_sitzung_vor_dem_letzten_schritt_wird_abgelehnt(welt):
    antrag, _ = antrag_im_vorjahr(welt, sitzungsdatum=datetime.date(VORJAHR, 4, 20))
    antrag = schritt(antrag, A.VON_TAGESORDNUNG, welt.leitung_a)  # today
    frueher = sitzung_fuer(welt, datum=datetime.date(VORJAHR, 4, 25))
    codes = verweigert(antrag, A.AUF_TAGESORDNUNG, welt.leitung_a, sitzung=frueher)
    assert codes == {("sitzung", "sitzung_vor_letztem_schritt")}


def test_budgetsitzung_ohne_landkreis_braucht_ausnahme(welt):
    sitzung = sitzung_fuer(welt, landkreis_vertreten=False)
    antrag, _ = antrag_im_status(welt, S.ZUR_BERATUNG, sitzung=sitzung)
    codes = verweigert(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="1000.00"
    )
    assert codes == {(None, "ausnahme_noetig")}

    sitzung = sitzung_ausnahme_erteilen(
        sitzung=sitzung, begruendung="Vertretung war verhindert.", durch=welt.fd51
    )
    antrag = schritt(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="1000.00"
    )
    assert antrag.status == S.BEWILLIGT


def test_dritte_budgetsitzung_im_jahr_braucht_ausnahme(welt):
    sitzung_fuer(welt)
    sitzung_fuer(welt)
    dritte = sitzung_fuer(welt)
    antrag, _ = antrag_im_status(welt, S.ZUR_BERATUNG, sitzung=dritte)
    vorher = stand(antrag)
    with pytest.raises(ValidationError) as info:
        antrag_uebergang(
            antrag=antrag, aktion=A.ABLEHNEN, durch=welt.leitung_a, sitzung=dritte
        )
    assert fehlercodes(info.value) == {(None, "ausnahme_noetig")}
    assert "3. Budgetsitzung" in info.value.messages[0]
    assert stand(antrag) == vorher

    dritte = sitzung_ausnahme_erteilen(
        sitzung=dritte, begruendung="Nachtragshaushalt.", durch=welt.fd51
    )
    assert schritt(antrag, A.ABLEHNEN, welt.leitung_a, sitzung=dritte).status == (
        S.ABGELEHNT
    )


def test_sonstige_sitzungen_zaehlen_nicht_als_budgetsitzung(welt):
    sitzung_fuer(welt, ist_budgetsitzung=False)
    sitzung_fuer(welt)
    zweite_budgetsitzung = sitzung_fuer(welt)
    antrag, _ = antrag_im_status(welt, S.ZUR_BERATUNG, sitzung=zweite_budgetsitzung)
    antrag = schritt(antrag, A.ABLEHNEN, welt.leitung_a, sitzung=zweite_budgetsitzung)
    assert antrag.status == S.ABGELEHNT


def test_ausnahme_wird_mit_wer_wann_warum_festgehalten(welt):
    sitzung = sitzung_fuer(welt, landkreis_vertreten=False)
    vorher = timezone.now()
    sitzung = sitzung_ausnahme_erteilen(
        sitzung=sitzung, begruendung="  Krankheitsfall.  ", durch=welt.fd51
    )
    sitzung.refresh_from_db()
    assert sitzung.ausnahme_von == welt.fd51
    assert sitzung.ausnahme_begruendung == "Krankheitsfall."
    assert vorher <= sitzung.ausnahme_am <= timezone.now()
    assert sitzung.hat_ausnahme


@pytest.mark.parametrize("begruendung", ["", "   ", None])
def test_ausnahme_braucht_begruendung(welt, begruendung):
    sitzung = sitzung_fuer(welt, landkreis_vertreten=False)
    with pytest.raises(ValidationError) as info:
        sitzung_ausnahme_erteilen(
            sitzung=sitzung, begruendung=begruendung, durch=welt.fd51
        )
    assert fehlercodes(info.value) == {("begruendung", "begruendung_fehlt")}
    sitzung.refresh_from_db()
    assert not sitzung.hat_ausnahme


@pytest.mark.parametrize("rolle", ["leitung_a", "geschaeftsstelle", "jha", "admin"])
def test_ausnahme_erteilt_nur_fd51(welt, rolle):
    sitzung = sitzung_fuer(welt, landkreis_vertreten=False)
    with pytest.raises(Verweigert):
        sitzung_ausnahme_erteilen(
            sitzung=sitzung, begruendung="Bitte.", durch=welt.rolle(rolle)
        )
    sitzung.refresh_from_db()
    assert not sitzung.hat_ausnahme


def test_ausnahme_nur_einmal(welt):
    sitzung = sitzung_fuer(welt, landkreis_vertreten=False)
    sitzung_ausnahme_erteilen(sitzung=sitzung, begruendung="Erste.", durch=welt.fd51)
    with pytest.raises(ValidationError) as info:
        sitzung_ausnahme_erteilen(
            sitzung=sitzung, begruendung="Zweite.", durch=welt.fd51
        )
    assert fehlercodes(info.value) == {(None, "doppelt")}
    sitzung.refresh_from_db()
    assert sitzung.ausnahme_begruendung == "Erste."


def test_bewilligung_hoechstens_beantragt(welt):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    codes = verweigert(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="2000.01"
    )
    assert codes == {("betrag", "ueber_beantragt")}
    antrag = schritt(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="2000.00"
    )
    assert antrag.bewilligt == Decimal("2000.00")


def test_bewilligung_braucht_betrag_und_nur_sie_hat_einen(welt):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    codes = verweigert(antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung)
    assert codes == {("betrag", "betrag_fehlt")}
    codes = verweigert(
        antrag, A.ABLEHNEN, welt.leitung_a, sitzung=sitzung, betrag="10.00"
    )
    assert codes == {(None, "betrag_ohne_bewilligung")}


@pytest.mark.parametrize("stimmen", [(-1, 0, 0), (3, 1.5, 0), (1000, 0, 0)])
def test_stimmen_sind_ganze_zahlen(welt, stimmen):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    codes = verweigert(
        antrag, A.ABLEHNEN, welt.leitung_a, sitzung=sitzung, stimmen=stimmen
    )
    assert codes == {(None, "stimmen")}


def test_bewilligung_bindet_geld(welt):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    budget = projektmittel(welt.a)
    antrag = schritt(
        antrag,
        A.BEWILLIGEN,
        welt.leitung_a,
        sitzung=sitzung,
        betrag="1500.00",
        stimmen=(12, 1, 2),
        kommentar="Einstimmig bei zwei Enthaltungen.",
    )
    assert antrag.bewilligt == Decimal("1500.00")
    bindung = Buchung.objects.get(art=Buchungsart.BINDUNG)
    assert (bindung.budget, bindung.betrag, bindung.referenz) == (
        budget,
        Decimal("1500.00"),
        antrag.nummer,
    )
    assert bindung.buchungsdatum == sitzung.datum
    assert antrag.anteile.get().bindung == bindung
    z = zahlen_von(budget)
    assert (z.gebunden, z.verfuegbar) == (Decimal("1500.00"), Decimal("8500.00"))
    beschluss = Beschluss.objects.get(antrag=antrag)
    assert (beschluss.sitzung, beschluss.ergebnis, beschluss.betrag) == (
        sitzung,
        "bewilligt",
        Decimal("1500.00"),
    )
    assert (beschluss.ja, beschluss.nein, beschluss.enthaltungen) == (12, 1, 2)
    assert beschluss.erfasst_von == welt.leitung_a
    wechsel = antrag.statuswechsel.get(aktion=A.BEWILLIGEN)
    assert (wechsel.sitzung, wechsel.betrag) == (sitzung, Decimal("1500.00"))


@pytest.mark.parametrize("aktion", [A.ABLEHNEN, A.ZURUECKSTELLEN])
def test_ablehnen_und_zurueckstellen_binden_nichts(welt, aktion):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    schritt(antrag, aktion, welt.leitung_a, sitzung=sitzung)
    assert not Buchung.objects.filter(art=Buchungsart.BINDUNG).exists()
    assert Beschluss.objects.get(antrag=antrag).betrag is None


def test_bewilligung_ueber_das_verfuegbare_wird_verweigert(welt):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    budget = projektmittel(welt.a)
    budgets.binden(budget=budget, betrag=Decimal("9000.00"), referenz="anderes")
    vorher = stand(antrag)
    with pytest.raises(ValidationError) as info:
        antrag_uebergang(
            antrag=antrag,
            aktion=A.BEWILLIGEN,
            durch=welt.leitung_a,
            sitzung=sitzung,
            betrag="1500.00",
        )
    assert fehlercodes(info.value) == {(None, "nicht_verfuegbar")}
    assert "1.000,00" in info.value.messages[0]  # what is still available
    assert stand(antrag) == vorher
    assert not Beschluss.objects.filter(antrag=antrag).exists()
    assert not Buchung.objects.filter(referenz=antrag.nummer).exists()
    assert zahlen_von(budget).verfuegbar == Decimal("1000.00")
    # The last euro exactly is fine.
    antrag = schritt(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="1000.00"
    )
    assert zahlen_von(budget).verfuegbar == Decimal("0.00")


def kooperation(welt, bar, sitzung=None):
    """A's application with Bardowick as partner (1.333,33 € + 666,67 €), the
    partner's consent given, on the agenda."""
    antrag = entwurf(welt, partner=((bar, Decimal("666.67")),))
    anteil_zustimmen(
        antrag=antrag,
        durch=benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=bar),
    )
    sitzung = sitzung or sitzung_fuer(welt)
    return zur_beratung(welt, antrag, sitzung), sitzung


def test_kooperation_braucht_zustimmung_des_partners(welt, bar):
    antrag = entwurf(welt, partner=((bar, Decimal("666.67")),))
    codes = verweigert(antrag, A.EINREICHEN, welt.leitung_a)
    assert codes == {("partner", "unvollstaendig")}
    # A's lead cannot consent for Bardowick.
    with pytest.raises(Verweigert):
        anteil_zustimmen(antrag=antrag, durch=welt.leitung_a)
    leitung_bar = benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=bar)
    anteil_zustimmen(antrag=antrag, durch=leitung_bar)
    anteil = antrag.anteile.get(sozialraum=bar)
    assert anteil.zugestimmt_von == leitung_bar
    assert schritt(antrag, A.EINREICHEN, welt.leitung_a).status == S.EINGEREICHT


def test_kooperation_bindet_centgenau_in_beiden_budgets(welt, gefuellt, bar):
    antrag, sitzung = kooperation(welt, bar)
    assert sorted(antrag.anteile.values_list("sozialraum__kuerzel", "betrag")) == [
        ("ADE", Decimal("1333.33")),
        ("BAR", Decimal("666.67")),
    ]
    antrag = schritt(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="1000.01"
    )
    # 1.000,01 × 1.333,33/2.000 = 666,673… and × 666,67/2.000 = 333,336…:
    # the remaining cent goes to the larger remainder.
    assert zahlen_von(projektmittel(welt.a)).gebunden == Decimal("666.67")
    assert zahlen_von(projektmittel(bar)).gebunden == Decimal("333.34")
    bindungen = Buchung.objects.filter(art=Buchungsart.BINDUNG)
    assert {b.referenz for b in bindungen} == {antrag.nummer}
    assert sum(b.betrag for b in bindungen) == antrag.bewilligt == Decimal("1000.01")
    assert sorted(antrag.anteile.values_list("bewilligt", flat=True)) == [
        Decimal("333.34"),
        Decimal("666.67"),
    ]


def test_kooperation_wird_verweigert_wenn_ein_partnerbudget_nicht_reicht(
    welt, gefuellt, bar
):
    antrag, sitzung = kooperation(welt, bar)
    budgets.binden(budget=projektmittel(bar), betrag=Decimal("9900.00"))
    vorher = stand(antrag)
    with pytest.raises(ValidationError) as info:
        antrag_uebergang(
            antrag=antrag,
            aktion=A.BEWILLIGEN,
            durch=welt.leitung_a,
            sitzung=sitzung,
            betrag="1000.01",
        )
    assert fehlercodes(info.value) == {(None, "nicht_verfuegbar")}
    assert "100,00" in info.value.messages[0]
    # A's share, booked first, is undone with the rest.
    assert stand(antrag) == vorher
    assert zahlen_von(projektmittel(welt.a)).gebunden == Decimal("0.00")


# --- Veto -------------------------------------------------------------------------


def test_veto_braucht_begruendung(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    codes = verweigert(antrag, A.VETO, welt.fd51, kommentar="")
    assert codes == {("kommentar", "begruendung_fehlt")}
    assert zahlen_von(projektmittel(welt.a)).gebunden == Decimal("1500.00")


def test_veto_loest_die_bindung_auf(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    antrag = schritt(antrag, A.VETO, welt.fd51, kommentar="Reine Jugendpflege.")
    assert antrag.status == S.VETO
    z = zahlen_von(projektmittel(welt.a))
    assert (z.gebunden, z.verfuegbar) == (Decimal("0.00"), Decimal("10000.00"))
    aufloesung = Buchung.objects.get(art=Buchungsart.AUFLOESUNG)
    assert (aufloesung.betrag, aufloesung.referenz) == (
        Decimal("1500.00"),
        antrag.nummer,
    )
    wechsel = antrag.statuswechsel.get(aktion=A.VETO)
    assert (wechsel.betrag, wechsel.kommentar, wechsel.durch) == (
        Decimal("1500.00"),
        "Reine Jugendpflege.",
        welt.fd51,
    )


def test_veto_nach_ablauf_der_frist_wird_verweigert(welt):
    antrag, _ = antrag_im_vorjahr(welt, bewilligen=True)
    codes = verweigert(antrag, A.VETO, welt.fd51, kommentar="Zu spät.")
    assert codes == {(None, "frist_abgelaufen")}
    assert zahlen_von(projektmittel(welt.a, VORJAHR)).gebunden == Decimal("1500.00")


def test_veto_am_letzten_tag_der_frist(welt):
    antrag, sitzung = antrag_im_vorjahr(welt, bewilligen=True)
    frist = datetime.timedelta(days=settings.ANTRAEGE_VETOFRIST_TAGE)
    codes = verweigert(
        antrag,
        A.VETO,
        welt.fd51,
        kommentar="Einen Tag zu spät.",
        datum=sitzung.datum + frist + datetime.timedelta(days=1),
    )
    assert codes == {(None, "frist_abgelaufen")}
    antrag = schritt(
        antrag,
        A.VETO,
        welt.fd51,
        kommentar="Gerade noch.",
        datum=sitzung.datum + frist,
    )
    assert antrag.status == S.VETO
    wechsel = antrag.statuswechsel.get(aktion=A.VETO)
    assert wechsel.wirksam_am == sitzung.datum + frist
    aufloesung = Buchung.objects.get(art=Buchungsart.AUFLOESUNG)
    assert aufloesung.buchungsdatum == sitzung.datum + frist


# --- Withdrawal -------------------------------------------------------------------


def test_zurueckziehen_nach_bewilligung_gibt_das_geld_frei(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    antrag = schritt(antrag, A.ZURUECKZIEHEN, welt.leitung_a)
    assert antrag.status == S.ZURUECKGEZOGEN
    z = zahlen_von(projektmittel(welt.a))
    assert (z.gebunden, z.verfuegbar) == (Decimal("0.00"), Decimal("10000.00"))
    assert antrag.statuswechsel.get(aktion=A.ZURUECKZIEHEN).betrag == Decimal("1500.00")


@pytest.mark.parametrize("status", [S.IN_AUSZAHLUNG, S.NACHWEIS, S.ABGESCHLOSSEN])
def test_zurueckziehen_nach_der_ersten_auszahlung_unmoeglich(welt, status):
    antrag, _ = antrag_im_status(welt, status)
    vorher = zahlen_von(projektmittel(welt.a))
    for wer in (welt.leitung_a, welt.fd51):
        assert verweigert(antrag, A.ZURUECKZIEHEN, wer) == {(None, "nicht_erlaubt")}
    assert zahlen_von(projektmittel(welt.a)) == vorher


def test_zurueckziehen_von_der_tagesordnung_setzt_den_punkt_ab(welt):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    schritt(antrag, A.ZURUECKZIEHEN, welt.leitung_a)
    assert Tagesordnungspunkt.objects.get(antrag=antrag, sitzung=sitzung).abgesetzt


# --- Payments and closing ---------------------------------------------------------


def test_auszahlungen_verteilen_sich_auf_die_anteile(welt, gefuellt, bar):
    antrag, sitzung = kooperation(welt, bar)
    antrag = schritt(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag="1000.01"
    )
    antrag = schritt(antrag, A.AUSZAHLEN, welt.fd51, betrag="500.00")
    assert antrag.status == S.IN_AUSZAHLUNG
    # by what is open: 666,67 : 333,34
    assert zahlen_von(projektmittel(welt.a)).ausgezahlt == Decimal("333.33")
    assert zahlen_von(projektmittel(bar)).ausgezahlt == Decimal("166.67")
    antrag = schritt(antrag, A.AUSZAHLEN, welt.fd51, betrag="500.01")
    for sozialraum, betrag in [(welt.a, "666.67"), (bar, "333.34")]:
        z = zahlen_von(projektmittel(sozialraum))
        assert (z.ausgezahlt, z.offen) == (Decimal(betrag), Decimal("0.00"))
    codes = verweigert(antrag, A.AUSZAHLEN, welt.fd51, betrag="0.01")
    assert codes == {("betrag", "zu_hoch")}


def test_auszahlung_hoechstens_was_offen_ist(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    codes = verweigert(antrag, A.AUSZAHLEN, welt.fd51, betrag="1500.01")
    assert codes == {("betrag", "zu_hoch")}
    antrag = schritt(antrag, A.AUSZAHLEN, welt.fd51, betrag="1000.00")
    codes = verweigert(antrag, A.AUSZAHLEN, welt.fd51, betrag="500.01")
    assert codes == {("betrag", "zu_hoch")}
    schritt(antrag, A.AUSZAHLEN, welt.fd51, betrag="500.00")
    z = zahlen_von(projektmittel(welt.a))
    assert (z.gebunden, z.ausgezahlt, z.offen) == (
        Decimal("1500.00"),
        Decimal("1500.00"),
        Decimal("0.00"),
    )


def test_nachweis_hoechstens_bewilligt(welt):
    antrag, _ = antrag_im_status(welt, S.IN_AUSZAHLUNG)
    codes = verweigert(antrag, A.NACHWEIS_EINREICHEN, welt.leitung_a, betrag="1500.01")
    assert codes == {("betrag", "ueber_bewilligt")}


def test_abschluss_fordert_zurueck_und_loest_den_rest_auf(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    antrag = schritt(antrag, A.AUSZAHLEN, welt.fd51, betrag="1500.00")
    antrag = schritt(antrag, A.NACHWEIS_EINREICHEN, welt.leitung_a, betrag="1200.00")
    antrag = schritt(antrag, A.ABSCHLIESSEN, welt.fd51, betrag="1200.00")
    assert antrag.status == S.ABGESCHLOSSEN
    rueck = Buchung.objects.get(art=Buchungsart.RUECKFORDERUNG)
    assert (rueck.betrag, rueck.referenz) == (Decimal("300.00"), antrag.nummer)
    assert Buchung.objects.get(art=Buchungsart.AUFLOESUNG).betrag == Decimal("300.00")
    z = zahlen_von(projektmittel(welt.a))
    assert z.gebunden == z.ausgezahlt == Decimal("1200.00")
    assert (z.offen, z.verfuegbar) == (Decimal("0.00"), Decimal("8800.00"))
    assert antrag.statuswechsel.get(aktion=A.ABSCHLIESSEN).betrag == Decimal("1200.00")


def test_abschluss_ohne_rueckforderung_loest_den_nicht_ausgezahlten_rest_auf(welt):
    # 1.500 bewilligt, 500 + 700 ausgezahlt, 1.200 anerkannt.
    antrag, _ = antrag_im_status(welt, S.ABGESCHLOSSEN)
    assert not Buchung.objects.filter(art=Buchungsart.RUECKFORDERUNG).exists()
    z = zahlen_von(projektmittel(welt.a))
    assert z.gebunden == z.ausgezahlt == Decimal("1200.00")
    assert z.verfuegbar == Decimal("8800.00")


def test_abschluss_ueber_dem_ausgezahlten_wird_verweigert(welt):
    antrag, _ = antrag_im_status(welt, S.NACHWEIS)  # 500 ausgezahlt
    codes = verweigert(antrag, A.ABSCHLIESSEN, welt.fd51, betrag="1200.00")
    assert codes == {("betrag", "erst_auszahlen")}
    # A reimbursement after the proof keeps the state; then it closes.
    antrag = schritt(antrag, A.AUSZAHLEN, welt.fd51, betrag="700.00")
    assert antrag.status == S.NACHWEIS
    assert schritt(antrag, A.ABSCHLIESSEN, welt.fd51, betrag="1200.00").status == (
        S.ABGESCHLOSSEN
    )


# --- Numbers, double submits, history ---------------------------------------------


def test_nummern_steigen_und_werden_nie_wieder_vergeben(welt):
    erster = entwurf(welt)
    zweiter = entwurf(welt)
    assert (erster.nummer, zweiter.nummer) == (f"{JAHR}-ADE-001", f"{JAHR}-ADE-002")
    schritt(zweiter, A.ZURUECKZIEHEN, welt.leitung_a)
    assert entwurf(welt).nummer == f"{JAHR}-ADE-003"
    # Each Sozialraum and year counts on its own.
    assert entwurf(welt, sozialraum=welt.b).nummer == f"{JAHR}-GEL-001"
    assert entwurf(welt).nummer == f"{JAHR}-ADE-004"


def test_doppelt_abgeschicktes_formular_legt_einen_entwurf_an(welt):
    schluessel = uuid.uuid4()
    art = Budgetart.objects.get(code="projektmittel")

    def anlegen(titel):
        return antrag_anlegen(
            budgetart=art,
            haushaltsjahr=JAHR,
            inhaber=welt.a,
            inhalt=inhalt(welt.a, titel=titel),
            durch=welt.leitung_a,
            formular_schluessel=schluessel,
        )

    erster = anlegen("Ferienprogramm")
    zweiter = anlegen("Ferienprogramm (nochmal)")
    assert zweiter.pk == erster.pk
    assert Antrag.objects.count() == 1
    assert Antrag.objects.get().titel == "Ferienprogramm"
    assert Statuswechsel.objects.count() == 1
    assert entwurf(welt).nummer == f"{JAHR}-ADE-002"  # no number was used up


def test_veraltete_version_wird_verweigert(welt):
    antrag = entwurf(welt)
    alte_version = antrag.version
    schritt(antrag, A.EINREICHEN, welt.leitung_a, version=alte_version)
    codes = verweigert(antrag, A.EINREICHEN, welt.leitung_a, version=alte_version)
    assert codes == {(None, "veraltet")}
    assert antrag.statuswechsel.filter(aktion=A.EINREICHEN).count() == 1


def test_aendern_mit_veralteter_version_wird_verweigert(welt):
    antrag = entwurf(welt)
    antrag_aendern(
        antrag=antrag,
        inhalt=inhalt(welt.a, titel="Erste Änderung"),
        durch=welt.leitung_a,
        version=1,
    )
    with pytest.raises(ValidationError) as info:
        antrag_aendern(
            antrag=antrag,
            inhalt=inhalt(welt.a, titel="Zweite Änderung"),
            durch=welt.leitung_a,
            version=1,
        )
    assert fehlercodes(info.value) == {(None, "veraltet")}
    antrag.refresh_from_db()
    assert (antrag.titel, antrag.version) == ("Erste Änderung", 2)


def test_statuswechsel_und_beschluss_sind_unveraenderlich(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    for objekt in (antrag.statuswechsel.last(), antrag.beschluesse.get()):
        feld = "kommentar" if isinstance(objekt, Statuswechsel) else "bemerkung"
        setattr(objekt, feld, "geändert")
        with pytest.raises(Unveraenderlich):
            objekt.save()
        with pytest.raises(Unveraenderlich):
            objekt.delete()
        modell = type(objekt)
        with pytest.raises(Unveraenderlich):
            modell.objects.filter(pk=objekt.pk).update(**{feld: "geändert"})
        with pytest.raises(Unveraenderlich):
            modell.objects.filter(pk=objekt.pk).delete()
        assert getattr(modell.objects.get(pk=objekt.pk), feld) != "geändert"
    assert Statuswechsel.objects.filter(antrag=antrag).count() == 5


# --- Effective dates --------------------------------------------------------------


def test_beschluss_wirkt_am_sitzungstag(welt):
    antrag, sitzung = antrag_im_vorjahr(welt, bewilligen=True)
    wechsel = antrag.statuswechsel.get(aktion=A.BEWILLIGEN)
    assert wechsel.wirksam_am == SITZUNG_VORJAHR
    assert wechsel.erfasst_am.date() == timezone.now().date()
    bindung = Buchung.objects.get(art=Buchungsart.BINDUNG)
    assert bindung.buchungsdatum == SITZUNG_VORJAHR


def test_veto_wirkt_ohne_datum_heute(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    antrag = schritt(antrag, A.VETO, welt.fd51, kommentar="Förderrichtlinie.")
    assert antrag.statuswechsel.get(aktion=A.VETO).wirksam_am == HEUTE


def test_datum_in_der_zukunft_wird_verweigert(welt):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    codes = verweigert(
        antrag,
        A.VETO,
        welt.fd51,
        kommentar="Förderrichtlinie.",
        datum=HEUTE + datetime.timedelta(days=1),
    )
    assert codes == {("datum", "datum_zukunft")}


def test_datum_vor_dem_letzten_schritt_wird_verweigert(welt):
    antrag, sitzung = antrag_im_vorjahr(welt, bewilligen=True)
    codes = verweigert(
        antrag,
        A.VETO,
        welt.fd51,
        kommentar="Förderrichtlinie.",
        datum=sitzung.datum - datetime.timedelta(days=1),
    )
    assert codes == {("datum", "datum_vor_letztem_schritt")}


# --- A Sitzung's decisions at once ------------------------------------------------


def test_sitzung_beschliesst_alles_oder_nichts(welt):
    sitzung = sitzung_fuer(welt)
    erster, _ = antrag_im_status(welt, S.ZUR_BERATUNG, sitzung=sitzung)
    zweiter, _ = antrag_im_status(welt, S.ZUR_BERATUNG, sitzung=sitzung)
    vorher = (stand(erster), stand(zweiter), sitzung.version)
    with pytest.raises(ValidationError) as info:
        sitzung_beschliessen(
            sitzung=sitzung,
            beschluesse=[
                BeschlussAngabe(erster, "bewilligt", Decimal("1000.00")),
                BeschlussAngabe(zweiter, "bewilligt", Decimal("2000.01")),
            ],
            durch=welt.leitung_a,
        )
    assert fehlercodes(info.value) == {(None, "ueber_beantragt")}
    assert info.value.messages[0].startswith(zweiter.nummer)
    sitzung.refresh_from_db()
    assert (stand(erster), stand(zweiter), sitzung.version) == vorher
    assert not Beschluss.objects.exists()
    assert not Buchung.objects.filter(art=Buchungsart.BINDUNG).exists()

    sitzung_beschliessen(
        sitzung=sitzung,
        beschluesse=[
            BeschlussAngabe(erster, "bewilligt", Decimal("1000.00"), ja=9),
            BeschlussAngabe(zweiter, "abgelehnt", nein=9),
        ],
        durch=welt.leitung_a,
    )
    assert Antrag.objects.get(pk=erster.pk).status == S.BEWILLIGT
    assert Antrag.objects.get(pk=zweiter.pk).status == S.ABGELEHNT
    assert Beschluss.objects.count() == 2


# --- Amounts ----------------------------------------------------------------------

SCHLECHTE_BETRAEGE = [
    pytest.param("abc", "kein_betrag", id="abc"),
    pytest.param("-5", "nicht_positiv", id="negativ"),
    pytest.param("1.234", "nachkommastellen", id="text-drei-stellen"),
    pytest.param(Decimal("1.234"), "nachkommastellen", id="decimal-drei-stellen"),
    pytest.param(1.5, "float", id="float"),
]


@pytest.mark.parametrize(("betrag", "code"), SCHLECHTE_BETRAEGE)
def test_schlechter_betrag_bei_bewilligung(welt, betrag, code):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    codes = verweigert(
        antrag, A.BEWILLIGEN, welt.leitung_a, sitzung=sitzung, betrag=betrag
    )
    assert codes == {("betrag", code)}


@pytest.mark.parametrize(("betrag", "code"), SCHLECHTE_BETRAEGE)
def test_schlechter_betrag_bei_auszahlung(welt, betrag, code):
    antrag, _ = antrag_im_status(welt, S.BEWILLIGT)
    assert verweigert(antrag, A.AUSZAHLEN, welt.fd51, betrag=betrag) == {
        ("betrag", code)
    }


@pytest.mark.parametrize(("betrag", "code"), SCHLECHTE_BETRAEGE)
def test_schlechter_betrag_im_antrag(welt, betrag, code):
    with pytest.raises(ValidationError) as info:
        entwurf(welt, beantragt=betrag)
    assert fehlercodes(info.value) == {("beantragt", code)}
    assert not Antrag.objects.exists()


# --- Attachments ------------------------------------------------------------------


@pytest.fixture
def anlagenordner(settings, tmp_path):
    """Attachments go to a fresh directory (the storage is built lazily once)."""
    settings.ANLAGEN_ROOT = tmp_path
    anlagen_speicher._wrapped = empty
    yield tmp_path
    anlagen_speicher._wrapped = empty


def minimale_pdf():
    """A small but well-formed PDF: one empty A4 page, with a correct xref."""
    objekte = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    pdf = b"%PDF-1.4\n"
    positionen = []
    for nummer, objekt in enumerate(objekte, start=1):
        positionen.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (nummer, objekt)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objekte) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % p for p in positionen)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objekte) + 1,
        xref,
    )
    return pdf


def zip_datei():
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as archiv:
        archiv.writestr("kostenplan.txt", "nur Text")
    return puffer.getvalue()


def hochladen(antrag, name, inhalt_, durch, art=Anlage.Art.KOSTENPLAN):
    return anlage_hinzufuegen(
        antrag=antrag,
        datei=SimpleUploadedFile(name, inhalt_),
        art=art,
        durch=durch,
    )


def test_echte_pdf_wird_angenommen(welt, anlagenordner):
    antrag = entwurf(welt)
    pdf = minimale_pdf()
    anlage = hochladen(antrag, "Kostenplan.pdf", pdf, welt.leitung_a)
    anlage.refresh_from_db()
    assert (anlage.dateiname, anlage.inhaltstyp, anlage.groesse) == (
        "Kostenplan.pdf",
        "application/pdf",
        len(pdf),
    )
    assert anlage.sha256 == hashlib.sha256(pdf).hexdigest()
    assert anlage.hochgeladen_von == welt.leitung_a
    with anlage.datei.open("rb") as datei:
        assert datei.read() == pdf
    # Stored under a random name in the attachments directory.
    gespeichert = [p for p in anlagenordner.rglob("*") if p.is_file()]
    assert len(gespeichert) == 1
    assert "Kostenplan" not in gespeichert[0].name


@pytest.mark.parametrize(
    ("name", "inhalt_", "code"),
    [
        pytest.param("Konzept.docx", minimale_pdf(), "inhalt", id="pdf-als-docx"),
        pytest.param(
            "Kostenplan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "inhalt", id="exe"
        ),
        pytest.param("Kostenplan.pdf", zip_datei(), "inhalt", id="zip-als-pdf"),
        pytest.param("Kostenplan.exe", b"MZ\x90\x00", "endung", id="exe-endung"),
        pytest.param("Kostenplan.pdf", b"", "leer", id="leer"),
        pytest.param(
            "Gross.pdf",
            b"%PDF-1.4\n" + b"0" * HOECHSTGROESSE,
            "zu_gross",
            id="ueber-10-mb",
        ),
    ],
)
def test_falsche_datei_wird_abgelehnt(welt, anlagenordner, name, inhalt_, code):
    antrag = entwurf(welt)
    with pytest.raises(ValidationError) as info:
        hochladen(antrag, name, inhalt_, welt.leitung_a)
    assert fehlercodes(info.value) == {("datei", code)}
    assert not Anlage.objects.exists()
    assert not [p for p in anlagenordner.rglob("*") if p.is_file()]


def test_genau_10_mb_sind_erlaubt(welt, anlagenordner):
    antrag = entwurf(welt)
    inhalt_ = b"%PDF-1.4\n" + b"0" * (HOECHSTGROESSE - 9)
    assert hochladen(antrag, "Gross.pdf", inhalt_, welt.leitung_a).groesse == (
        HOECHSTGROESSE
    )


def test_nach_dem_einreichen_keine_anlagen_mehr(welt, anlagenordner):
    antrag = entwurf(welt)
    konzept = hochladen(antrag, "Konzept.pdf", minimale_pdf(), welt.leitung_a)
    antrag = schritt(antrag, A.EINREICHEN, welt.leitung_a)
    with pytest.raises(ValidationError) as info:
        hochladen(antrag, "Nachtrag.pdf", minimale_pdf(), welt.leitung_a)
    assert fehlercodes(info.value) == {(None, "nicht_bearbeitbar")}
    with pytest.raises(ValidationError) as info:
        anlage_entfernen(anlage=konzept, durch=welt.leitung_a)
    assert fehlercodes(info.value) == {(None, "nicht_bearbeitbar")}
    # Nor a Verwendungsnachweis before the approval.
    with pytest.raises(ValidationError) as info:
        hochladen(
            antrag,
            "Nachweis.pdf",
            minimale_pdf() + b"\n% Nachweis\n",
            welt.leitung_a,
            art=Anlage.Art.VERWENDUNGSNACHWEIS,
        )
    assert fehlercodes(info.value) == {(None, "nicht_bearbeitbar")}
    assert list(Anlage.objects.all()) == [konzept]


@pytest.mark.parametrize("status", [S.BEWILLIGT, S.IN_AUSZAHLUNG, S.NACHWEIS])
def test_verwendungsnachweis_nach_der_bewilligung(welt, anlagenordner, status):
    antrag, _ = antrag_im_status(welt, status)
    nachweis = hochladen(
        antrag,
        "Nachweis.pdf",
        minimale_pdf(),
        welt.leitung_a,
        art=Anlage.Art.VERWENDUNGSNACHWEIS,
    )
    assert nachweis.antrag == antrag
    with pytest.raises(ValidationError) as info:
        hochladen(
            antrag, "Kostenplan.pdf", minimale_pdf() + b"\n% Plan\n", welt.leitung_a
        )
    assert fehlercodes(info.value) == {(None, "nicht_bearbeitbar")}
    anlage_entfernen(anlage=nachweis, durch=welt.leitung_a)
    assert not Anlage.objects.exists()


@pytest.mark.parametrize("rolle", ["leitung_b", "geschaeftsstelle", "jha", "fd51"])
def test_anlagen_fuegt_nur_das_buero_bei(welt, anlagenordner, rolle):
    antrag = entwurf(welt)
    with pytest.raises(Verweigert):
        hochladen(antrag, "Kostenplan.pdf", minimale_pdf(), welt.rolle(rolle))
    assert not Anlage.objects.exists()


# --- Notifications ----------------------------------------------------------------


def empfaenger():
    """Addresses of the mails sent, each mail to one person."""
    assert all(len(m.to) == 1 for m in mail.outbox)
    return sorted(m.to[0] for m in mail.outbox)


@pytest.fixture
def kollegin_a(welt):
    """A second Sozialraumleitung of A (hears what the first one records)."""
    return benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.a)


def test_einreichen_benachrichtigt_fd51(welt, django_capture_on_commit_callbacks):
    zweite_fd51 = benutzer_mit_rolle(Rolle.FACHDIENST_51)
    antrag = entwurf(welt)
    with django_capture_on_commit_callbacks(execute=True):
        schritt(antrag, A.EINREICHEN, welt.leitung_a)
    assert empfaenger() == sorted([welt.fd51.email, zweite_fd51.email])
    assert antrag.nummer in mail.outbox[0].subject
    assert "/antraege/" in mail.outbox[0].body  # the link to the application


@pytest.mark.parametrize(
    ("status", "aktion", "kwargs"),
    [
        (S.EINGEREICHT, A.RUECKFRAGE, {"kommentar": "Bitte Kosten erläutern."}),
        (S.EINGEREICHT, A.PRUEFEN, {}),
        (S.BEWILLIGT, A.VETO, {"kommentar": "Reine Jugendpflege."}),
    ],
)
def test_fd51_schritte_benachrichtigen_die_leitung(
    welt, kollegin_a, django_capture_on_commit_callbacks, status, aktion, kwargs
):
    antrag, _ = antrag_im_status(welt, status)
    with django_capture_on_commit_callbacks(execute=True):
        schritt(antrag, aktion, welt.fd51, **kwargs)
    assert empfaenger() == sorted([welt.leitung_a.email, kollegin_a.email])
    if "kommentar" in kwargs:
        assert kwargs["kommentar"] in mail.outbox[0].body


@pytest.mark.parametrize(
    ("aktion", "kwargs"),
    [
        (A.BEWILLIGEN, {"betrag": "1500.00"}),
        (A.ABLEHNEN, {}),
        (A.ZURUECKSTELLEN, {}),
    ],
)
def test_beschluss_benachrichtigt_leitung_und_fd51(
    welt, kollegin_a, django_capture_on_commit_callbacks, aktion, kwargs
):
    antrag, sitzung = antrag_im_status(welt, S.ZUR_BERATUNG)
    with django_capture_on_commit_callbacks(execute=True):
        schritt(antrag, aktion, welt.leitung_a, sitzung=sitzung, **kwargs)
    # Who recorded it knows already.
    assert empfaenger() == sorted([welt.fd51.email, kollegin_a.email])


def test_verweigerter_schritt_benachrichtigt_niemanden(
    welt, django_capture_on_commit_callbacks
):
    antrag = entwurf(welt, ausgangslage="")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError),
    ):
        schritt(antrag, A.EINREICHEN, welt.leitung_a)
    assert mail.outbox == []


class PostfachKaputt(Exception):
    pass


class KaputtesPostfach(BaseEmailBackend):
    versuche = []

    def send_messages(self, email_messages):
        self.versuche.append(len(email_messages))
        raise PostfachKaputt("Mailserver nicht erreichbar")


class Sammler(logging.Handler):
    """Records of one logger, caught at the logger itself: what other tests do
    to the root logger's handlers cannot hide them."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_ausfall_des_mailservers_haelt_den_schritt_nicht_auf(
    welt, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.KaputtesPostfach"
    KaputtesPostfach.versuche.clear()
    antrag = entwurf(welt)
    # The module's own logger object, enabled: once, under xdist's worksteal
    # order, an earlier test on the same worker left it silent (neither the
    # root handler nor one on logging.getLogger(name) saw the record; cause
    # not yet found, see the closing note of issue 16).
    logger = benachrichtigung.logger
    zustand = f"disabled={logger.disabled} level={logger.level} " + (
        f"gleich={logger is logging.getLogger(logger.name)}"
    )
    sammler = Sammler()
    logger.addHandler(sammler)
    war_aus, logger.disabled = logger.disabled, False
    try:
        with (
            caplog.at_level(logging.ERROR, logger="antraege.benachrichtigung"),
            django_capture_on_commit_callbacks(execute=True) as rueckrufe,
        ):
            schritt(antrag, A.EINREICHEN, welt.leitung_a)
    finally:
        logger.removeHandler(sammler)
        logger.disabled = war_aus
    assert len(rueckrufe) == 1
    assert Antrag.objects.get(pk=antrag.pk).status == S.EINGEREICHT
    assert mail.outbox == []
    assert KaputtesPostfach.versuche == [1], "an FD 51 sollte eine Mail gehen"
    assert len(sammler.records) == 1, zustand
    (eintrag,) = sammler.records
    assert eintrag.levelno == logging.ERROR
    assert antrag.nummer in eintrag.getMessage()
    assert eintrag.exc_info[0] is PostfachKaputt
