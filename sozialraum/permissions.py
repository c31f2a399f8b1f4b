"""The named permissions of the Sozialräume' pages and their Stammdaten.

The predicates (roles and their scopes) live in konten.permissions; this
module combines them. A permission that is registered nowhere is denied.
"""

import rules

from konten.permissions import (
    betreut_region_des_sozialraums,
    betreute_region_ids,
    geleitete_sozialraum_ids,
    hat_irgendeine_rolle,
    ist_administrator,
    ist_fd51,
    leitet_sozialraum,
    pflegt_stammdaten,
    sieht_landkreis,
)

from .models import Sozialraum


@rules.predicate
def konzept_ist_entwurf(user, konzept):
    return konzept is None or not konzept.ist_beschlossen


rules.add_perm("sozialraum.view_start", hat_irgendeine_rolle)
rules.add_perm("sozialraum.view_uebersicht", sieht_landkreis)
rules.add_perm(
    "sozialraum.view_sozialraum_seite",
    sieht_landkreis | leitet_sozialraum | betreut_region_des_sozialraums,
)
# Contact details are personal data: not for the Jugendhilfeausschuss.
rules.add_perm(
    "sozialraum.view_kontaktdaten",
    ist_fd51 | ist_administrator | leitet_sozialraum | betreut_region_des_sozialraums,
)

# The Django admin: Stammdaten for FD 51 and administrators.
for _model in ("sozialraum", "traeger", "sozialraumbuero", "gremium"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"sozialraum.{_action}_{_model}", pflegt_stammdaten)
rules.add_perm("sozialraum.delete_traeger", pflegt_stammdaten)
rules.add_perm("sozialraum.delete_sozialraumbuero", pflegt_stammdaten)
# A beschlossen Konzept (and its Ziele) is frozen: applications reference it.
rules.add_perm("sozialraum.view_sozialraumkonzept", pflegt_stammdaten)
rules.add_perm("sozialraum.add_sozialraumkonzept", pflegt_stammdaten)
rules.add_perm(
    "sozialraum.change_sozialraumkonzept", pflegt_stammdaten & konzept_ist_entwurf
)
rules.add_perm(
    "sozialraum.delete_sozialraumkonzept", pflegt_stammdaten & konzept_ist_entwurf
)


def sichtbare_sozialraeume(user):
    """The Sozialräume whose pages the user may open."""
    qs = Sozialraum.objects.select_related("region")
    if sieht_landkreis(user):
        return qs
    return qs.filter(pk__in=geleitete_sozialraum_ids(user)) | qs.filter(
        region_id__in=betreute_region_ids(user)
    )
