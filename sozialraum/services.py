"""Every change to organisation data (Grunddaten, Sozialraumkonzepte) goes through
these functions.

Views, admin actions and management commands call them; none of them changes
state another way. They never see a request.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.begriffe import aus_daten as begriffe_aus_daten
from config.begriffe import begriffe
from regionen.models import Region

from .models import Gremium, Sozialraum, Sozialraumkonzept, Ziel

logger = logging.getLogger(__name__)

# --- Grunddaten (Regionen, Sozialräume, Gremien) from a data file ---------------


@dataclass
class GrunddatenBericht:
    angelegt: list[str] = field(default_factory=list)
    geaendert: list[str] = field(default_factory=list)
    unveraendert: int = 0
    entfernt: list[str] = field(default_factory=list)  # Budgetarten, Themenfelder …

    @property
    def hat_aenderungen(self):
        return bool(self.angelegt or self.geaendert or self.entfernt)


def _feld(eintrag, schluessel, wo, typ=str):
    wert = eintrag.get(schluessel) if isinstance(eintrag, dict) else None
    if wert is None or (typ is str and not str(wert).strip()):
        raise ValidationError(f"{wo}: Angabe „{schluessel}“ fehlt.", code="fehlt")
    if typ is int and (isinstance(wert, bool) or not isinstance(wert, int)):
        raise ValidationError(
            f"{wo}: „{schluessel}“ muss eine ganze Zahl sein, nicht „{wert}“.",
            code="typ",
        )
    if typ is str and not isinstance(wert, str):
        raise ValidationError(f"{wo}: „{schluessel}“ muss Text sein.", code="typ")
    return wert.strip() if typ is str else wert


def _abgleichen(model, suche, werte, bericht, wo):
    """Create or update one row; count what happened; validate before saving."""
    obj = model.objects.filter(**suche).first()
    if obj is None:
        obj = model(**suche, **werte)
        aktion = bericht.angelegt
    else:
        geaendert = {k for k, v in werte.items() if getattr(obj, k) != v}
        if not geaendert:
            bericht.unveraendert += 1
            return obj
        for k in geaendert:
            setattr(obj, k, werte[k])
        aktion = bericht.geaendert
    try:
        obj.full_clean()
    except ValidationError as exc:
        texte = "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v)
            for k, v in exc.message_dict.items()
        )
        raise ValidationError(f"{wo}: {texte}", code="ungueltig") from exc
    obj.save()
    aktion.append(f"{model._meta.verbose_name} {obj}")
    return obj


# For the other apps' parts of the Grunddaten (budgets, antraege, kennzahlen):
# the same reading of an entry and the same create-or-update with its report.
feld_lesen = _feld
zeile_abgleichen = _abgleichen


def in_gebrauch(obj):
    """The names of the models whose rows point to `obj` (foreign keys,
    one-to-one and many-to-many, also those that would silently lose the link
    on delete): a row of the Grunddaten in use may not be dropped."""
    namen = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and rel.is_relation and not rel.concrete):
            continue
        model = rel.related_model
        if model._meta.auto_created:  # the hidden table of a many-to-many
            continue
        if model is type(obj) and rel.field.remote_field.model is model:
            suche = model._base_manager.filter(**{rel.field.name: obj}).exclude(
                pk=obj.pk
            )
        else:
            suche = model._base_manager.filter(**{rel.field.name: obj})
        if suche.exists():
            namen.append(str(model._meta.verbose_name_plural))
    return sorted(set(namen))


@transaction.atomic
def grunddaten_laden(*, daten):
    """Load the authority's Regionen, Sozialräume and their Gremien from a
    parsed Grunddaten file.

    The file names its authority and its words (sozialraum.begriffe); they
    must be this installation's (settings.GRUNDDATEN): one installation serves
    one authority. Its spaces come grouped (`regionen`, each with its
    `sozialraeume`) or, for an authority without that level, as one list
    `sozialraeume`: they then share one group that no page shows, named after
    the authority, and no Regionales Gremium.

    Idempotent: a second run with the same data changes nothing. All or nothing:
    one invalid entry and no row is written. Sozialräume missing from the file
    are kept (they may hold budgets and applications).
    """
    bericht = GrunddatenBericht()
    if not isinstance(daten, dict):
        raise ValidationError(
            "Die Datei muss ein JSON-Objekt enthalten.", code="format"
        )
    wort = begriffe_aus_daten(daten)
    installation = begriffe()
    if wort.behoerde != installation.behoerde:
        raise ValidationError(
            f"Die Datei gehört zu „{wort.behoerde}“, diese Installation dient "
            f"„{installation.behoerde}“ (Einstellung GRUNDDATEN). Eine Installation "
            "dient einer Behörde; für eine zweite eine eigene Datenbank und einen "
            "eigenen Dienst einrichten (Betriebshandbuch).",
            code="behoerde",
        )
    gruppen = _gruppen_der_datei(daten, wort)
    ausschuss = _feld(daten, "ausschuss", "Datei")
    kuerzel_gesehen = set()
    nummern_gesehen = set()
    for r_index, (r_eintrag, sozialraeume) in enumerate(gruppen, start=1):
        wo = f"{wort.gruppe} Nr. {r_index} der Datei" if wort.mit_gruppen else "Datei"
        nummer = _feld(r_eintrag, "nummer", wo, int)
        if nummer in nummern_gesehen:
            raise ValidationError(f"{wo}: Nummer {nummer} doppelt.", code="doppelt")
        nummern_gesehen.add(nummer)
        region = _abgleichen(
            Region,
            {"nummer": nummer},
            {"name": _feld(r_eintrag, "name", wo)},
            bericht,
            wo,
        )
        if wort.mit_gruppen:
            _abgleichen(
                Gremium,
                {"art": Gremium.Art.REGIONALES_GREMIUM, "region": region},
                {"name": f"{wort.gruppen_gremium} {region.name}"},
                bericht,
                wo,
            )
        if not isinstance(sozialraeume, list) or not sozialraeume:
            raise ValidationError(f"{wo}: Liste „sozialraeume“ fehlt.", code="fehlt")
        for s_index, s_eintrag in enumerate(sozialraeume, start=1):
            s_wo = f"{wo}, {wort.raum} Nr. {s_index}"
            kuerzel = _feld(s_eintrag, "kuerzel", s_wo)
            if kuerzel in kuerzel_gesehen:
                raise ValidationError(
                    f"{s_wo}: Kürzel {kuerzel} doppelt.", code="doppelt"
                )
            kuerzel_gesehen.add(kuerzel)
            art = _feld(s_eintrag, "art", s_wo)
            if art not in Sozialraum.Art.values:
                erlaubt = ", ".join(Sozialraum.Art.values)
                raise ValidationError(
                    f"{s_wo}: Art „{art}“ unbekannt (erlaubt: {erlaubt}).",
                    code="art",
                )
            sozialraum = _abgleichen(
                Sozialraum,
                {"kuerzel": kuerzel},
                {"name": _feld(s_eintrag, "name", s_wo), "art": art, "region": region},
                bericht,
                s_wo,
            )
            _abgleichen(
                Gremium,
                {"art": Gremium.Art.SOZIALKONFERENZ, "sozialraum": sozialraum},
                {"name": f"{wort.konferenz} {sozialraum.voller_name}"},
                bericht,
                s_wo,
            )
    _abgleichen(
        Gremium,
        {"art": Gremium.Art.JUGENDHILFEAUSSCHUSS},
        {"name": ausschuss},
        bericht,
        wort.ausschuss,
    )
    return bericht


def kuerzel_der_datei(daten):
    """The Kürzel of the spaces a parsed Grunddaten file lists, read as
    grunddaten_laden reads them (grouped or as one list)."""
    gruppen = _gruppen_der_datei(daten, begriffe_aus_daten(daten))
    return {
        s.get("kuerzel")
        for _, raeume in gruppen
        for s in raeume or []
        if isinstance(s, dict)
    }


def _gruppen_der_datei(daten, wort):
    """(group entry, its list of spaces) pairs: the file's `regionen`, or one
    group of the authority holding the file's `sozialraeume`."""
    if wort.mit_gruppen:
        if "sozialraeume" in daten or not isinstance(daten.get("regionen"), list):
            raise ValidationError(
                f"Die Datei muss eine Liste „regionen“ enthalten (die {wort.gruppen}, "
                "jede mit ihren „sozialraeume“).",
                code="format",
            )
        return [
            (r, r.get("sozialraeume") if isinstance(r, dict) else None)
            for r in daten["regionen"]
        ]
    if "regionen" in daten or not isinstance(daten.get("sozialraeume"), list):
        raise ValidationError(
            f"Die Datei muss eine Liste „sozialraeume“ enthalten (die {wort.raeume}); "
            "„regionen“ nur mit den Begriffen einer Gruppenebene.",
            code="format",
        )
    return [({"nummer": 1, "name": wort.behoerde}, daten["sozialraeume"])]


# --- Sozialraumkonzept: versions ------------------------------------------------


@transaction.atomic
def konzept_neue_version(*, sozialraum):
    """Start the next version as Entwurf, copying texts and Ziele of the latest.

    One draft at a time: a second one would compete with the first.
    """
    Sozialraum.objects.select_for_update().get(pk=sozialraum.pk)
    letzte = sozialraum.konzepte.order_by("-version").first()
    if letzte is not None and not letzte.ist_beschlossen:
        raise ValidationError(
            f"Für {sozialraum} gibt es schon einen Entwurf (Version {letzte.version}).",
            code="entwurf_vorhanden",
        )
    neu = Sozialraumkonzept(
        sozialraum=sozialraum,
        version=(letzte.version + 1) if letzte else 1,
        status=Sozialraumkonzept.Status.ENTWURF,
        zielgruppen=letzte.zielgruppen if letzte else "",
        problemlagen=letzte.problemlagen if letzte else "",
    )
    neu.full_clean()
    neu.save()
    if letzte is not None:
        Ziel.objects.bulk_create(
            Ziel(
                konzept=neu, nummer=z.nummer, titel=z.titel, beschreibung=z.beschreibung
            )
            for z in letzte.ziele.all()
        )
    return neu


@transaction.atomic
def konzept_beschliessen(*, konzept, beschlossen_am):
    """Freeze a draft as beschlossen on the date of the decision."""
    konzept = Sozialraumkonzept.objects.select_for_update().get(pk=konzept.pk)
    if konzept.ist_beschlossen:
        raise ValidationError(
            f"{konzept} ist bereits beschlossen.", code="bereits_beschlossen"
        )
    if beschlossen_am is None:
        raise ValidationError(
            "Bitte das Datum des Beschlusses angeben.", code="datum_fehlt"
        )
    if beschlossen_am > timezone.localdate():
        raise ValidationError(
            "Das Datum des Beschlusses liegt in der Zukunft.", code="datum_zukunft"
        )
    neuere = konzept.sozialraum.konzepte.filter(version__gt=konzept.version)
    if neuere.exists():
        raise ValidationError(
            f"{konzept} ist nicht die neueste Version.", code="nicht_neueste"
        )
    vorige = (
        konzept.sozialraum.konzepte.beschlossen()
        .filter(version__lt=konzept.version)
        .order_by("-version")
        .first()
    )
    if vorige and beschlossen_am < vorige.beschlossen_am:
        raise ValidationError(
            f"Das Datum liegt vor dem Beschluss der Version {vorige.version} "
            f"({vorige.beschlossen_am:%d.%m.%Y}).",
            code="datum_vor_vorgaenger",
        )
    if not konzept.ziele.exists():
        raise ValidationError(
            f"{konzept} hat noch keine Ziele; Anträge müssen sich auf Ziele beziehen.",
            code="keine_ziele",
        )
    konzept.status = Sozialraumkonzept.Status.BESCHLOSSEN
    konzept.beschlossen_am = beschlossen_am
    konzept.full_clean()
    konzept.save(update_fields=["status", "beschlossen_am"])
    return konzept


@transaction.atomic
def konzept_entwurf_setzen(*, konzept, zielgruppen, problemlagen, ziele):
    """Set the texts and the Ziele of a draft: `ziele` is [(nummer, titel,
    beschreibung)]. A Ziel of the draft that is not in the list is removed,
    unless an application names it. A beschlossen version is frozen."""
    konzept = Sozialraumkonzept.objects.select_for_update().get(pk=konzept.pk)
    if konzept.ist_beschlossen:
        raise ValidationError(
            f"{konzept} ist beschlossen und lässt sich nicht mehr ändern; eine "
            "Änderung ist eine neue Version.",
            code="bereits_beschlossen",
        )
    nummern = [nummer for nummer, _titel, _text in ziele]
    doppelt = sorted({n for n in nummern if nummern.count(n) > 1})
    if doppelt:
        kennungen = [Ziel(konzept=konzept, nummer=n).kennung for n in doppelt]
        if len(kennungen) == 1:
            text = f"Das Ziel {kennungen[0]} steht doppelt."
        else:
            text = (
                f"Die Ziele {', '.join(kennungen[:-1])} und {kennungen[-1]} "
                "stehen doppelt."
            )
        raise ValidationError({"ziele": ValidationError(text, code="ziel_doppelt")})
    konzept.zielgruppen, konzept.problemlagen = zielgruppen, problemlagen
    konzept.full_clean()
    konzept.save(update_fields=["zielgruppen", "problemlagen"])
    vorhanden = {z.nummer: z for z in konzept.ziele.all()}
    weg = [z for n, z in vorhanden.items() if n not in nummern]
    benutzt = [z for z in weg if z.antraege.exists()]
    if benutzt:
        raise ValidationError(
            {
                "ziele": ValidationError(
                    f"Das Ziel {benutzt[0].kennung} nennen Anträge; es kann "
                    "nicht entfallen.",
                    code="ziel_benutzt",
                )
            }
        )
    for ziel in weg:
        ziel.delete()
    for nummer, titel, beschreibung in ziele:
        ziel = vorhanden.get(nummer) or Ziel(konzept=konzept, nummer=nummer)
        if ziel.pk and (ziel.titel, ziel.beschreibung) == (titel, beschreibung):
            continue
        ziel.titel, ziel.beschreibung = titel, beschreibung
        ziel.full_clean()
        ziel.save()
    return konzept
