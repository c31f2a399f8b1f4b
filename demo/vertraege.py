"""Demo contracts: one Sozialraumvertrag per Sozialraum, about 1,7 Mio € a year.

Seed 002 (Vorlage 2017/208): "ca. 1,7 Mio. € jährlich in die Arbeit der
insgesamt zehn Sozialräume". The split over the Sozialräume uses the demo
weights of demo/budgets.py (so the contracts fit an allocation of the
gebundenes Budget by the demo key exactly); the split into Personalkosten,
Sachkosten and Beratungstätigkeit (78/12/10 %) is invented, marked (Demo).

Everything goes through the services; calling it twice changes nothing.
`manage.py demo` calls, for each demo year:

    from demo.vertraege import gebunden_zuweisen, vertraege_anlegen
    gebunden_zuweisen(jahr, durch=fd51)   # only if the demo has no allocation
    vertraege_anlegen(jahr, durch=fd51)
"""

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from budgets.models import Buchung, Buchungsart
from budgets.services import aufteilen
from budgets.vertraege import services
from budgets.vertraege.models import Sozialraumvertrag, Vertragsjahr
from budgets.vertraege.selectors import abschlaege, zahlen_des_jahres
from config.begriffe import begriffe
from demo.budgets import GEWICHTE, DemoZuweisung, zuweisung_buchen
from sozialraum.models import Sozialraum, Traeger

DEMO = "(Demo)"
GESAMT = Decimal("1700000.00")
ANTEILE = [
    ("personalkosten", Decimal(78)),
    ("sachkosten", Decimal(12)),
    ("beratung", Decimal(10)),
]
LAUFZEIT_JAHRE = 4
# Träger named in docs/fachkonzept.md §1 where there is no demo office yet.
TRAEGER = {
    "NEU": f"Internationaler Bund (IB) {DEMO}",
    "BAR": f"Samtgemeinde Bardowick {DEMO}",
}
# Spitzabrechnung of an ended year: most Träger used their money; two spent
# less (Rückforderung), one's last instalment was still open (Restzahlung).
WENIGER_KOSTEN = {"NEU": Decimal("3412.50"), "ILM": Decimal("1250.00")}
LETZTER_ABSCHLAG_OFFEN = {"AME"}


# The allocation of the demo is booked on 2 January; the contracts are bound
# the same day, and the first instalment is paid then.
def bindungsdatum(jahr):
    return datetime.date(jahr, 1, 2)


_NAMENSRAUM = uuid.UUID("7d3c1a52-51a0-4c63-9f0e-5a3f0d1e2b47")


def _schluessel(*teile):
    """A fixed form key per demo step: a second run finds the first."""
    return uuid.uuid5(_NAMENSRAUM, "/".join(str(t) for t in teile))


def jahresbetraege():
    """{Kürzel: {Teil: Betrag}}: 1.700.000,00 € by the demo weights, exact."""
    je_sozialraum = aufteilen(GESAMT, [(k, Decimal(g)) for k, g in GEWICHTE.items()])
    return {
        kuerzel: aufteilen(betrag, ANTEILE) for kuerzel, betrag in je_sozialraum.items()
    }


def gebunden_zuweisen(jahr, *, durch):
    """The gebundenes Budget of `jahr` by the demo key, unless it has money."""
    if Buchung.objects.filter(
        art=Buchungsart.ZUWEISUNG,
        budget__budgetart__code=services.BUDGETART,
        budget__haushaltsjahr=jahr,
    ).exists():
        return None
    return zuweisung_buchen(
        DemoZuweisung(
            datetime.date(jahr, 1, 2),
            services.BUDGETART,
            jahr,
            GESAMT,
            f"Gebundenes Budget {jahr} {DEMO}",
            "junge-menschen",
        ),
        durch=durch,
    )


def _traeger(sozialraum):
    buero = getattr(sozialraum, "buero", None)
    if buero is not None:
        return buero.traeger
    name = TRAEGER.get(
        sozialraum.kuerzel, f"{begriffe().raum}träger {sozialraum.name} {DEMO}"
    )
    return Traeger.objects.get_or_create(name=name)[0]


def _vertrag(sozialraum, jahr, durch):
    """The contract that runs in `jahr`, or a new one from 1 January for four
    years."""
    vorhanden = Sozialraumvertrag.objects.filter(
        sozialraum=sozialraum,
        beginn__lte=datetime.date(jahr, 12, 31),
        ende__gte=datetime.date(jahr, 1, 1),
    ).first()
    if vorhanden is not None:
        return vorhanden
    return services.vertrag_anlegen(
        sozialraum=sozialraum,
        traeger=_traeger(sozialraum),
        beginn=datetime.date(jahr, 1, 1),
        ende=datetime.date(jahr + LAUFZEIT_JAHRE - 1, 12, 31),
        bezeichnung=f"{begriffe().buero} {sozialraum.name} {DEMO}",
        durch=durch,
        formular_schluessel=_schluessel("vertrag", sozialraum.kuerzel, jahr),
    )


def vertraege_anlegen(jahr, *, durch, heute=None, betraege=None):
    """Contracts, the year's amounts (bound), the Abschläge due by `heute`
    (paid on their due date) and, for an ended year, the Spitzabrechnung.

    The gebundenes Budget of `jahr` needs its allocation first
    (gebunden_zuweisen or budgets.services.zuweisen). `betraege`
    ({Kürzel: {Teil: Betrag}}) defaults to the Landkreis' (jahresbetraege).
    Returns the years.
    """
    heute = heute or timezone.localdate()
    betraege = betraege or jahresbetraege()
    jahre = []
    for sozialraum in Sozialraum.objects.filter(kuerzel__in=betraege).order_by(
        "region__nummer", "name"
    ):
        vertrag = _vertrag(sozialraum, jahr, durch)
        vj = Vertragsjahr.objects.filter(vertrag=vertrag, haushaltsjahr=jahr).first()
        if vj is None:
            vj = services.jahr_festsetzen(
                vertrag=vertrag,
                haushaltsjahr=jahr,
                **betraege[sozialraum.kuerzel],
                buchungsdatum=bindungsdatum(jahr),
                durch=durch,
            )
        _abschlaege_zahlen(vj, heute, durch)
        if datetime.date(jahr, 12, 31) < heute:
            _abrechnen(vj, durch)
            vj.refresh_from_db()
        jahre.append(vj)
    return jahre


def _abschlaege_zahlen(vj, heute, durch):
    """Each Abschlag due by `heute`, in order (the service pays the next one)."""
    if vj.ist_abgerechnet:
        return
    faellige = [a for a in abschlaege(vj) if a.faellig_am <= heute]
    if vj.vertrag.sozialraum.kuerzel in LETZTER_ABSCHLAG_OFFEN and len(faellige) > 1:
        faellige = faellige[:-1]
    for a in faellige:
        services.zahlung_erfassen(
            vertragsjahr=vj,
            zahlungsdatum=max(a.faellig_am, bindungsdatum(vj.haushaltsjahr)),
            durch=durch,
            formular_schluessel=_schluessel("zahlung", vj.referenz, a.nummer),
        )


def _abrechnen(vj, durch):
    if vj.ist_abgerechnet:
        return
    ist = vj.jahresbetrag - WENIGER_KOSTEN.get(vj.vertrag.sozialraum.kuerzel, 0)
    ist = min(ist, zahlen_des_jahres(vj).gebunden)
    services.spitzabrechnen(
        vertragsjahr=vj,
        ist_kosten=ist,
        buchungsdatum=datetime.date(vj.haushaltsjahr + 1, 3, 31),
        durch=durch,
        formular_schluessel=_schluessel("spitzabrechnung", vj.referenz),
    )
