"""The four PDF documents: what goes into each, and its file name."""

from django.template.loader import render_to_string
from django.utils import timezone

from antraege.services import vetofrist_ende
from config.begriffe import begriffe
from kennzahlen.models import Kennzahl
from kennzahlen.selectors import FEST, jahresliste
from sozialraum.models import Sozialraum

from .diagramme import (
    BERATUNG,
    FAELLE,
    geld_diagramm,
    kennzahl_diagramm,
    ziel_diagramm,
)
from .pdf import html_zu_pdf
from .selectors import (
    antragsuebersicht,
    bewilligung_in_kraft,
    budgetbericht,
    jahresbericht,
    nachweis_faellig_am,
)


def _und(namen):
    namen = list(namen)
    if len(namen) <= 1:
        return "".join(namen)
    return f"{', '.join(namen[:-1])} und {namen[-1]}"


def _jahre_text(jahre):
    jahre = sorted(jahre)
    if len(jahre) > 2 and jahre == list(range(jahre[0], jahre[-1] + 1)):
        return f"{jahre[0]}–{jahre[-1]}"
    return _und(str(j) for j in jahre)


def _grundkontext(titel):
    return {
        "titel": titel,
        "begriffe": begriffe(),
        "erstellt": timezone.localtime(),
    }


def antragsuebersicht_html(auswahl, stand):
    uebersicht = antragsuebersicht(auswahl, stand)
    teile = [s.name for s in auswahl.sozialraeume] or [r.name for r in auswahl.regionen]
    return render_to_string(
        "berichte/antragsuebersicht.html",
        {
            **_grundkontext(uebersicht.titel),
            "u": uebersicht,
            "jahre_text": _jahre_text(uebersicht.jahre),
            "auswahl_text": _und(teile),
            "gesamt_name": f"Summe {_und(teile)}"
            if teile
            else f"Summe {begriffe().behoerde_kurz}",
            "ohne_bindung_text": _und(uebersicht.ohne_bindung),
        },
    )


def antragsuebersicht_pdf(auswahl, stand):
    return html_zu_pdf(antragsuebersicht_html(auswahl, stand))


def antragsuebersicht_dateiname(auswahl, stand):
    jahre = "-".join(str(j) for j in sorted(auswahl.jahre))
    return f"Antragsuebersicht_{jahre}_Stand_{stand:%Y-%m-%d}.pdf"


# --- Budgetbericht --------------------------------------------------------------


def budgetbericht_html(jahr, stichtag=None):
    bloecke, arten, gesamt = budgetbericht(jahr, stichtag)
    kennzahlen, kennzahl_regionen = kennzahlen_des_jahres(jahr)
    titel = f"Budgetbericht Haushaltsjahr {jahr}"
    if stichtag:
        titel += f" – Stand {stichtag:%d.%m.%Y}"
    for block in bloecke:
        block.diagramm = geld_diagramm(
            [(s.sozialraum.name, s.summe) for s in block.sozialraeume]
            + [(z.budget.budgetart.name, z.zahlen) for z in block.zeilen]
        )
    return render_to_string(
        "berichte/budgetbericht.html",
        {
            **_grundkontext(titel),
            "jahr": jahr,
            "stichtag": stichtag,
            "bloecke": bloecke,
            "arten": arten,
            "arten_diagramm": geld_diagramm([(a.name, z) for a, z in arten]),
            "regionen_diagramm": geld_diagramm(
                [(b.region.name, b.summe) for b in bloecke]
            ),
            "gesamt": gesamt,
            "kennzahlen": kennzahlen,
            "kennzahl_regionen": kennzahl_regionen,
        },
    )


# The Kennzahlen the Budgetbericht draws per Büro, with the charts' colours.
DIAGRAMM_KENNZAHLEN = [
    (Kennzahl.FAELLE_NEU, FAELLE),
    (Kennzahl.BERATUNGSTERMINE, BERATUNG),
]


def _ziele(block):
    """[(Büro name, Fortschritt)] of a Region's Kennzahl targets (qualitative
    goals have no share to draw: they stay in the table)."""
    return [
        (z.sozialraum.name, f)
        for z in block.zeilen
        for f in z.fortschritt
        if f.vorgabe.zielwert is not None
    ]


def kennzahlen_des_jahres(jahr):
    """The Kennzahlen of every Büro by Region with the Region and Landkreis
    sums, the progress of each agreed target, and per Region with reports a
    chart of each of DIAGRAMM_KENNZAHLEN, per Region with Kennzahl targets a
    chart of their shares of the target values.

    The Budgetbericht goes to the Jugendhilfeausschuss: never exact, counts
    below the limit are "< 5" as on every page outside FD 51 (the same
    selector, so the report hides what the pages hide)."""
    liste = jahresliste(
        jahr, sichtbar=Sozialraum.objects.all(), landkreis=True, mit_fortschritt=True
    )
    groesste = {
        k: max(
            (
                z.zahlen[FEST.index(k)].wert
                for b in liste.bloecke
                for z in b.zeilen
                if z.zahlen[FEST.index(k)].wert is not None
            ),
            default=0,
        )
        for k, _ in DIAGRAMM_KENNZAHLEN
    }
    ziele = {b.region.pk: _ziele(b) for b in liste.bloecke}
    groesster_anteil = max(
        (f.prozent for z in ziele.values() for _, f in z if f.prozent is not None),
        default=100,
    )
    regionen = [
        (
            block,
            [
                (
                    f"{k.label} {jahr} je {begriffe().buero}",
                    kennzahl_diagramm(
                        [
                            (z.sozialraum.name, z.zahlen[FEST.index(k)])
                            for z in block.zeilen
                        ],
                        groesste[k],
                        farbe,
                        f"{k.label}: Balken im Verhältnis zum größten Büro "
                        f"{begriffe().der_behoerde}",
                    ),
                )
                for k, farbe in DIAGRAMM_KENNZAHLEN
            ]
            # a Region none of whose Büros has reported gets no charts
            if any(z.zahlen[0].gemeldet for z in block.zeilen)
            else [],
            [
                (
                    f"Zielerreichung {jahr} je {begriffe().buero}",
                    ziel_diagramm(ziele[block.region.pk], groesster_anteil),
                )
            ]
            if ziele[block.region.pk]
            else [],
        )
        for block in liste.bloecke
    ]
    return liste, regionen


def budgetbericht_pdf(jahr, stichtag=None):
    return html_zu_pdf(budgetbericht_html(jahr, stichtag))


def budgetbericht_dateiname(jahr, stichtag=None):
    stand = f"_Stand_{stichtag:%Y-%m-%d}" if stichtag else ""
    return f"Budgetbericht_{jahr}{stand}.pdf"


# --- Jahresbericht Sozialraum ---------------------------------------------------


def jahresbericht_html(sozialraum, jahr, *, genau, alle_zahlen, stand=None):
    """The Jahresbericht Sozialraum of one Büro for the Sozialkonferenz.
    `genau`: exact small Kennzahlen (FD 51, the Büro's Leitung); `alle_zahlen`:
    money figures about few cases unsuppressed (FD 51). The caller decides
    both from the viewer's rights, as the pages do."""
    stand = stand or timezone.localdate()
    bericht = jahresbericht(
        sozialraum, jahr, genau=genau, alle_zahlen=alle_zahlen, stand=stand
    )
    return render_to_string(
        "berichte/jahresbericht.html",
        {
            **_grundkontext(
                f"Jahresbericht {begriffe().raum} {sozialraum.name} {jahr}"
            ),
            "r": bericht,
            "b": bericht.kennzahlen,
            "jahr": jahr,
            "geld_diagramm": geld_diagramm(
                [(z.budget.budgetart.name, z.zahlen) for z in bericht.geld.zeilen]
            )
            if bericht.geld
            else None,
        },
    )


def jahresbericht_pdf(sozialraum, jahr, **kwargs):
    return html_zu_pdf(jahresbericht_html(sozialraum, jahr, **kwargs))


def jahresbericht_dateiname(sozialraum, jahr):
    return f"Jahresbericht_{begriffe().raum}_{sozialraum.kuerzel}_{jahr}.pdf"


# --- Bewilligungsschreiben ------------------------------------------------------


def bewilligungsschreiben_html(antrag, *, heute=None):
    """The approval letter; the application must have an approval in force."""
    heute = heute or timezone.localdate()
    beschluss = bewilligung_in_kraft(antrag)
    ende_veto = vetofrist_ende(antrag)
    return render_to_string(
        "berichte/bewilligungsschreiben.html",
        {
            **_grundkontext(f"Bewilligung {antrag.nummer}"),
            "heute": heute,
            "antrag": antrag,
            "beschluss": beschluss,
            "sitzung": beschluss.sitzung,
            "gremium": beschluss.sitzung.gremium,
            "anteile": list(antrag.anteile.select_related("sozialraum", "region")),
            "vetofrist_ende": ende_veto,
            "veto_moeglich": heute <= ende_veto,
            "nachweis_faellig": nachweis_faellig_am(antrag),
        },
    )


def bewilligungsschreiben_pdf(antrag, *, heute=None):
    return html_zu_pdf(bewilligungsschreiben_html(antrag, heute=heute))


def bewilligungsschreiben_dateiname(antrag):
    return f"Bewilligung_{antrag.nummer}.pdf"
