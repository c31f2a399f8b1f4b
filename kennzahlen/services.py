"""The only way Kennzahlen and Zielvereinbarungen change (docs/fachkonzept.md §7).

Every function checks the right, the state and the input, and raises a
ValidationError with a German message and a code; then nothing has changed.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from antraege.models import Themenfeld
from config.begriffe import begriffe, text
from sozialraum.services import in_gebrauch, zeile_abgleichen

from .models import (
    FESTE_ZAHLEN,
    QUARTALE,
    Kategorie,
    Kategoriezahl,
    Quartalsmeldung,
    Zielvereinbarung,
    Zielvorgabe,
    ist_meldbar,
    stichtag,
)


def hoechstwert():
    return int(getattr(settings, "KENNZAHLEN_HOECHSTWERT", 5000))


def _recht(user, perm, obj=None):
    if user is None or not user.has_perm(perm, obj):
        raise ValidationError(
            "Dazu fehlt Ihnen die Berechtigung.", code="keine_berechtigung"
        )


def _anzahl(wert, feld, fehler):
    """An integer count 0 … hoechstwert(), or an error at the field."""
    if isinstance(wert, bool) or not isinstance(wert, int):
        fehler[feld] = ValidationError(
            "Bitte eine ganze Zahl angeben.", code="keine_zahl"
        )
    elif wert < 0:
        fehler[feld] = ValidationError(
            "Eine Anzahl kann nicht negativ sein.", code="negativ"
        )
    elif wert > hoechstwert():
        fehler[feld] = ValidationError(
            f"{wert} ist für ein Büro und ein Quartal nicht plausibel (höchstens "
            f"{hoechstwert()}). Bitte prüfen Sie die Eingabe.",
            code="unplausibel",
        )


def _vorquartal(sozialraum, jahr, quartal):
    if quartal == 1:
        jahr, quartal = jahr - 1, 4
    else:
        quartal -= 1
    return (
        Quartalsmeldung.objects.aktuell()
        .filter(sozialraum=sozialraum, jahr=jahr, quartal=quartal)
        .first()
    )


def _zahlen_pruefen(*, sozialraum, jahr, quartal, zahlen, kategorien, bisher=None):
    """The figures of one report: {kennzahl: int} and {Kategorie: int}.

    `bisher`: the version being changed or corrected; a Kategorie it counted
    stays allowed after FD 51 stopped counting it (the figure belongs to a
    time when it was counted)."""
    schon_gezaehlt = set() if bisher is None else bisher.gezaehlte_kategorien()
    fehler = {}
    unbekannt = set(zahlen) - set(FESTE_ZAHLEN)
    if unbekannt:
        raise ValidationError(
            f"Unbekannte Kennzahl: {', '.join(sorted(unbekannt))}.", code="unbekannt"
        )
    for feld in FESTE_ZAHLEN:
        if zahlen.get(feld) is None:
            fehler[feld] = ValidationError(
                "Bitte eine Zahl angeben (0, wenn es keine gab).", code="fehlt"
            )
        else:
            _anzahl(zahlen[feld], feld, fehler)
    for kategorie, anzahl in kategorien.items():
        feld = f"kategorie_{getattr(kategorie, 'pk', kategorie)}"
        if not isinstance(kategorie, Kategorie) or not (
            kategorie.aktiv or kategorie.pk in schon_gezaehlt
        ):
            fehler[feld] = ValidationError(
                "Diese Kategorie wird nicht mehr gezählt.", code="kategorie"
            )
            continue
        _anzahl(anzahl, feld, fehler)
        neu = zahlen.get("faelle_neu")
        if feld not in fehler and isinstance(neu, int) and anzahl > neu:
            fehler[feld] = ValidationError(
                f"Mehr neue Fälle in „{kategorie.name}“ ({anzahl}) als neue Fälle "
                f"insgesamt ({neu}).",
                code="kategorie_zu_gross",
            )
    if not fehler:
        vorher = _vorquartal(sozialraum, jahr, quartal)
        if vorher is not None:
            offen = vorher.faelle_laufend + zahlen["faelle_neu"]
            if zahlen["faelle_abgeschlossen"] > offen:
                fehler["faelle_abgeschlossen"] = ValidationError(
                    f"Mehr Fälle abgeschlossen ({zahlen['faelle_abgeschlossen']}) "
                    f"als laufend waren ({vorher.faelle_laufend} am "
                    f"{vorher.stichtag:%d.%m.%Y}) und neu hinzukamen "
                    f"({zahlen['faelle_neu']}).",
                    code="mehr_abgeschlossen_als_offen",
                )
    if fehler:
        raise ValidationError(fehler)


def _quartal_pruefen(jahr, quartal):
    if quartal not in QUARTALE:
        raise ValidationError("Ein Jahr hat vier Quartale.", code="quartal")
    if not ist_meldbar(jahr, quartal):
        tag = stichtag(jahr, quartal)
        raise ValidationError(
            f"Das {quartal}. Quartal {jahr} ist noch nicht zu Ende (Stichtag "
            f"{tag:%d.%m.%Y}); gemeldet wird danach.",
            code="quartal_nicht_zu_ende",
        )


NICHT_GEPRUEFT = object()  # meldung_abgeben without the form's stand


def _doppelt_pruefen(formular_schluessel):
    if (
        formular_schluessel is not None
        and Quartalsmeldung.objects.filter(
            formular_schluessel=formular_schluessel
        ).exists()
    ):
        raise ValidationError(
            "Dieses Formular wurde schon abgeschickt; die Zahlen sind gespeichert. "
            "Nichts wurde doppelt erfasst.",
            code="doppelt",
        )


def _kategorien_schreiben(meldung, kategorien):
    Kategoriezahl.objects.bulk_create(
        Kategoriezahl(meldung=meldung, kategorie=k, anzahl=n)
        for k, n in kategorien.items()
    )


def _gesperrte_aktuelle(sozialraum, jahr, quartal):
    return (
        Quartalsmeldung.objects.select_for_update()
        .filter(sozialraum=sozialraum, jahr=jahr, quartal=quartal, aktuell=True)
        .first()
    )


@transaction.atomic
def meldung_abgeben(
    *,
    sozialraum,
    jahr,
    quartal,
    zahlen,
    kategorien=None,
    durch,
    formular_schluessel=None,
    gesehen_am=NICHT_GEPRUEFT,
):
    """The Sozialraumleitung reports a quarter (or changes her report until
    FD 51 locks it). Returns the current Quartalsmeldung.

    `gesehen_am`: the gemeldet_am of the report the form was opened on (None:
    there was none). If the report has changed since, nothing is saved: a form
    sent late (a browser retrying, a second tab) must not overwrite newer
    figures; its own key no longer protects it once a newer form replaced the
    key. Imports and the demo leave it out."""
    kategorien = dict(kategorien or {})
    _recht(durch, "kennzahlen.melden", sozialraum)
    _quartal_pruefen(jahr, quartal)
    _doppelt_pruefen(formular_schluessel)
    vorhanden = _gesperrte_aktuelle(sozialraum, jahr, quartal)
    if vorhanden is not None and vorhanden.ist_gesperrt:
        raise ValidationError(
            f"Das {quartal}. Quartal {jahr} ist von {begriffe().pruefstelle_kurz} "
            "geprüft und gesperrt. Eine Korrektur nimmt "
            f"{begriffe().pruefstelle_kurz} mit Begründung vor.",
            code="gesperrt",
        )
    stand = vorhanden.gemeldet_am if vorhanden is not None else None
    if gesehen_am is not NICHT_GEPRUEFT and gesehen_am != stand:
        raise ValidationError(
            f"Die Meldung für das {quartal}. Quartal {jahr} wurde inzwischen "
            f"geändert (zuletzt am {timezone.localtime(stand):%d.%m.%Y um %H:%M} Uhr); "
            "Ihre Zahlen wurden nicht gespeichert. Bitte prüfen Sie die aktuellen "
            "Zahlen und schicken Sie das Formular dann erneut ab.",
            code="inzwischen_geaendert",
        )
    _zahlen_pruefen(
        sozialraum=sozialraum,
        jahr=jahr,
        quartal=quartal,
        zahlen=zahlen,
        kategorien=kategorien,
        bisher=vorhanden,
    )
    meldung = vorhanden or Quartalsmeldung(
        sozialraum=sozialraum, jahr=jahr, quartal=quartal, version=1
    )
    for feld in FESTE_ZAHLEN:
        setattr(meldung, feld, zahlen[feld])
    meldung.gemeldet_von = durch
    meldung.gemeldet_am = timezone.now()
    meldung.formular_schluessel = formular_schluessel
    meldung.full_clean()
    try:
        with transaction.atomic():
            meldung.save()
    except IntegrityError:
        # Two first reports of the same quarter at the same moment.
        raise ValidationError(
            "Für dieses Quartal wurde gerade eine Meldung gespeichert. Bitte laden "
            "Sie die Seite neu.",
            code="gleichzeitig",
        ) from None
    if vorhanden is not None:
        meldung.kategoriezahlen.all().delete()
    _kategorien_schreiben(meldung, kategorien)
    return meldung


@transaction.atomic
def meldung_sperren(*, meldung, durch, gesehen_am=None):
    """FD 51 has checked the report: from now on only a correction changes it.
    `gesehen_am`: the report's gemeldet_am as FD 51 saw it (the page sends
    it); if the Leitung has changed the report since, nothing is locked."""
    _recht(durch, "kennzahlen.pruefen")
    meldung = Quartalsmeldung.objects.select_for_update().get(pk=meldung.pk)
    if not meldung.aktuell or meldung.ist_gesperrt:
        raise ValidationError(
            "Diese Meldung ist schon gesperrt.", code="schon_gesperrt"
        )
    if gesehen_am is not None and gesehen_am != meldung.gemeldet_am:
        raise ValidationError(
            f"Die {begriffe().leitung} hat die Meldung inzwischen geändert; nichts "
            "wurde gesperrt. Bitte prüfen Sie die neuen Zahlen.",
            code="inzwischen_geaendert",
        )
    meldung.status = Quartalsmeldung.Status.GESPERRT
    meldung.gesperrt_von = durch
    meldung.gesperrt_am = timezone.now()
    meldung.save(update_fields=["status", "gesperrt_von", "gesperrt_am"])
    return meldung


@transaction.atomic
def meldung_korrigieren(
    *, meldung, zahlen, kategorien=None, begruendung, durch, formular_schluessel=None
):
    """FD 51 corrects a locked report: a new, locked version with the reason;
    the old version stays as it was (history)."""
    kategorien = dict(kategorien or {})
    _recht(durch, "kennzahlen.pruefen")
    _doppelt_pruefen(formular_schluessel)
    alt = Quartalsmeldung.objects.select_for_update().get(pk=meldung.pk)
    if not alt.aktuell:
        raise ValidationError(
            "Diese Version ist nicht mehr die aktuelle; bitte die aktuelle "
            "korrigieren.",
            code="nicht_aktuell",
        )
    if not alt.ist_gesperrt:
        raise ValidationError(
            f"Die Meldung ist noch nicht gesperrt: Die {begriffe().leitung} kann sie "
            "selbst ändern, oder Sie sperren sie zuerst.",
            code="nicht_gesperrt",
        )
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise ValidationError(
            {
                "begruendung": ValidationError(
                    "Eine Korrektur braucht eine Begründung.", code="begruendung_fehlt"
                )
            }
        )
    _zahlen_pruefen(
        sozialraum=alt.sozialraum,
        jahr=alt.jahr,
        quartal=alt.quartal,
        zahlen=zahlen,
        kategorien=kategorien,
        bisher=alt,
    )
    bisher = {k.kategorie_id: k.anzahl for k in alt.kategoriezahlen.all()}
    if all(getattr(alt, f) == zahlen[f] for f in FESTE_ZAHLEN) and bisher == {
        k.pk: n for k, n in kategorien.items()
    }:
        raise ValidationError("Die Korrektur ändert keine Zahl.", code="unveraendert")
    jetzt = timezone.now()
    Quartalsmeldung.objects.filter(pk=alt.pk).update(aktuell=False)
    neu = Quartalsmeldung(
        sozialraum=alt.sozialraum,
        jahr=alt.jahr,
        quartal=alt.quartal,
        version=alt.version + 1,
        aktuell=True,
        status=Quartalsmeldung.Status.GESPERRT,
        begruendung=begruendung,
        gemeldet_von=durch,
        gemeldet_am=jetzt,
        gesperrt_von=durch,
        gesperrt_am=jetzt,
        formular_schluessel=formular_schluessel,
        **{f: zahlen[f] for f in FESTE_ZAHLEN},
    )
    neu.full_clean(validate_constraints=False)
    neu.save()
    _kategorien_schreiben(neu, kategorien)
    return neu


@transaction.atomic
def meldung_uebernehmen(
    *, sozialraum, jahr, quartal, zahlen, sperren, begruendung, durch
):
    """FD 51 takes a quarter's figures over from a file (the Kennzahlen import).

    Returns (current Quartalsmeldung, action): "neu" (version 1, reported by
    FD 51, locked if `sperren`), "geändert" (a report not yet locked gets the
    figures, and is locked if `sperren`), "korrigiert" (a locked report with
    other figures: a correction with `begruendung`, as meldung_korrigieren),
    "unverändert" (same figures, nothing to lock). A locked report with other
    figures and no reason is refused; the counts per Kategorie stay as they
    were (the file has none)."""
    _recht(durch, "kennzahlen.pruefen")
    _quartal_pruefen(jahr, quartal)
    vorhanden = _gesperrte_aktuelle(sozialraum, jahr, quartal)
    kategorien = (
        {
            k.kategorie: k.anzahl
            for k in vorhanden.kategoriezahlen.select_related("kategorie")
        }
        if vorhanden is not None
        else {}
    )
    gleich = vorhanden is not None and all(
        getattr(vorhanden, f) == zahlen.get(f) for f in FESTE_ZAHLEN
    )
    if vorhanden is not None and vorhanden.ist_gesperrt:
        if gleich:
            return vorhanden, "unverändert"
        if not (begruendung or "").strip():
            raise ValidationError(
                {
                    "begruendung": ValidationError(
                        f"Das {quartal}. Quartal {jahr} ist geprüft und gesperrt; "
                        "andere Zahlen sind eine Korrektur und brauchen eine "
                        "Begründung.",
                        code="gesperrt",
                    )
                }
            )
        neu = meldung_korrigieren(
            meldung=vorhanden,
            zahlen=zahlen,
            kategorien=kategorien,
            begruendung=begruendung,
            durch=durch,
        )
        return neu, "korrigiert"
    if gleich and not sperren:
        return vorhanden, "unverändert"
    if not gleich:
        _zahlen_pruefen(
            sozialraum=sozialraum,
            jahr=jahr,
            quartal=quartal,
            zahlen=zahlen,
            kategorien=kategorien,
        )
    aktion = "neu" if vorhanden is None else "geändert"
    meldung = vorhanden or Quartalsmeldung(
        sozialraum=sozialraum, jahr=jahr, quartal=quartal, version=1
    )
    jetzt = timezone.now()
    if not gleich:
        for feld in FESTE_ZAHLEN:
            setattr(meldung, feld, zahlen[feld])
        meldung.gemeldet_von = durch
        meldung.gemeldet_am = jetzt
    if sperren:
        meldung.status = Quartalsmeldung.Status.GESPERRT
        meldung.gesperrt_von = durch
        meldung.gesperrt_am = jetzt
    meldung.full_clean()
    meldung.save()
    return meldung, aktion


# --- Zielvereinbarungen ---------------------------------------------------------


def _entwurf(zielvereinbarung):
    zv = Zielvereinbarung.objects.select_for_update().get(pk=zielvereinbarung.pk)
    if not zv.ist_entwurf:
        raise ValidationError(
            "Diese Zielvereinbarung ist vereinbart und damit festgeschrieben; eine "
            "Änderung ist eine neue Version.",
            code="festgeschrieben",
        )
    return zv


@transaction.atomic
def zielvereinbarung_entwerfen(*, sozialraum, jahr, durch, anlass=""):
    """A new draft: version 1, or the next version of an agreed one (with its
    targets copied and a reason)."""
    _recht(durch, "kennzahlen.vereinbaren")
    bestehend = list(
        Zielvereinbarung.objects.select_for_update()
        .filter(sozialraum=sozialraum, jahr=jahr)
        .order_by("version")
    )
    if any(zv.ist_entwurf for zv in bestehend):
        raise ValidationError(
            f"Für {jahr} gibt es schon einen Entwurf; bitte diesen bearbeiten.",
            code="entwurf_vorhanden",
        )
    gueltig = next((zv for zv in bestehend if zv.ist_vereinbart), None)
    if gueltig is not None and gueltig.bewertet_am is not None:
        # A new version would replace the assessed one and be assessed again.
        raise ValidationError(
            f"Die Zielvereinbarung {jahr} ist schon bewertet (am "
            f"{gueltig.bewertet_am:%d.%m.%Y}); eine neue Version gibt es nicht mehr.",
            code="schon_bewertet",
        )
    anlass = (anlass or "").strip()
    if gueltig is not None and not anlass:
        raise ValidationError(
            {
                "anlass": ValidationError(
                    "Eine neue Version braucht einen Anlass.", code="anlass_fehlt"
                )
            }
        )
    zv = Zielvereinbarung(
        sozialraum=sozialraum,
        jahr=jahr,
        version=(bestehend[-1].version + 1) if bestehend else 1,
        anlass=anlass if bestehend else "",
        erstellt_von=durch,
        erstellt_am=timezone.now(),
    )
    zv.full_clean(validate_constraints=False)
    zv.save()
    if gueltig is not None:
        for alt in gueltig.vorgaben.prefetch_related("ziele", "themenfelder"):
            v = Zielvorgabe.objects.create(
                zielvereinbarung=zv,
                nummer=alt.nummer,
                art=alt.art,
                titel=alt.titel,
                beschreibung=alt.beschreibung,
                kennzahl=alt.kennzahl,
                kategorie=alt.kategorie,
                zielwert=alt.zielwert,
            )
            v.ziele.set(alt.ziele.all())
            v.themenfelder.set(alt.themenfelder.all())
    return zv


@transaction.atomic
def zielvorgabe_hinzufuegen(
    *,
    zielvereinbarung,
    art,
    titel,
    beschreibung="",
    kennzahl="",
    kategorie=None,
    zielwert=None,
    ziele=(),
    themenfelder=(),
    durch,
):
    _recht(durch, "kennzahlen.vereinbaren")
    zv = _entwurf(zielvereinbarung)
    fehler = {}
    if art == Zielvorgabe.Art.KENNZAHL:
        if bool(kennzahl) == bool(kategorie):
            fehler["kennzahl"] = ValidationError(
                "Bitte genau eine Kennzahl oder eine Kategorie wählen.",
                code="kennzahl_fehlt",
            )
        if zielwert is None:
            fehler["zielwert"] = ValidationError(
                "Eine Kennzahl braucht einen Zielwert.", code="zielwert_fehlt"
            )
        elif isinstance(zielwert, bool) or not isinstance(zielwert, int):
            fehler["zielwert"] = ValidationError(
                "Bitte eine ganze Zahl angeben.", code="keine_zahl"
            )
        elif not 1 <= zielwert <= 4 * hoechstwert():
            fehler["zielwert"] = ValidationError(
                f"Der Zielwert liegt zwischen 1 und {4 * hoechstwert()}.",
                code="unplausibel",
            )
    elif art == Zielvorgabe.Art.QUALITATIV:
        kennzahl, kategorie, zielwert = "", None, None
    else:
        fehler["art"] = ValidationError("Unbekannte Art.", code="art")
    fremde = [z for z in ziele if z.konzept.sozialraum_id != zv.sozialraum_id]
    if fremde:
        fehler["ziele"] = ValidationError(
            text("Die Ziele gehören zum {konzept} eines anderen {raum_genitiv}."),
            code="fremdes_ziel",
        )
    if fehler:
        raise ValidationError(fehler)
    nummer = (
        zv.vorgaben.order_by("-nummer").values_list("nummer", flat=True).first() or 0
    ) + 1
    vorgabe = Zielvorgabe(
        zielvereinbarung=zv,
        nummer=nummer,
        art=art,
        titel=(titel or "").strip(),
        beschreibung=beschreibung or "",
        kennzahl=kennzahl or "",
        kategorie=kategorie,
        zielwert=zielwert,
    )
    vorgabe.full_clean()
    vorgabe.save()
    vorgabe.ziele.set(ziele)
    vorgabe.themenfelder.set(themenfelder)
    return vorgabe


@transaction.atomic
def zielvorgabe_entfernen(*, vorgabe, durch):
    _recht(durch, "kennzahlen.vereinbaren")
    _entwurf(vorgabe.zielvereinbarung)
    vorgabe.delete()


@transaction.atomic
def zielvereinbarung_vereinbaren(*, zielvereinbarung, vereinbart_am, durch):
    """FD 51 and the Träger have agreed: the draft is frozen with the date and
    replaces the version agreed before."""
    _recht(durch, "kennzahlen.vereinbaren")
    zv = _entwurf(zielvereinbarung)
    if not isinstance(vereinbart_am, datetime.date):
        raise ValidationError(
            {
                "vereinbart_am": ValidationError(
                    "Bitte ein Datum wie 24.09.2013 angeben.", code="datum"
                )
            }
        )
    if vereinbart_am > timezone.localdate():
        raise ValidationError(
            {
                "vereinbart_am": ValidationError(
                    "Das Datum der Vereinbarung liegt in der Zukunft.",
                    code="datum_zukunft",
                )
            }
        )
    if vereinbart_am.year < zv.jahr - 1:
        raise ValidationError(
            {
                "vereinbart_am": ValidationError(
                    f"Eine Vereinbarung für {zv.jahr} wird frühestens im Vorjahr "
                    "geschlossen.",
                    code="datum_zu_frueh",
                )
            }
        )
    if not zv.vorgaben.exists():
        raise ValidationError(
            "Eine Zielvereinbarung braucht mindestens eine Zielvorgabe.",
            code="ohne_vorgaben",
        )
    buero = getattr(zv.sozialraum, "buero", None)
    if buero is None:
        raise ValidationError(
            text("Der {raum} hat kein {buero} (und damit keinen Träger)."),
            code="ohne_buero",
        )
    gueltig = Zielvereinbarung.objects.select_for_update().filter(
        sozialraum=zv.sozialraum,
        jahr=zv.jahr,
        status=Zielvereinbarung.Status.VEREINBART,
    )
    if gueltig.filter(bewertet_am__isnull=False).exists():
        # a draft made before the assessment must not replace the assessed one
        raise ValidationError(
            f"Die Zielvereinbarung {zv.jahr} ist schon bewertet; dieser Entwurf "
            "kann sie nicht mehr ablösen.",
            code="schon_bewertet",
        )
    gueltig.update(status=Zielvereinbarung.Status.ABGELOEST)
    zv.status = Zielvereinbarung.Status.VEREINBART
    zv.vereinbart_am = vereinbart_am
    zv.traeger = buero.traeger
    zv.save(update_fields=["status", "vereinbart_am", "traeger"])
    return zv


def bewertung_moeglich_ab(jahr):
    """The assessment is made at year end: from 1 December (design)."""
    return datetime.date(jahr, 12, 1)


@transaction.atomic
def zielvereinbarung_bewerten(*, zielvereinbarung, bewertungen, kommentar, durch):
    """The year-end assessment of the agreed version: every target ja/teilweise/
    nein (with an optional comment) and a comment on the whole.
    `bewertungen`: {vorgabe pk: (bewertung, kommentar)}."""
    _recht(durch, "kennzahlen.vereinbaren")
    zv = Zielvereinbarung.objects.select_for_update().get(pk=zielvereinbarung.pk)
    if not zv.ist_vereinbart:
        raise ValidationError(
            "Bewertet wird die geltende, vereinbarte Version.", code="nicht_vereinbart"
        )
    if zv.bewertet_am is not None:
        raise ValidationError(
            "Diese Zielvereinbarung ist schon bewertet (am "
            f"{zv.bewertet_am:%d.%m.%Y}).",
            code="schon_bewertet",
        )
    ab = bewertung_moeglich_ab(zv.jahr)
    if timezone.localdate() < ab:
        raise ValidationError(
            f"Die Jahresbewertung ist ab dem {ab:%d.%m.%Y} möglich.", code="zu_frueh"
        )
    kommentar = (kommentar or "").strip()
    fehler = {}
    if not kommentar:
        fehler["kommentar"] = ValidationError(
            "Bitte die Bewertung kurz begründen.", code="kommentar_fehlt"
        )
    vorgaben = list(zv.vorgaben.all())
    erlaubt = set(Zielvorgabe.Bewertung.values)
    for v in vorgaben:
        wert, _text = bewertungen.get(v.pk, ("", ""))
        if wert not in erlaubt:
            fehler[f"vorgabe_{v.pk}"] = ValidationError(
                "Bitte erreicht, teilweise oder nicht erreicht wählen.",
                code="bewertung_fehlt",
            )
    if fehler:
        raise ValidationError(fehler)
    for v in vorgaben:
        v.bewertung, v.bewertung_kommentar = bewertungen[v.pk]
        v.bewertung_kommentar = (v.bewertung_kommentar or "").strip()
        v.save(update_fields=["bewertung", "bewertung_kommentar"])
    zv.bewertung_kommentar = kommentar
    zv.bewertet_am = timezone.localdate()
    zv.bewertet_von = durch
    zv.save(update_fields=["bewertung_kommentar", "bewertet_am", "bewertet_von"])
    return zv


def themenfeld_kategorien_abgleichen(*, bericht):
    """Each Themenfeld has its Kategorie (name and order follow it). The
    Kategorie of a retired Themenfeld goes when no count uses it, else it is
    retired too (part of the Grunddaten load, austausch.grunddaten)."""
    for themenfeld in Themenfeld.objects.all():
        kategorie = Kategorie.objects.filter(themenfeld=themenfeld).first()
        if not themenfeld.aktiv:
            if kategorie is None:
                continue
            if not in_gebrauch(kategorie):
                kategorie.delete()
                bericht.entfernt.append(f"{Kategorie._meta.verbose_name} {kategorie}")
            elif kategorie.aktiv:
                kategorie.aktiv = False
                kategorie.save(update_fields=["aktiv"])
                bericht.geaendert.append(f"{kategorie} stillgelegt")
            continue
        werte = {"name": themenfeld.name, "reihenfolge": themenfeld.reihenfolge}
        if kategorie is None:
            werte["aktiv"] = True
        zeile_abgleichen(
            Kategorie,
            {"art": Kategorie.Art.THEMENFELD, "themenfeld": themenfeld},
            werte,
            bericht,
            f"Themenfeld „{themenfeld}“",
        )
