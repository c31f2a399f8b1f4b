"""Reads across several models for the start pages."""

from dataclasses import dataclass

from django.db.models import Prefetch

from regionen.models import Region

from .models import Sozialraum, Sozialraumkonzept
from .permissions import sichtbare_sozialraeume


@dataclass
class KonzeptStand:
    """What the overview says about a Sozialraum's concept."""

    beschlossen: Sozialraumkonzept | None
    entwurf: Sozialraumkonzept | None

    @property
    def text(self):
        if self.beschlossen:
            datum = self.beschlossen.beschlossen_am.strftime("%d.%m.%Y")
            text = f"beschlossen (Version {self.beschlossen.version} vom {datum})"
            if self.entwurf:
                text += f", Entwurf Version {self.entwurf.version} in Arbeit"
            return text
        if self.entwurf:
            return f"Entwurf (Version {self.entwurf.version})"
        return "kein Konzept"


def konzept_stand(sozialraum):
    """Uses the prefetched `konzepte` (ordered by descending version)."""
    konzepte = list(sozialraum.konzepte.all())
    beschlossen = next((k for k in konzepte if k.ist_beschlossen), None)
    entwurf = next(
        (
            k
            for k in konzepte
            if not k.ist_beschlossen
            and (beschlossen is None or k.version > beschlossen.version)
        ),
        None,
    )
    return KonzeptStand(beschlossen=beschlossen, entwurf=entwurf)


def _mit_details(qs):
    return qs.select_related("region", "buero__traeger").prefetch_related(
        Prefetch(
            "konzepte",
            queryset=Sozialraumkonzept.objects.order_by("-version").prefetch_related(
                "ziele"
            ),
        )
    )


def regionen_uebersicht(user, region=None):
    """[(Region, [Sozialraum with .konzept_stand])] as far as the user may see."""
    qs = _mit_details(sichtbare_sozialraeume(user))
    if region is not None:
        qs = qs.filter(region=region)
    nach_region = {}
    for sozialraum in qs.order_by("region__nummer", "name"):
        sozialraum.konzept_stand = konzept_stand(sozialraum)
        nach_region.setdefault(sozialraum.region_id, []).append(sozialraum)
    regionen = Region.objects.filter(pk__in=nach_region).order_by("nummer")
    return [(r, nach_region[r.pk]) for r in regionen]


def sozialraum_mit_details(kuerzel):
    return _mit_details(Sozialraum.objects.all()).get(kuerzel=kuerzel)
