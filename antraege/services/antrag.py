"""Writing an application: numbers, text and shares, partners' consent,
attachments."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets import services as budgets
from budgets.selectors import ist_abgeschlossen
from config.begriffe import begriffe
from konten.permissions import betreute_region_ids, geleitete_sozialraum_ids
from sozialraum.geld import JAHR_MAX, JAHR_MIN, euro
from sozialraum.models import Sozialraum

from .. import anlagen
from ..models import (
    Anlage,
    Anteil,
    Antrag,
    Drittmittel,
    Nummernkreis,
    Themenfeld,
)
from ..permissions import ist_buero
from ..workflow import Aktion
from ._basis import (
    NULL,
    Verweigert,
    _betrag_oder_null,
    _datum_pruefen,
    _fehler,
    _gesperrt,
    _letzter_schritt,
    _protokollieren,
    buero_des_inhabers,
    import_pruefen,
    raum_oder_gruppe,
)


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
    nummer = naechste_nummer(zaehler)
    zaehler.save(update_fields=["letzte_nummer"])
    return nummer


def naechste_nummer(zaehler):
    """The counter moved on in memory (the bulk import saves it once)."""
    zaehler.letzte_nummer += 1
    return f"{zaehler.haushaltsjahr}-{zaehler.kreis}-{zaehler.letzte_nummer:03d}"


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
            f"{begriffe().raum} trägt selbst einen Anteil."
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
                f"Das Ziel {ziel.kennung} gehört nicht zum {begriffe().konzept} "
                f"des {begriffe().raum_genitiv}."
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


def inhalt_uebernehmen(antrag, inhalt):
    """The text and amounts checked and set on `antrag` (not saved); returns
    its shares and external funds, unsaved. The rules of writing an
    application, for the form and the bulk import alike."""
    beantragt, eigenanteil, gesamtkosten, partner, drittmittel = _inhalt_pruefen(
        antrag, inhalt
    )
    for feld in FELDER:
        setattr(antrag, feld, getattr(inhalt, feld))
    antrag.beantragt = beantragt
    antrag.eigenanteil = eigenanteil
    antrag.gesamtkosten = gesamtkosten
    antrag.geaendert_am = timezone.now()
    _antrag_pruefen(antrag)
    eigen = beantragt - sum((b for _, b in partner), NULL)
    anteile = [(antrag.inhaber, eigen)] if eigen > 0 else []
    anteile = [
        Anteil(
            antrag=antrag,
            sozialraum=inhaber if isinstance(inhaber, Sozialraum) else None,
            region=None if isinstance(inhaber, Sozialraum) else inhaber,
            betrag=betrag,
        )
        for inhaber, betrag in anteile + partner
    ]
    for d in drittmittel:
        d.antrag = antrag
    return anteile, drittmittel


def _antrag_pruefen(antrag):
    """The fields as the model defines them, without the database: references
    are objects already read (their rows exist), the number comes from the
    counter, and the one constraint a form can break is checked here (the
    database keeps all of them)."""
    antrag.full_clean(
        exclude=[
            "nummer",
            "erstellt_von",
            "formular_schluessel",
            "budgetart",
            "sozialraum",
            "region",
        ],
        validate_unique=False,
        validate_constraints=False,
    )
    if antrag.beginn and antrag.ende and antrag.ende < antrag.beginn:
        raise _fehler(
            f"Das Ende ({antrag.ende:%d.%m.%Y}) liegt vor dem Beginn "
            f"({antrag.beginn:%d.%m.%Y}).",
            "zeitraum",
            "ende",
        )


def _inhalt_setzen(antrag, inhalt):
    anteile, drittmittel = inhalt_uebernehmen(antrag, inhalt)
    antrag.save()
    antrag.themenfelder.set(inhalt.themenfelder)
    antrag.ziele.set(inhalt.ziele)
    antrag.anteile.all().delete()
    for anteil in anteile:
        anteil.save()
    antrag.drittmittel.all().delete()
    for d in drittmittel:
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
    nummer=None,
    importiert_aus=None,
):
    """A new draft; a repeated submit of the same form returns the first one.

    `datum` (default today) dates the record of past years' applications.
    `importiert_aus` (a file name): entered from a file by FD 51, who may then
    keep the file's `nummer` (the counter moves past it)."""
    antrag = neuer_antrag(
        budgetart=budgetart,
        haushaltsjahr=haushaltsjahr,
        inhaber=inhaber,
        durch=durch,
        formular_schluessel=formular_schluessel,
        nummer=nummer,
        importiert_aus=importiert_aus,
    )
    zaehler = _nummernkreis_sperren(haushaltsjahr, inhaber)
    # Checked under the lock: a double submit waits for the first and finds it.
    if formular_schluessel is not None:
        vorhanden = Antrag.objects.filter(
            formular_schluessel=formular_schluessel
        ).first()
        if vorhanden is not None:
            return vorhanden
    antrag.nummer = (
        nummer_vergeben(zaehler)
        if nummer is None
        else _nummer_uebernehmen(zaehler, nummer)
    )
    _inhalt_setzen(antrag, inhalt)
    _protokollieren(antrag, **anlegen_protokoll(antrag, durch, datum, importiert_aus))
    return antrag


def neuer_antrag(
    *,
    budgetart,
    haushaltsjahr,
    inhaber,
    durch,
    formular_schluessel=None,
    nummer=None,
    importiert_aus=None,
    abgeschlossen=ist_abgeschlossen,
):
    """The checks before a new application gets its number; returns it unsaved.
    `abgeschlossen`: whether a year is closed (the bulk import asks once)."""
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
    if importiert_aus is not None:
        import_pruefen(durch)
    elif nummer is not None:
        raise _fehler("Nur ein Import bringt seine Antragsnummer mit.", "nummer")
    elif durch is not None and not ist_buero(durch, antrag):
        raise Verweigert(f"Anträge stellt {buero_des_inhabers()}.")
    if not JAHR_MIN <= int(haushaltsjahr) <= JAHR_MAX:
        raise _fehler(
            f"Das Haushaltsjahr {haushaltsjahr} ist nicht plausibel.",
            "jahr",
            "haushaltsjahr",
        )
    if abgeschlossen(haushaltsjahr):
        raise _fehler(
            f"Das Haushaltsjahr {haushaltsjahr} ist abgeschlossen; dafür werden keine "
            "Anträge mehr gestellt.",
            "jahr_abgeschlossen",
            "haushaltsjahr",
        )
    return antrag


def anlegen_protokoll(antrag, durch, datum, importiert_aus, letzter=None):
    """The history row of the creation (its fields)."""
    return {
        "aktion": Aktion.ANLEGEN,
        "von": "",
        "nach": antrag.status,
        "durch": durch,
        "wirksam_am": _datum_pruefen(datum, letzter),
        "kommentar": f"Import aus Datei {importiert_aus}" if importiert_aus else "",
    }


def _nummer_uebernehmen(zaehler, nummer):
    """An imported application keeps its number; it must belong to the counter
    (year and Sozialraum/Region) and be unused. The counter moves up to it, so
    later applications never get it again."""
    vorher = zaehler.letzte_nummer
    nummer = nummer_uebernehmen(
        zaehler, nummer, vergeben=lambda n: Antrag.objects.filter(nummer=n).exists()
    )
    if zaehler.letzte_nummer != vorher:
        zaehler.save(update_fields=["letzte_nummer"])
    return nummer


def nummer_uebernehmen(zaehler, nummer, *, vergeben):
    """The rule of `_nummer_uebernehmen`, the counter moved in memory;
    `vergeben(nummer)`: whether the number is taken."""
    treffer = re.fullmatch(r"(\d{4})-([A-Z0-9]{1,10})-(\d{1,6})", nummer or "")
    if treffer is None or (int(treffer[1]), treffer[2]) != (
        zaehler.haushaltsjahr,
        zaehler.kreis,
    ):
        raise _fehler(
            f"Die Antragsnummer „{nummer}“ passt nicht zu Haushaltsjahr und "
            f"{raum_oder_gruppe()} (erwartet: {zaehler.haushaltsjahr}-{zaehler.kreis}-"
            "NNN).",
            "nummer_format",
            "nummer",
        )
    if vergeben(nummer):
        raise _fehler(
            f"Die Antragsnummer {nummer} ist schon vergeben.",
            "nummer_vergeben",
            "nummer",
        )
    zaehler.letzte_nummer = max(zaehler.letzte_nummer, int(treffer[3]))
    return nummer


@transaction.atomic
def antrag_aendern(*, antrag, inhalt, durch, version=None):
    antrag = _gesperrt(antrag, version)
    if durch is not None and not ist_buero(durch, antrag):
        raise Verweigert(f"Nur {buero_des_inhabers()} ändert Anträge.")
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
def anteil_zustimmen(*, antrag, durch, version=None, datum=None, importiert_aus=None):
    """The partner's office agrees to finance its share from its budget.

    A change of the application afterwards asks for the consent again. From a
    file (`importiert_aus`), FD 51 records the consent of all partners.
    """
    antrag = _gesperrt(antrag, version)
    if importiert_aus is not None:
        anteile = list(antrag.anteile.all())
    else:
        anteile = zustimmung_ausstehend(antrag, durch)
    return zustimmung_eintragen(
        _Zustimmung(antrag),
        anteile=anteile,
        durch=durch,
        datum=datum,
        importiert_aus=importiert_aus,
    )


class _Zustimmung:
    """The database side of `zustimmung_eintragen` (stapel.py has its own)."""

    def __init__(self, antrag):
        self.antrag = antrag

    def letzter_schritt(self):
        return _letzter_schritt(self.antrag)

    def anteil_speichern(self, anteil, felder):
        anteil.save(update_fields=felder)

    def speichern(self, felder=None):
        self.antrag.save(update_fields=felder)

    def protokollieren(self, **felder):
        return _protokollieren(self.antrag, **felder)


def zustimmung_eintragen(v, *, anteile, durch, datum, importiert_aus):
    """The consent to `anteile` (those waiting among them) on a Vorgang `v`.
    From a file (`importiert_aus`), FD 51 records the consent of all
    partners."""
    antrag = v.antrag
    if not antrag.ist_bearbeitbar:
        raise _fehler(
            f"Im Status „{antrag.get_status_display()}“ ist keine Zustimmung mehr "
            "möglich.",
            "nicht_bearbeitbar",
        )
    if importiert_aus is not None:
        import_pruefen(durch)
    anteile = [a for a in anteile if a.braucht_zustimmung]
    if not anteile:
        raise Verweigert("Es gibt keinen Anteil, dem Sie zustimmen könnten.")
    datum = _datum_pruefen(datum, v.letzter_schritt())
    jetzt = timezone.now()
    for anteil in anteile:
        anteil.zugestimmt_von = durch
        anteil.zugestimmt_am = jetzt
        v.anteil_speichern(anteil, ["zugestimmt_von", "zugestimmt_am"])
    antrag.version += 1
    v.speichern(["version"])
    v.protokollieren(
        aktion=Aktion.ANTEIL_ZUSTIMMEN,
        von=antrag.status,
        nach=antrag.status,
        durch=durch,
        wirksam_am=datum,
        betrag=sum((a.betrag for a in anteile), NULL),
        kommentar="Zustimmung für " + ", ".join(str(a.inhaber) for a in anteile),
    )
    return anteile


def _anlagen_aenderbar(antrag, durch, art):
    if durch is not None and not ist_buero(durch, antrag):
        raise Verweigert(f"Anlagen fügt {buero_des_inhabers()} bei.")
    if art not in antrag.anlagearten():
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
