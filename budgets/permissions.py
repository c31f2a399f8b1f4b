"""Who may see and book which money (predicates shared with sozialraum's)."""

import rules

from konten.permissions import (
    betreute_region_ids,
    geleitete_sozialraum_ids,
    hat_irgendeine_rolle,
    ist_administrator,
    ist_fd51,
    ist_jha,
    pflegt_stammdaten,
)

from .models import Budget


@rules.predicate
def budget_im_eigenen_bereich(user, budget):
    if budget is None:
        return False
    if budget.budgetart.fallbezogen:
        # case-bound money (Regionalbudget 2): single bookings only for FD 51
        # (docs/fachkonzept.md §5); everyone else sees sums
        return False
    if budget.sozialraum_id is not None:
        return budget.sozialraum_id in geleitete_sozialraum_ids(user) or (
            budget.sozialraum.region_id in betreute_region_ids(user)
        )
    return budget.region_id in betreute_region_ids(user)


sieht_alle_budgets = ist_fd51 | ist_administrator | ist_jha

rules.add_perm("budgets.view_uebersicht", hat_irgendeine_rolle)
# Single bookings (who, text, reference) are not for the Jugendhilfeausschuss:
# it sees sums only.
rules.add_perm(
    "budgets.view_journal", ist_fd51 | ist_administrator | budget_im_eigenen_bereich
)
rules.add_perm("budgets.view_alle_buchungen", ist_fd51 | ist_administrator)
rules.add_perm("budgets.buchen", ist_fd51)
rules.add_perm("budgets.view_plan", ist_fd51 | ist_administrator | ist_jha)

# The admin: configuration for FD 51 and administrators; the ledger read-only.
for _model in ("budgetart", "verteilungsschluessel", "planrate"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"budgets.{_action}_{_model}", pflegt_stammdaten)
rules.add_perm("budgets.delete_planrate", pflegt_stammdaten)
for _model in (
    "budget",
    "buchung",
    "verteilung",
    "jahresabschluss",
    "schluesselanteil",
):
    rules.add_perm(f"budgets.view_{_model}", pflegt_stammdaten)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"budgets.{_action}_schluesselanteil", pflegt_stammdaten)


def journal_budgets(user, jahr):
    """The year's budgets whose single bookings the user may see; None = all.

    A person who is both Leitung and Ausschuss sees all sums, but only the
    bookings of her own Sozialraum; case-bound ones only FD 51.
    """
    if user.has_perm("budgets.view_alle_buchungen"):
        return None
    return [
        b
        for b in sichtbare_budgets(user).im_jahr(jahr).mit_inhaber()
        if user.has_perm("budgets.view_journal", b)
    ]


def sichtbare_budgets(user):
    qs = Budget.objects.all()
    if sieht_alle_budgets(user):
        return qs
    regionen = betreute_region_ids(user)
    return (
        qs.filter(sozialraum_id__in=geleitete_sozialraum_ids(user))
        | qs.filter(sozialraum__region_id__in=regionen)
        | qs.filter(region_id__in=regionen)
    )
