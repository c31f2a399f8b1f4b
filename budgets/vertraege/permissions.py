"""Who may see and change Sozialraumverträge.

- FD 51 sees every contract and is the only one who changes them.
- Administrators see everything read-only (as on the other budget pages).
- A Sozialraumleitung sees her own Sozialraum's contracts and payments.
- A Regionales Gremium's Geschäftsstelle sees the contracts of its Region's
  Sozialräume (the Region coordinates their work, as for the budgets).
- The Jugendhilfeausschuss sees the list of a year with its sums and the plan
  (contracts are decided politically and are no personal data), but not the
  single contract with its record of who booked what.
Anything else: denied.
"""

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

from .models import Sozialraumvertrag


@rules.predicate
def vertrag_im_eigenen_bereich(user, vertrag):
    if vertrag is None:
        return False
    sozialraum = vertrag.sozialraum
    return sozialraum.pk in geleitete_sozialraum_ids(user) or (
        sozialraum.region_id in betreute_region_ids(user)
    )


sieht_alle_vertraege = ist_fd51 | ist_administrator | ist_jha

rules.add_perm("vertraege.view_liste", hat_irgendeine_rolle)
rules.add_perm(
    "vertraege.view_vertrag",
    ist_fd51 | ist_administrator | vertrag_im_eigenen_bereich,
)
rules.add_perm("vertraege.verwalten", ist_fd51)

# The admin: read-only, for FD 51 and administrators (changes go through the
# services, so that no change passes the ledger).
for _model in ("sozialraumvertrag", "vertragsjahr", "vorgang"):
    rules.add_perm(f"vertraege.view_{_model}", pflegt_stammdaten)


def sichtbare_vertraege(user):
    """The contracts the user may see in the list (and, except the JHA, open)."""
    qs = Sozialraumvertrag.objects.all()
    if sieht_alle_vertraege(user):
        return qs
    return qs.filter(sozialraum_id__in=geleitete_sozialraum_ids(user)) | qs.filter(
        sozialraum__region_id__in=betreute_region_ids(user)
    )
