"""`manage.py demo` across the apps: applications in every state over several
years, the Sitzungen that decided them, and a ledger that agrees with them."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from antraege.models import MIT_BINDUNG, Anteil, Antrag, Sitzung, Status, Statuswechsel
from antraege.services import sitzung_braucht_ausnahme, vetofrist_ende
from budgets.models import Buchung, Buchungsart, Budget, Jahresabschluss
from budgets.selectors import zahlen_von
from konten.models import User
from sozialraum.models import Gremium

pytestmark = pytest.mark.django_db

NULL = Decimal("0.00")


def _gebunden_laut_antraegen(jahr, code):
    """What the applications say is bound: approved and still running, plus
    what was accepted for the closed ones (vetoed/withdrawn: nothing)."""
    antraege = Antrag.objects.filter(haushaltsjahr=jahr, budgetart__code=code)
    laufend = antraege.filter(status__in=MIT_BINDUNG).aggregate(s=Sum("bewilligt"))
    anerkannt = Statuswechsel.objects.filter(
        antrag__in=antraege, aktion="abschliessen"
    ).aggregate(s=Sum("betrag"))
    return (laufend["s"] or NULL) + (anerkannt["s"] or NULL)


def _lebendiges_system(heute):
    jahr = heute.year

    # Every state, all of them in the running year.
    assert set(Antrag.objects.values_list("status", flat=True)) == set(Status.values)
    laufend = set(Antrag.objects.im_jahr(jahr).values_list("status", flat=True))
    assert laufend == set(Status.values)
    for alt in (2012, 2013):
        assert Antrag.objects.im_jahr(alt).filter(status=Status.ABGESCHLOSSEN).exists()
    assert all(
        "(Demo)" in a for a in Antrag.objects.values_list("antragsteller", flat=True)
    )
    # No step of any application lies in the future.
    assert not Statuswechsel.objects.filter(wirksam_am__gt=heute).exists()

    # Two budget sessions per Sozialkonferenz and year, the Landkreis present;
    # one third session with FD 51's recorded permission.
    konferenzen = Gremium.objects.filter(art=Gremium.Art.SOZIALKONFERENZ)
    for gremium in konferenzen:
        for j in (2012, 2013, jahr):
            anzahl = gremium.sitzungen.filter(datum__year=j).count()
            assert anzahl == (
                3 if (gremium.sozialraum.kuerzel, j) == ("SCH", 2013) else 2
            )
    assert not Sitzung.objects.filter(landkreis_vertreten=False).exists()
    (ausnahme,) = Sitzung.objects.exclude(ausnahme_von=None)
    assert ausnahme.ausnahme_begruendung and ausnahme.beschluesse.exists()
    assert sitzung_braucht_ausnahme(ausnahme)
    # An upcoming Sitzung with applications on its agenda.
    beratung = Antrag.objects.filter(status=Status.ZUR_BERATUNG)
    assert beratung.filter(tagesordnungspunkte__sitzung__datum__gte=heute).exists()

    # Regionalbudget 1: decided by the Regionales Gremium of Region 2.
    regional = Antrag.objects.get(budgetart__code="regional1")
    assert regional.region.nummer == 2 and regional.status == Status.BEWILLIGT
    assert regional.beschluesse.get().sitzung.gremium.art == "regionales_gremium"

    # Approved within the veto period, a veto with its reason, a Rückforderung,
    # a withdrawal after approval that released money.
    assert any(
        vetofrist_ende(a) >= heute
        for a in Antrag.objects.im_jahr(jahr).filter(status=Status.BEWILLIGT)
    )
    for veto in Statuswechsel.objects.filter(aktion="veto"):
        assert veto.kommentar and veto.wirksam_am <= vetofrist_ende(veto.antrag)
    assert Buchung.objects.filter(art=Buchungsart.RUECKFORDERUNG).exists()
    assert Statuswechsel.objects.filter(
        aktion="zurueckziehen", von=Status.BEWILLIGT, betrag__gt=0
    ).exists()

    # Seed 003: 100.031,00 € approved by 24.09.2013; Ilmenau and Bardowick
    # bound nothing of their Projektmittel (their Sozialraumverträge bind the
    # gebundene Budget, which is not decided on applications).
    bewilligt = Antrag.objects.filter(
        beschluesse__ergebnis="bewilligt",
        beschluesse__sitzung__datum__lte=datetime.date(2013, 9, 24),
    ).aggregate(s=Sum("beschluesse__betrag"))["s"]
    assert bewilligt == Decimal("100031.00")
    for kuerzel in ("ILM", "BAR"):
        assert not Buchung.objects.filter(
            budget__sozialraum__kuerzel=kuerzel,
            budget__budgetart__code="projektmittel",
            art=Buchungsart.BINDUNG,
        ).exists()


def _buchungen_stimmen_mit_den_antraegen(jahr):
    budgets = Budget.objects.filter(budgetart__code__in=["projektmittel", "regional1"])
    # Every commitment belongs to an application's share, and the other way round.
    for budget in budgets:
        bindungen = Buchung.objects.filter(budget=budget, art=Buchungsart.BINDUNG)
        anteile = Anteil.objects.filter(bindung__budget=budget)
        assert (bindungen.aggregate(s=Sum("betrag"))["s"] or NULL) == (
            anteile.aggregate(s=Sum("bewilligt"))["s"] or NULL
        )
    for j, code in [
        (2012, "projektmittel"),
        (2013, "projektmittel"),
        (jahr, "projektmittel"),
        (jahr, "regional1"),
    ]:
        gebunden = sum(
            (
                zahlen_von(b).gebunden
                for b in budgets.filter(haushaltsjahr=j, budgetart__code=code)
            ),
            NULL,
        )
        assert gebunden == _gebunden_laut_antraegen(j, code), (j, code)
        assert gebunden > 0

    # 2012 was closed after its decisions: the carry-over is what was not
    # bound on 31.12.2012, and 2013 received exactly that.
    assert list(Jahresabschluss.objects.values_list("haushaltsjahr", flat=True)) == [
        2012
    ]
    for budget in budgets.filter(haushaltsjahr=2012):
        z = zahlen_von(budget)
        bis_jahresende = Buchung.objects.filter(
            budget=budget, buchungsdatum__lte=datetime.date(2012, 12, 31)
        )

        def summe(art, qs=bis_jahresende):
            return qs.filter(art=art).aggregate(s=Sum("betrag"))["s"] or NULL

        offen = (
            summe(Buchungsart.ZUWEISUNG)
            - summe(Buchungsart.BINDUNG)
            + summe(Buchungsart.AUFLOESUNG)
        )
        assert z.uebertrag_aus == offen
        assert z.verfuegbar == 0
        folgejahr = Budget.objects.get(
            budgetart=budget.budgetart, haushaltsjahr=2013, sozialraum=budget.sozialraum
        )
        assert zahlen_von(folgejahr).uebertrag_ein == z.uebertrag_aus
    summe_2012 = sum(
        (zahlen_von(b).uebertrag_aus for b in budgets.filter(haushaltsjahr=2012)), NULL
    )
    assert NULL < summe_2012 < Decimal("100000.00")


def test_demo_ist_lebendig_stimmig_und_wiederholbar(
    grunddaten, django_capture_on_commit_callbacks
):
    ausgabe = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=ausgabe)
    assert "Demo-Anträge angelegt" in ausgabe.getvalue()
    assert mail.outbox == []  # hundreds of steps, no mail about them
    _lebendiges_system(timezone.localdate())
    _buchungen_stimmen_mit_den_antraegen(timezone.localdate().year)

    modelle = [Antrag, Statuswechsel, Buchung, Sitzung, Budget, User]
    vorher = [m.objects.count() for m in modelle]
    ausgabe = io.StringIO()
    call_command("demo", stdout=ausgabe)
    assert [m.objects.count() for m in modelle] == vorher
    assert "Demo-Anträge sind schon angelegt." in ausgabe.getvalue()


def test_demo_budgets_allein_und_danach_demo(grunddaten, capsys):
    call_command("demo_budgets")
    call_command("demo")
    assert "nur in einer Datenbank ohne Budgets" in capsys.readouterr().out
    assert not Antrag.objects.exists()
    assert User.objects.filter(email="fd51@demo.invalid").exists()
    assert zahlen_von(
        Budget.objects.get(haushaltsjahr=2012, sozialraum__kuerzel="ADE")
    ).uebertrag_aus == Decimal("10000.00")


@pytest.mark.parametrize("tag", [(1, 1), (1, 3), (12, 31)])
def test_demo_an_jahresgrenzen(grunddaten, tag):
    """Early January squeezes the running year into a few days, late December
    leaves no room for the coming Sitzung: everything still holds."""
    heute = datetime.date(timezone.localdate().year, *tag)
    with mock.patch("django.utils.timezone.localdate", return_value=heute):
        call_command("demo", stdout=io.StringIO())
        _lebendiges_system(heute)
        _buchungen_stimmen_mit_den_antraegen(heute.year)
