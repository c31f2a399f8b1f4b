"""Who may see, report, lock and correct Kennzahlen and Zielvereinbarungen.

- The Sozialraumleitung reports her Büro's quarters and sees its figures and
  targets exactly (she reported them).
- FD 51 checks and locks, corrects with a reason, agrees and assesses the
  Zielvereinbarungen, and sees every figure exactly.
- The Geschäftsstelle of a Regionales Gremium sees its Region's Büros, the
  Jugendhilfeausschuss and administrators see all Büros: counts below
  KENNZAHLEN_MINDESTZAHL as "< 5", no names, no contacts.
Anything else: denied.
"""

import rules

from konten.permissions import (
    betreut_region_des_sozialraums,
    betreute_region_ids,
    geleitete_sozialraum_ids,
    hat_irgendeine_rolle,
    ist_fd51,
    leitet_sozialraum,
    pflegt_stammdaten,
    sieht_landkreis,
)
from sozialraum.models import Sozialraum

rules.add_perm("kennzahlen.view_liste", hat_irgendeine_rolle)
rules.add_perm(
    "kennzahlen.view_buero",
    sieht_landkreis | leitet_sozialraum | betreut_region_des_sozialraums,
)
rules.add_perm("kennzahlen.melden", leitet_sozialraum)
rules.add_perm("kennzahlen.pruefen", ist_fd51)
rules.add_perm("kennzahlen.vereinbaren", ist_fd51)
# Exact small counts: FD 51, and the Leitung for her own Büro's figures.
rules.add_perm("kennzahlen.view_genau", ist_fd51 | leitet_sozialraum)

# The admin: the list of Kategorien is data FD 51 keeps; reports and
# agreements are shown read-only (they change through the services only).
for _action in ("view", "add", "change"):
    rules.add_perm(f"kennzahlen.{_action}_kategorie", pflegt_stammdaten)
# The reports hold the exact counts (and who reported): FD 51 only, as on
# the pages; administrators see them there with "< 5" like the JHA.
rules.add_perm("kennzahlen.view_quartalsmeldung", ist_fd51)
rules.add_perm("kennzahlen.view_zielvereinbarung", pflegt_stammdaten)


def sichtbare_sozialraeume(user):
    """The Sozialräume whose Kennzahlen the user may see."""
    qs = Sozialraum.objects.select_related("region", "buero")
    if sieht_landkreis(user):
        return qs
    return qs.filter(pk__in=geleitete_sozialraum_ids(user)) | qs.filter(
        region_id__in=betreute_region_ids(user)
    )
