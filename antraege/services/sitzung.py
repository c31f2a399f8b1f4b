"""Sitzungen: creating, changing, FD 51's exception, the agenda, and recording
all decisions of a Sitzung at once."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.begriffe import begriffe
from sozialraum.models import Gremium

from ..models import Antrag, Sitzung
from ..permissions import ist_buero_des_gremiums
from ..workflow import BESCHLUSS_AKTIONEN, Aktion
from ._basis import Verweigert, _code, _fehler, _gesperrt, import_pruefen
from .uebergang import antrag_uebergang


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
    importiert_aus=None,
):
    """A new Sitzung; a repeated submit of the same form returns the first one.

    `importiert_aus`: a past Sitzung entered from a file by FD 51."""
    if importiert_aus is not None:
        import_pruefen(durch)
    elif durch is not None and not ist_buero_des_gremiums(durch, gremium):
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
            f"Vertretung {begriffe().der_behoerde} nicht mehr ändern.",
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


@transaction.atomic
def sitzung_ausnahme_erteilen(*, sitzung, begruendung, durch):
    """FD 51 allows decisions despite absence or a third budget session; recorded."""
    sitzung = _gesperrt(sitzung, None)
    if durch is None or not durch.has_perm("antraege.ausnahme_erteilen"):
        raise Verweigert(f"Ausnahmen erteilt der {begriffe().pruefstelle}.")
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
