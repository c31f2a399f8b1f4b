"""The named permissions of the Regionen (their page, their admin)."""

import rules

from konten.permissions import betreut_region, pflegt_stammdaten, sieht_landkreis

rules.add_perm("regionen.view_region_seite", sieht_landkreis | betreut_region)
for _action in ("view", "add", "change"):
    rules.add_perm(f"regionen.{_action}_region", pflegt_stammdaten)
