"""Writing applications and Sitzungen. `antrag_uebergang` is the only way an
application changes its state; it checks the table in `workflow.py`, the role,
the guards, books through the budget services and writes the history row.

Refusals are ValidationErrors in German (a refused role: `Verweigert`); a
refused step changes nothing, bookings included (one transaction).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from budgets import services as budgets
from budgets.selectors import ist_abgeschlossen, zahlen_der_bindung
from sozialraum.geld import euro
from sozialraum.models import Gremium, Sozialraum
from sozialraum.permissions import betreute_region_ids, geleitete_sozialraum_ids

from . import anlagen, benachrichtigung
from .models import (
    MIT_BINDUNG,
    Anlage,
    Anteil,
    Antrag,
    Beschluss,
    Drittmittel,
    Nummernkreis,
    Sitzung,
    Status,
    Statuswechsel,
    Tagesordnungspunkt,
    Themenfeld,
)
from .permissions import darf_uebergang, ist_buero, ist_buero_des_gremiums
from .workflow import BESCHLUSS_AKTIONEN, Aktion, uebergang

NULL = Decimal("0.00")


class Verweigert(PermissionDenied):
    """The user's role may not take this step."""


def _fehler(text, code, feld=None):
    if feld:
        return ValidationError({feld: ValidationError(text, code=code)})
    return ValidationError(text, code=code)


def vetofrist():
    return datetime.timedelta(days=settings.ANTRAEGE_VETOFRIST_TAGE)


def storno_pruefen(buchung):
    """Bookings of an application's workflow are corrected by its steps (veto,
    withdrawal, closing), not by a Storno in the ledger: the application's state
    and history would no longer match its money."""
    bindung = buchung if buchung.art == "bindung" else buchung.bindung
    if bindung is None:
        return None
    anteil = Anteil.objects.filter(bindung=bindung).select_related("antrag").first()
    if anteil is None:
        return None
    return (
        f"Die Buchung gehört zum Antrag {anteil.antrag.nummer}; sie wird über dessen "
        "Schritte korrigiert (Veto, Zurückziehen, Abschluss), nicht durch ein Storno."
    )


# --- Numbers ------------------------------------------------------------------------


def _kreis(inhaber):
    return inhaber.kuerzel if isinstance(inhaber, Sozialraum) else f"R{inhaber.nummer}"


def _nummernkreis_sperren(haushaltsjahr, inhaber):
    """The counter row, locked: creations for one holder and year run one by one."""
    kreis = _kreis(inhaber)
    for _ in range(3):
        try:
            with transaction.atomic():
                zaehler, _ = Nummernkreis.objects.select_for_update().get_or_create(
                    haushaltsjahr=haushaltsjahr, kreis=kreis
                )
                return zaehler
        except IntegrityError:  # created at the same moment by another request
            continue
    raise _fehler("Die Antragsnummer konnte nicht vergeben werden.", "nummer")


def nummer_vergeben(zaehler):
    """The next number, e.g. 2013-ADE-007; the counter only goes up."""
    zaehler.letzte_nummer += 1
    zaehler.save(update_fields=["letzte_nummer"])
    return f"{zaehler.haushaltsjahr}-{zaehler.kreis}-{zaehler.letzte_nummer:03d}"


# --- Writing an application -----------------------------------------------------------


@dataclass
class Inhalt:
    """What the applicant writes: the form's cleaned data, as plain values."""

    antragsteller: str
    titel: str
    ansprechperson: str = ""
    kontakt_email: str = ""
    kontakt_telefon: str = ""
    zielgruppe: str = ""
    beginn: datetime.date | None = None
    ende: datetime.date | None = None
    ausgangslage: str = ""
    zielsetzung: str = ""
    massnahme: str = ""
    gesamtkosten: Decimal | None = None
    beantragt: Decimal = NULL
    eigenanteil: Decimal = NULL
    als_eigenanteil: bool = False
    themenfelder: tuple = ()
    ziele: tuple = ()
    # [(Sozialraum or Region, amount)] of cooperation partners; the rest of
    # `beantragt` is the federführende holder's own share.
    partner: tuple = ()
    # [(quelle, betrag, stand)]
    drittmittel: tuple = ()


FELDER = [
    "antragsteller",
    "titel",
    "ansprechperson",
    "kontakt_email",
    "kontakt_telefon",
    "zielgruppe",
    "beginn",
    "ende",
    "ausgangslage",
    "zielsetzung",
    "massnahme",
    "gesamtkosten",
    "beantragt",
    "eigenanteil",
    "als_eigenanteil",
]


def _betrag_oder_null(wert, feld):
    """An amount that may be zero (left empty), else as `betrag_pruefen`."""
    if wert in (None, ""):
        return NULL
    try:
        if Decimal(str(wert).strip()) == 0:
            return NULL
    except ArithmeticError:
        pass
    return budgets.betrag_pruefen(wert, feld=feld)


def _inhalt_pruefen(antrag, inhalt):
    """Checks that need the application's holder; amounts as Decimal."""
    fehler = {}
    beantragt = _betrag_oder_null(inhalt.beantragt, "beantragt")
    eigenanteil = _betrag_oder_null(inhalt.eigenanteil, "eigenanteil")
    gesamtkosten = (
        None
        if inhalt.gesamtkosten in (None, "")
        else _betrag_oder_null(inhalt.gesamtkosten, "gesamtkosten")
    )
    partner = []
    gesehen = {antrag.inhaber}
    for inhaber, betrag in inhalt.partner:
        betrag = budgets.betrag_pruefen(betrag, feld="partner")
        if type(inhaber) is not type(antrag.inhaber):
            fehler.setdefault("partner", []).append(
                f"{inhaber} hält keine Mittel dieser Budgetart."
            )
        elif inhaber in gesehen:
            fehler.setdefault("partner", []).append(
                f"{inhaber} ist doppelt oder federführend angegeben."
            )
        gesehen.add(inhaber)
        partner.append((inhaber, betrag))
    summe_partner = sum((b for _, b in partner), NULL)
    if partner and summe_partner >= beantragt:
        fehler.setdefault("partner", []).append(
            f"Die Anteile der Partner ({euro(summe_partner)}) müssen kleiner sein als "
            f"der beantragte Betrag ({euro(beantragt)}); der federführende "
            "Sozialraum trägt selbst einen Anteil."
        )
    if gesamtkosten is not None and beantragt > gesamtkosten:
        fehler["beantragt"] = [
            f"Beantragt werden {euro(beantragt)}, die Gesamtkosten betragen nur "
            f"{euro(gesamtkosten)}."
        ]
    ziele = list(inhalt.ziele)
    for ziel in ziele:
        if antrag.sozialraum_id is None or ziel.konzept.sozialraum_id != (
            antrag.sozialraum_id
        ):
            fehler.setdefault("ziele", []).append(
                f"Das Ziel {ziel.kennung} gehört nicht zum Sozialraumkonzept "
                "des Sozialraums."
            )
        elif not ziel.konzept.ist_beschlossen:
            fehler.setdefault("ziele", []).append(
                f"Das Ziel {ziel.kennung} gehört zu einem nicht beschlossenen Konzept."
            )
    for themenfeld in inhalt.themenfelder:
        if not isinstance(themenfeld, Themenfeld) or not themenfeld.aktiv:
            fehler.setdefault("themenfelder", []).append(
                f"Das Themenfeld „{themenfeld}“ ist nicht (mehr) wählbar."
            )
    drittmittel = []
    for quelle, betrag, stand in inhalt.drittmittel:
        betrag = budgets.betrag_pruefen(betrag, feld="drittmittel")
        if stand not in Drittmittel.Stand.values:
            fehler.setdefault("drittmittel", []).append(f"Unbekannter Stand „{stand}“.")
        drittmittel.append(Drittmittel(quelle=quelle, betrag=betrag, stand=stand))
    if fehler:
        raise ValidationError(fehler)
    return beantragt, eigenanteil, gesamtkosten, partner, drittmittel


def _inhalt_setzen(antrag, inhalt):
    beantragt, eigenanteil, gesamtkosten, partner, drittmittel = _inhalt_pruefen(
        antrag, inhalt
    )
    for feld in FELDER:
        setattr(antrag, feld, getattr(inhalt, feld))
    antrag.beantragt = beantragt
    antrag.eigenanteil = eigenanteil
    antrag.gesamtkosten = gesamtkosten
    antrag.geaendert_am = timezone.now()
    antrag.full_clean(exclude=["nummer", "erstellt_von", "formular_schluessel"])
    antrag.save()
    antrag.themenfelder.set(inhalt.themenfelder)
    antrag.ziele.set(inhalt.ziele)
    antrag.anteile.all().delete()
    eigen = beantragt - sum((b for _, b in partner), NULL)
    anteile = [(antrag.inhaber, eigen)] if eigen > 0 else []
    for inhaber, betrag in anteile + partner:
        Anteil.objects.create(
            antrag=antrag,
            sozialraum=inhaber if isinstance(inhaber, Sozialraum) else None,
            region=None if isinstance(inhaber, Sozialraum) else inhaber,
            betrag=betrag,
        )
    antrag.drittmittel.all().delete()
    for d in drittmittel:
        d.antrag = antrag
        d.save()


@transaction.atomic
def antrag_anlegen(
    *,
    budgetart,
    haushaltsjahr,
    inhaber,
    inhalt,
    durch,
    formular_schluessel=None,
    datum=None,
):
    """A new draft; a repeated submit of the same form returns the first one.

    `datum` (default today) dates the record of past years' applications."""
    if not budgetart.antragsverfahren:
        raise _fehler(
            f"Für {budgetart} gibt es keine Projektanträge.", "budgetart", "budgetart"
        )
    antrag = Antrag(
        budgetart=budgetart,
        haushaltsjahr=haushaltsjahr,
        sozialraum=inhaber if isinstance(inhaber, Sozialraum) else None,
        region=None if isinstance(inhaber, Sozialraum) else inhaber,
        erstellt_von=durch,
        formular_schluessel=formular_schluessel,
    )
    if budgetart.ebene != ("sozialraum" if antrag.sozialraum else "region"):
        raise _fehler(
            f"{budgetart} wird nicht von {inhaber} gehalten.", "ebene", "budgetart"
        )
    if durch is not None and not ist_buero(durch, antrag):
        raise Verweigert("Anträge stellt das Büro des Sozialraums bzw. der Region.")
    if not 1990 <= int(haushaltsjahr) <= 2200:
        raise _fehler(
            f"Das Haushaltsjahr {haushaltsjahr} ist nicht plausibel.",
            "jahr",
            "haushaltsjahr",
        )
    if ist_abgeschlossen(haushaltsjahr):
        raise _fehler(
            f"Das Haushaltsjahr {haushaltsjahr} ist abgeschlossen; dafür werden keine "
            "Anträge mehr gestellt.",
            "jahr_abgeschlossen",
            "haushaltsjahr",
        )
    zaehler = _nummernkreis_sperren(haushaltsjahr, inhaber)
    # Checked under the lock: a double submit waits for the first and finds it.
    if formular_schluessel is not None:
        vorhanden = Antrag.objects.filter(
            formular_schluessel=formular_schluessel
        ).first()
        if vorhanden is not None:
            return vorhanden
    antrag.nummer = nummer_vergeben(zaehler)
    _inhalt_setzen(antrag, inhalt)
    _protokollieren(
        antrag,
        aktion=Aktion.ANLEGEN,
        von="",
        nach=antrag.status,
        durch=durch,
        wirksam_am=_wirksam_pruefen(antrag, datum),
    )
    return antrag


def _gesperrt(objekt, version):
    """The row locked and re-read; refused if the form was built on another
    version of it (a double submit, or someone changed it meanwhile)."""
    gesperrt = type(objekt).objects.select_for_update().get(pk=objekt.pk)
    if version not in (None, "") and str(version).strip() != str(gesperrt.version):
        name = gesperrt._meta.verbose_name
        raise _fehler(
            f"{'Die' if name == 'Sitzung' else 'Der'} {name} wurde inzwischen "
            "geändert (oder das Formular wurde doppelt abgeschickt). Es wurde nichts "
            "gespeichert; bitte prüfen Sie den aktuellen Stand.",
            "veraltet",
        )
    return gesperrt


@transaction.atomic
def antrag_aendern(*, antrag, inhalt, durch, version=None):
    antrag = _gesperrt(antrag, version)
    if durch is not None and not ist_buero(durch, antrag):
        raise Verweigert("Nur das Büro des Sozialraums bzw. der Region ändert Anträge.")
    if not antrag.ist_bearbeitbar:
        raise _fehler(
            f"Ein Antrag im Status „{antrag.get_status_display()}“ kann nicht mehr "
            "geändert werden.",
            "nicht_bearbeitbar",
        )
    antrag.version += 1
    _inhalt_setzen(antrag, inhalt)
    return antrag


def zustimmung_ausstehend(antrag, user):
    """The partner shares of the application whose office `user` is and that
    still wait for consent."""
    geleitet = geleitete_sozialraum_ids(user)
    regionen = betreute_region_ids(user)
    return [
        a
        for a in antrag.anteile.select_related("sozialraum", "region", "antrag")
        if a.braucht_zustimmung
        and (a.sozialraum_id in geleitet or a.region_id in regionen)
    ]


@transaction.atomic
def anteil_zustimmen(*, antrag, durch, version=None, datum=None):
    """The partner's office agrees to finance its share from its budget.

    A change of the application afterwards asks for the consent again.
    """
    antrag = _gesperrt(antrag, version)
    if not antrag.ist_bearbeitbar:
        raise _fehler(
            f"Im Status „{antrag.get_status_display()}“ ist keine Zustimmung mehr "
            "möglich.",
            "nicht_bearbeitbar",
        )
    anteile = zustimmung_ausstehend(antrag, durch)
    if not anteile:
        raise Verweigert("Es gibt keinen Anteil, dem Sie zustimmen könnten.")
    datum = _wirksam_pruefen(antrag, datum)
    jetzt = timezone.now()
    for anteil in anteile:
        anteil.zugestimmt_von = durch
        anteil.zugestimmt_am = jetzt
        anteil.save(update_fields=["zugestimmt_von", "zugestimmt_am"])
    antrag.version += 1
    antrag.save(update_fields=["version"])
    _protokollieren(
        antrag,
        aktion=Aktion.ANTEIL_ZUSTIMMEN,
        von=antrag.status,
        nach=antrag.status,
        durch=durch,
        wirksam_am=datum,
        betrag=sum((a.betrag for a in anteile), NULL),
        kommentar="Zustimmung für " + ", ".join(str(a.inhaber) for a in anteile),
    )
    return anteile


# --- Attachments ------------------------------------------------------------------


def _anlagen_aenderbar(antrag, durch, art):
    if durch is not None and not ist_buero(durch, antrag):
        raise Verweigert("Anlagen fügt das Büro des Sozialraums bzw. der Region bei.")
    nachweis_zeit = antrag.status in MIT_BINDUNG
    if art == Anlage.Art.VERWENDUNGSNACHWEIS and nachweis_zeit:
        return
    if not antrag.ist_bearbeitbar:
        raise _fehler(
            f"Im Status „{antrag.get_status_display()}“ können keine Anlagen mehr "
            "geändert werden (nur Verwendungsnachweise nach der Bewilligung).",
            "nicht_bearbeitbar",
        )


@transaction.atomic
def anlage_hinzufuegen(*, antrag, datei, art, durch):
    antrag = _gesperrt(antrag, None)
    if art not in Anlage.Art.values:
        raise _fehler("Bitte eine Art der Anlage wählen.", "art", "art")
    _anlagen_aenderbar(antrag, durch, art)
    pruefung = anlagen.pruefen(datei)
    if antrag.anlagen.filter(sha256=pruefung.sha256).exists():
        raise _fehler(
            "Diese Datei ist dem Antrag bereits beigefügt.", "schon_beigefuegt", "datei"
        )
    name = (datei.name or "anlage").replace("/", "_").replace("\\", "_")[-200:]
    anlage = Anlage(
        antrag=antrag,
        art=art,
        dateiname=name,
        inhaltstyp=pruefung.inhaltstyp,
        groesse=pruefung.groesse,
        sha256=pruefung.sha256,
        hochgeladen_von=durch,
    )
    anlage.datei.save(name, datei, save=False)
    try:
        anlage.save()
    except Exception:
        anlage.datei.delete(save=False)
        raise
    return anlage


@transaction.atomic
def anlage_entfernen(*, anlage, durch):
    antrag = _gesperrt(anlage.antrag, None)
    _anlagen_aenderbar(antrag, durch, anlage.art)
    name = anlage.datei.name
    anlage.delete()
    transaction.on_commit(lambda: Anlage.datei.field.storage.delete(name))


# --- Sitzungen --------------------------------------------------------------------


@transaction.atomic
def sitzung_anlegen(
    *,
    gremium,
    datum,
    durch,
    ort="",
    ist_budgetsitzung=True,
    landkreis_vertreten=False,
    formular_schluessel=None,
):
    """A new Sitzung; a repeated submit of the same form returns the first one."""
    if durch is not None and not ist_buero_des_gremiums(durch, gremium):
        raise Verweigert("Sitzungen legt das Büro des Gremiums an.")
    if formular_schluessel is not None:
        # the Gremium row serialises two submits of the same form
        Gremium.objects.select_for_update().get(pk=gremium.pk)
        vorhanden = Sitzung.objects.filter(
            formular_schluessel=formular_schluessel
        ).first()
        if vorhanden is not None:
            return vorhanden
    sitzung = Sitzung(
        gremium=gremium,
        datum=datum,
        ort=ort,
        ist_budgetsitzung=ist_budgetsitzung,
        landkreis_vertreten=landkreis_vertreten,
        angelegt_von=durch,
        formular_schluessel=formular_schluessel,
    )
    sitzung.full_clean()
    sitzung.save()
    return sitzung


@transaction.atomic
def sitzung_aendern(
    *, sitzung, durch, datum, ort, ist_budgetsitzung, landkreis_vertreten, version
):
    """Details of a Sitzung; date and kind are fixed once anything was decided."""
    sitzung = _gesperrt(sitzung, version)
    if durch is not None and not ist_buero_des_gremiums(durch, sitzung):
        raise Verweigert("Sitzungen ändert das Büro des Gremiums.")
    if sitzung.beschluesse.exists() and (
        datum != sitzung.datum
        or ist_budgetsitzung != sitzung.ist_budgetsitzung
        or landkreis_vertreten != sitzung.landkreis_vertreten
    ):
        raise _fehler(
            "Nach den ersten Beschlüssen lassen sich Datum, Art der Sitzung und die "
            "Vertretung des Landkreises nicht mehr ändern.",
            "beschlossen",
        )
    if not ist_budgetsitzung and sitzung.tagesordnung.filter(abgesetzt=False).exists():
        raise _fehler(
            "Auf der Tagesordnung stehen Anträge: die Sitzung bleibt eine "
            "Budgetsitzung (oder nehmen Sie die Anträge zuerst herunter).",
            "tagesordnung_nicht_leer",
            "ist_budgetsitzung",
        )
    if sitzung.tagesordnung.filter(abgesetzt=False).exclude(
        antrag__haushaltsjahr=datum.year
    ):
        raise _fehler(
            "Auf der Tagesordnung stehen Anträge eines anderen Haushaltsjahrs.",
            "jahr",
            "datum",
        )
    sitzung.datum = datum
    sitzung.ort = ort
    sitzung.ist_budgetsitzung = ist_budgetsitzung
    sitzung.landkreis_vertreten = landkreis_vertreten
    sitzung.version += 1
    sitzung.full_clean()
    sitzung.save()
    return sitzung


def sitzung_braucht_ausnahme(sitzung):
    """Why decisions in this Sitzung need FD 51's explicit permission (or [])."""
    gruende = []
    if not sitzung.ist_budgetsitzung:
        return gruende
    if not sitzung.landkreis_vertreten:
        gruende.append("der Landkreis war nicht vertreten")
    vorher = (
        Sitzung.objects.budgetsitzungen()
        .filter(gremium=sitzung.gremium, datum__year=sitzung.datum.year)
        .filter(Q(datum__lt=sitzung.datum) | Q(datum=sitzung.datum, pk__lt=sitzung.pk))
        .count()
    )
    if vorher >= 2:
        gruende.append(
            f"es ist die {vorher + 1}. Budgetsitzung des Gremiums im Jahr "
            f"{sitzung.datum.year} (höchstens zwei)"
        )
    return gruende


@transaction.atomic
def sitzung_ausnahme_erteilen(*, sitzung, begruendung, durch):
    """FD 51 allows decisions despite absence or a third budget session; recorded."""
    sitzung = _gesperrt(sitzung, None)
    if durch is None or not durch.has_perm("antraege.ausnahme_erteilen"):
        raise Verweigert("Ausnahmen erteilt der Fachdienst 51.")
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise _fehler(
            "Bitte begründen Sie die Ausnahme.", "begruendung_fehlt", "begruendung"
        )
    if sitzung.hat_ausnahme:
        raise _fehler("Für diese Sitzung ist bereits eine Ausnahme erteilt.", "doppelt")
    sitzung.ausnahme_begruendung = begruendung
    sitzung.ausnahme_von = durch
    sitzung.ausnahme_am = timezone.now()
    sitzung.version += 1
    sitzung.save()
    return sitzung


@dataclass
class BeschlussAngabe:
    antrag: Antrag
    ergebnis: str  # Beschluss.Ergebnis
    betrag: Decimal | None = None
    ja: int | None = None
    nein: int | None = None
    enthaltungen: int | None = None
    bemerkung: str = ""


@transaction.atomic
def sitzung_beschliessen(*, sitzung, beschluesse, durch, version=None):
    """Record a Sitzung's decisions: all of them or, on any refusal, none."""
    sitzung = _gesperrt(sitzung, version)
    aktion_zu = {v: k for k, v in BESCHLUSS_AKTIONEN.items()}
    if not beschluesse:
        raise _fehler("Es wurde kein Beschluss angegeben.", "leer")
    for angabe in beschluesse:
        if angabe.ergebnis not in aktion_zu:
            raise _fehler(f"Unbekanntes Ergebnis „{angabe.ergebnis}“.", "ergebnis")
        try:
            antrag_uebergang(
                antrag=angabe.antrag,
                aktion=aktion_zu[angabe.ergebnis],
                durch=durch,
                sitzung=sitzung,
                betrag=angabe.betrag,
                kommentar=angabe.bemerkung,
                stimmen=(angabe.ja, angabe.nein, angabe.enthaltungen),
            )
        except ValidationError as e:
            # A list keeps codes only on its items (`code=` of a list is dropped).
            code = _code(e)
            raise ValidationError(
                [
                    ValidationError(f"{angabe.antrag.nummer}: {m}", code=code)
                    for m in e.messages
                ]
            ) from None
    sitzung.version += 1
    sitzung.save(update_fields=["version"])
    return sitzung


@transaction.atomic
def sitzung_tagesordnung_setzen(*, sitzung, antraege, durch):
    """Put several applications on the agenda: all or none."""
    for antrag in antraege:
        antrag_uebergang(
            antrag=antrag, aktion=Aktion.AUF_TAGESORDNUNG, durch=durch, sitzung=sitzung
        )


def _code(e):
    """The first error code of a (field or plain) ValidationError."""
    if hasattr(e, "error_dict"):
        fehler = [x for liste in e.error_dict.values() for x in liste]
    else:
        fehler = e.error_list
    return next((x.code for x in fehler if x.code), None)


# --- The workflow -------------------------------------------------------------------


def _protokollieren(antrag, *, aktion, von, nach, durch, wirksam_am, **kwargs):
    return Statuswechsel.objects.create(
        antrag=antrag,
        aktion=aktion,
        von=von,
        nach=nach,
        durch=durch,
        wirksam_am=wirksam_am,
        **kwargs,
    )


@transaction.atomic
def antrag_uebergang(
    *,
    antrag,
    aktion,
    durch,
    kommentar="",
    betrag=None,
    sitzung=None,
    datum=None,
    stimmen=(None, None, None),
    version=None,
):
    """Take one step of the workflow table; returns the history row."""
    antrag = _gesperrt(antrag, version)
    if sitzung is not None:  # what counts is its current state (an exception)
        sitzung = Sitzung.objects.select_related("gremium").get(pk=sitzung.pk)
    schritt = uebergang(aktion, antrag.status)
    if schritt is None:
        label = Aktion(aktion).label if aktion in Aktion.values else aktion
        raise _fehler(
            f"„{label}“ ist im Status „{antrag.get_status_display()}“ nicht möglich.",
            "nicht_erlaubt",
        )
    if durch is None or not darf_uebergang(durch, schritt, antrag):
        raise Verweigert(f"„{Aktion(aktion).label}“ ist Ihnen nicht erlaubt.")
    kommentar = (kommentar or "").strip()
    if schritt.kommentar_pflicht and not kommentar:
        raise _fehler(
            "Bitte geben Sie eine Begründung an.", "begruendung_fehlt", "kommentar"
        )
    datum = _wirksam_pruefen(antrag, datum)
    schritt_ausfuehren = _SCHRITTE[Aktion(aktion)]
    angaben = (
        schritt_ausfuehren(
            antrag,
            durch=durch,
            betrag=betrag,
            sitzung=sitzung,
            datum=datum,
            kommentar=kommentar,
            stimmen=stimmen,
        )
        or {}
    )
    von = antrag.status
    antrag.status = schritt.nach
    antrag.version += 1
    antrag.geaendert_am = timezone.now()
    antrag.save()
    wechsel = _protokollieren(
        antrag,
        aktion=aktion,
        von=von,
        nach=schritt.nach,
        durch=durch,
        kommentar=kommentar,
        sitzung=sitzung if aktion in BESCHLUSS_AKTIONEN else angaben.get("sitzung"),
        betrag=angaben.get("betrag"),
        wirksam_am=angaben.get("wirksam_am") or datum,
    )
    benachrichtigung.nach_uebergang(wechsel)
    return wechsel


def _letzter_schritt(antrag):
    return (
        antrag.statuswechsel.order_by("-wirksam_am")
        .values_list("wirksam_am", flat=True)
        .first()
    )


def _wirksam_pruefen(antrag, datum):
    """The effective day: today unless given (a veto issued at the meeting, a
    payment's value date, past years' records); never in the future and never
    before the application's previous step."""
    heute = timezone.localdate()
    if datum in (None, ""):
        return heute
    if not isinstance(datum, datetime.date):
        raise _fehler("Bitte ein Datum wie 24.09.2013 angeben.", "datum", "datum")
    if datum > heute:
        raise _fehler(
            f"Das Datum {datum:%d.%m.%Y} liegt in der Zukunft.",
            "datum_zukunft",
            "datum",
        )
    letzter = _letzter_schritt(antrag)
    if letzter is not None and datum < letzter:
        raise _fehler(
            f"Das Datum {datum:%d.%m.%Y} liegt vor dem letzten Schritt des Antrags "
            f"({letzter:%d.%m.%Y}).",
            "datum_vor_letztem_schritt",
            "datum",
        )
    return datum


# Each step: check what it needs, do its effects, return what the history records.


def _einreichen(antrag, **_):
    fehlt = {}
    for feld, name in [
        ("ausgangslage", "die Ausgangslage"),
        ("zielsetzung", "die Zielsetzung"),
        ("massnahme", "die Maßnahme"),
        ("zielgruppe", "die Zielgruppe"),
    ]:
        if not getattr(antrag, feld).strip():
            fehlt[feld] = f"Zum Einreichen fehlt {name}."
    if antrag.gesamtkosten is None:
        fehlt["gesamtkosten"] = "Zum Einreichen fehlen die Gesamtkosten."
    if antrag.beantragt <= 0:
        fehlt["beantragt"] = "Zum Einreichen fehlt der beantragte Betrag."
    if not antrag.beginn or not antrag.ende:
        fehlt["beginn"] = "Zum Einreichen fehlt der Zeitraum (Beginn und Ende)."
    if not antrag.themenfelder.exists():
        fehlt["themenfelder"] = "Bitte mindestens ein Themenfeld wählen."
    offen = [str(a.inhaber) for a in antrag.anteile.all() if a.braucht_zustimmung]
    if offen:
        fehlt["partner"] = (
            "Vor dem Einreichen müssen die Partner ihren Anteilen zustimmen; es fehlt "
            f"die Zustimmung von: {', '.join(offen)}."
        )
    if antrag.als_eigenanteil and not antrag.drittmittel.exists():
        fehlt["als_eigenanteil"] = (
            "Als Eigenanteil dienen die Mittel nur, wenn externe Fördermittel "
            "angegeben sind."
        )
    if antrag.gesamtkosten is not None and antrag.beantragt > 0:
        finanzierung = (
            antrag.beantragt
            + antrag.eigenanteil
            + sum(
                (
                    d.betrag
                    for d in antrag.drittmittel.all()
                    if d.stand != Drittmittel.Stand.ABGELEHNT
                ),
                NULL,
            )
        )
        if finanzierung != antrag.gesamtkosten:
            fehlt["gesamtkosten"] = (
                f"Der Finanzierungsplan geht nicht auf: Gesamtkosten "
                f"{euro(antrag.gesamtkosten)}, Finanzierung (beantragt + Eigenanteil "
                f"+ Drittmittel) {euro(finanzierung)}."
            )
    if fehlt:
        raise ValidationError(
            {k: ValidationError(v, code="unvollstaendig") for k, v in fehlt.items()}
        )
    return {"betrag": antrag.beantragt}


def _pruefen(antrag, **_):
    if (
        antrag.sozialraum_id is not None
        and not antrag.ziele.filter(konzept__status="beschlossen").exists()
    ):
        raise _fehler(
            "Konform ist ein Antrag nur, wenn er Ziele eines beschlossenen "
            "Sozialraumkonzepts verfolgt; der Antrag nennt keines. Stellen Sie eine "
            "Rückfrage.",
            "ohne_ziel",
        )


def _rueckfrage(antrag, **_):
    return None


def _sitzung_pruefen(antrag, sitzung):
    if sitzung is None:
        raise _fehler("Bitte eine Sitzung wählen.", "sitzung_fehlt", "sitzung")
    if sitzung.gremium_id != getattr(antrag.gremium, "pk", None):
        raise _fehler(
            f"Über diesen Antrag entscheidet {antrag.gremium or 'kein Gremium'}, "
            f"nicht {sitzung.gremium}.",
            "falsches_gremium",
            "sitzung",
        )


def _auf_tagesordnung(antrag, *, sitzung, datum, **_):
    _sitzung_pruefen(antrag, sitzung)
    if not sitzung.ist_budgetsitzung:
        raise _fehler(
            "Über Projektmittel wird nur in Budgetsitzungen entschieden.",
            "keine_budgetsitzung",
            "sitzung",
        )
    if sitzung.datum.year != antrag.haushaltsjahr:
        raise _fehler(
            f"Über Mittel des Haushaltsjahrs {antrag.haushaltsjahr} entscheidet eine "
            f"Sitzung im selben Jahr (diese ist am {sitzung.datum:%d.%m.%Y}).",
            "anderes_jahr",
            "sitzung",
        )
    if sitzung.beschluesse.filter(antrag=antrag).exists():
        raise _fehler(
            "In dieser Sitzung wurde über den Antrag schon beschlossen.",
            "schon_beschlossen",
            "sitzung",
        )
    # On the agenda as of the meeting (minutes are often entered afterwards),
    # at the earliest when the previous step happened.
    wirksam = min(datum, sitzung.datum)
    letzter = _letzter_schritt(antrag)
    if letzter is not None and wirksam < letzter:
        raise _fehler(
            f"Die Sitzung am {sitzung.datum:%d.%m.%Y} liegt vor dem letzten Schritt "
            f"des Antrags ({letzter:%d.%m.%Y}); wählen Sie eine spätere Sitzung.",
            "sitzung_vor_letztem_schritt",
            "sitzung",
        )
    Sitzung.objects.select_for_update().get(pk=sitzung.pk)  # positions one by one
    top, neu = Tagesordnungspunkt.objects.get_or_create(
        sitzung=sitzung,
        antrag=antrag,
        defaults={"position": sitzung.tagesordnung.count() + 1},
    )
    if not neu:
        top.abgesetzt = False
        top.save(update_fields=["abgesetzt"])
    return {"sitzung": sitzung, "wirksam_am": wirksam}


def _aktueller_top(antrag):
    return (
        antrag.tagesordnungspunkte.filter(abgesetzt=False)
        .exclude(sitzung__beschluesse__antrag=antrag)
        .select_related("sitzung__gremium")
        .first()
    )


def _von_tagesordnung(antrag, **_):
    top = _aktueller_top(antrag)
    if top is not None:
        top.abgesetzt = True
        top.save(update_fields=["abgesetzt"])
        return {"sitzung": top.sitzung}
    return None


def _beschliessen(antrag, *, aktion, sitzung, betrag, durch, kommentar, stimmen, **_):
    _sitzung_pruefen(antrag, sitzung)
    top = _aktueller_top(antrag)
    if top is None or top.sitzung_id != sitzung.pk:
        raise _fehler(
            "Der Antrag steht nicht auf der Tagesordnung dieser Sitzung.",
            "nicht_auf_tagesordnung",
            "sitzung",
        )
    if sitzung.datum > timezone.localdate():
        raise _fehler(
            f"Die Sitzung am {sitzung.datum:%d.%m.%Y} hat noch nicht stattgefunden.",
            "zukunft",
            "sitzung",
        )
    letzter = _letzter_schritt(antrag)
    if letzter is not None and sitzung.datum < letzter:
        raise _fehler(
            f"Die Sitzung am {sitzung.datum:%d.%m.%Y} liegt vor dem letzten "
            "Schritt des "
            f"Antrags ({letzter:%d.%m.%Y}).",
            "sitzung_vor_letztem_schritt",
            "sitzung",
        )
    if not sitzung.ist_budgetsitzung:
        raise _fehler(
            "Über Projektmittel wird nur in Budgetsitzungen entschieden.",
            "keine_budgetsitzung",
            "sitzung",
        )
    gruende = sitzung_braucht_ausnahme(sitzung)
    if gruende and not sitzung.hat_ausnahme:
        raise _fehler(
            "Beschlüsse dieser Sitzung brauchen eine Ausnahme durch den Fachdienst 51, "
            f"weil {' und '.join(gruende)}.",
            "ausnahme_noetig",
        )
    ja, nein, enthaltungen = stimmen
    for wert in (ja, nein, enthaltungen):
        if wert is not None and (not isinstance(wert, int) or wert < 0 or wert > 999):
            raise _fehler("Stimmen sind ganze Zahlen von 0 bis 999.", "stimmen")
    ergebnis = BESCHLUSS_AKTIONEN[aktion]
    angaben = {"wirksam_am": sitzung.datum}
    if aktion == Aktion.BEWILLIGEN:
        if betrag in (None, ""):
            raise _fehler(
                "Bitte den bewilligten Betrag angeben.", "betrag_fehlt", "betrag"
            )
        betrag = budgets.betrag_pruefen(betrag)
        if betrag > antrag.beantragt:
            raise _fehler(
                f"Bewilligt werden können höchstens die beantragten "
                f"{euro(antrag.beantragt)} (angegeben: {euro(betrag)}).",
                "ueber_beantragt",
                "betrag",
            )
        _binden(antrag, betrag, sitzung, durch)
        antrag.bewilligt = betrag
        angaben["betrag"] = betrag
    elif betrag not in (None, ""):
        raise _fehler(
            "Ein Betrag gehört nur zu einer Bewilligung.", "betrag_ohne_bewilligung"
        )
    Beschluss.objects.create(
        sitzung=sitzung,
        antrag=antrag,
        ergebnis=ergebnis,
        betrag=angaben.get("betrag"),
        ja=ja,
        nein=nein,
        enthaltungen=enthaltungen,
        bemerkung=kommentar,
        erfasst_von=durch,
    )
    return angaben


def _binden(antrag, betrag, sitzung, durch):
    """Split the approved amount over the shares (cent-exact) and bind each."""
    anteile = list(antrag.anteile.select_related("sozialraum", "region"))
    teile = budgets.aufteilen(betrag, [(a.pk, a.betrag) for a in anteile])
    zu_budget = {
        a.pk: budgets.budget_holen(
            budgetart=antrag.budgetart,
            haushaltsjahr=antrag.haushaltsjahr,
            inhaber=a.inhaber,
        )
        for a in anteile
    }
    # all at once, in pk order: two cooperation projects of the same partners
    # (A with B, B with A) decided at the same moment must not deadlock
    budgets.budgets_sperren(*zu_budget.values())
    for anteil in anteile:
        budget = zu_budget[anteil.pk]
        anteil.bewilligt = teile[anteil.pk]
        if anteil.bewilligt > 0:
            anteil.bindung = budgets.binden(
                budget=budget,
                betrag=anteil.bewilligt,
                buchungsdatum=sitzung.datum,
                text=f"Bewilligung {antrag.titel}"[:500],
                referenz=antrag.nummer,
                durch=durch,
            )
        anteil.save(update_fields=["bewilligt", "bindung"])


def _gebundene_anteile(antrag):
    """The bound shares with their figures, their budgets locked (in pk order)."""
    anteile = list(
        antrag.anteile.select_related("bindung__budget").filter(bindung__isnull=False)
    )
    budgets.budgets_sperren(*[a.bindung.budget for a in anteile])
    return [(a, zahlen_der_bindung(a.bindung)) for a in anteile]


def _freigeben(antrag, durch, text, datum):
    """Release everything bound and not paid; returns the released sum."""
    frei = NULL
    for anteil, zahlen in _gebundene_anteile(antrag):
        if zahlen.offen > 0:
            budgets.aufloesen(
                bindung=anteil.bindung,
                betrag=zahlen.offen,
                buchungsdatum=datum,
                text=text,
                durch=durch,
            )
            frei += zahlen.offen
    return frei


def vetofrist_ende(antrag):
    beschluss = (
        antrag.beschluesse.filter(ergebnis="bewilligt")
        .select_related("sitzung")
        .order_by("-pk")
        .first()
    )
    return beschluss.sitzung.datum + vetofrist() if beschluss else None


def _veto(antrag, *, durch, datum, **_):
    frist = vetofrist_ende(antrag)
    if frist is not None and datum > frist:
        raise _fehler(
            f"Die Vetofrist ist am {frist:%d.%m.%Y} abgelaufen.", "frist_abgelaufen"
        )
    frei = _freigeben(antrag, durch, f"Veto FD 51: {antrag.titel}"[:500], datum)
    return {"betrag": frei}


def _offen_gesamt(antrag):
    return sum((z.offen for _, z in _gebundene_anteile(antrag)), NULL)


def _auszahlen(antrag, *, betrag, datum, durch, **_):
    if betrag in (None, ""):
        raise _fehler("Bitte den Auszahlungsbetrag angeben.", "betrag_fehlt", "betrag")
    betrag = budgets.betrag_pruefen(betrag)
    anteile = [(a, z) for a, z in _gebundene_anteile(antrag) if z.offen > 0]
    offen = sum((z.offen for _, z in anteile), NULL)
    if betrag > offen:
        raise _fehler(
            f"Auszuzahlen sind {euro(betrag)}, aus der Bewilligung offen sind nur "
            f"{euro(offen)}.",
            "zu_hoch",
            "betrag",
        )
    teile = budgets.aufteilen(betrag, [(a.pk, z.offen) for a, z in anteile])
    for anteil, _z in anteile:
        if teile[anteil.pk] > 0:
            budgets.auszahlen(
                bindung=anteil.bindung,
                betrag=teile[anteil.pk],
                buchungsdatum=datum,
                text=f"Auszahlung {antrag.titel}"[:500],
                durch=durch,
            )
    return {"betrag": betrag}


def _nachweis_einreichen(antrag, *, betrag, **_):
    if betrag in (None, ""):
        raise _fehler(
            "Bitte angeben, wie viel der bewilligten Mittel verwendet wurde.",
            "betrag_fehlt",
            "betrag",
        )
    betrag = _betrag_oder_null(betrag, "betrag")
    if betrag > antrag.bewilligt:
        raise _fehler(
            f"Verwendet werden können höchstens die bewilligten "
            f"{euro(antrag.bewilligt)}.",
            "ueber_bewilligt",
            "betrag",
        )
    return {"betrag": betrag}


def _abschliessen(antrag, *, betrag, durch, datum, **_):
    """Accept the proof: pay back what was paid too much, release the rest."""
    if betrag in (None, ""):
        raise _fehler("Bitte den anerkannten Betrag angeben.", "betrag_fehlt", "betrag")
    anerkannt = _betrag_oder_null(betrag, "betrag")
    if anerkannt > antrag.bewilligt:
        raise _fehler(
            f"Anerkannt werden können höchstens die bewilligten "
            f"{euro(antrag.bewilligt)}.",
            "ueber_bewilligt",
            "betrag",
        )
    anteile = _gebundene_anteile(antrag)
    ausgezahlt = sum((z.ausgezahlt for _, z in anteile), NULL)
    if anerkannt > ausgezahlt:
        raise _fehler(
            f"Ausgezahlt sind erst {euro(ausgezahlt)}; zahlen Sie den anerkannten "
            f"Rest von {euro(anerkannt - ausgezahlt)} vor dem Abschluss aus.",
            "erst_auszahlen",
            "betrag",
        )
    zurueck = ausgezahlt - anerkannt
    if zurueck > 0:
        teile = budgets.aufteilen(
            zurueck, [(a.pk, z.ausgezahlt) for a, z in anteile if z.ausgezahlt > 0]
        )
        for anteil, _z in anteile:
            if teile.get(anteil.pk, NULL) > 0:
                budgets.zurueckfordern(
                    bindung=anteil.bindung,
                    betrag=teile[anteil.pk],
                    buchungsdatum=datum,
                    text=f"Rückforderung nach Verwendungsnachweis {antrag.nummer}",
                    durch=durch,
                )
    _freigeben(
        antrag, durch, f"Abschluss {antrag.nummer}: nicht verwendete Mittel", datum
    )
    return {"betrag": anerkannt}


def _zurueckziehen(antrag, *, durch, datum, **_):
    if antrag.status == Status.ZUR_BERATUNG:
        _von_tagesordnung(antrag)
    frei = _freigeben(antrag, durch, f"Antrag {antrag.nummer} zurückgezogen", datum)
    return {"betrag": frei or None}


def _beschluss_schritt(aktion):
    return lambda antrag, **kw: _beschliessen(antrag, aktion=aktion, **kw)


_SCHRITTE = {
    Aktion.EINREICHEN: _einreichen,
    Aktion.RUECKFRAGE: _rueckfrage,
    Aktion.PRUEFEN: _pruefen,
    Aktion.AUF_TAGESORDNUNG: _auf_tagesordnung,
    Aktion.VON_TAGESORDNUNG: _von_tagesordnung,
    Aktion.BEWILLIGEN: _beschluss_schritt(Aktion.BEWILLIGEN),
    Aktion.ABLEHNEN: _beschluss_schritt(Aktion.ABLEHNEN),
    Aktion.ZURUECKSTELLEN: _beschluss_schritt(Aktion.ZURUECKSTELLEN),
    Aktion.VETO: _veto,
    Aktion.AUSZAHLEN: _auszahlen,
    Aktion.NACHWEIS_EINREICHEN: _nachweis_einreichen,
    Aktion.ABSCHLIESSEN: _abschliessen,
    Aktion.ZURUECKZIEHEN: _zurueckziehen,
}
