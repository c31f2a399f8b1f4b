"""Who may see and do what with applications and Sitzungen.

The workflow table says which of two parties may take a step (the committee's
office or FD 51); `ist_buero` decides who the office of an application is.
"""

import rules
from django.db.models import Q

from konten.permissions import (
    betreute_region_ids,
    geleitete_sozialraum_ids,
    ist_administrator,
    ist_fd51,
    ist_jha,
)
from sozialraum.models import Gremium

from .models import Anteil, Antrag, Sitzung


@rules.predicate
def ist_buero(user, antrag):
    """The office of the committee that decides the application: the
    Sozialraumleitung (Sozialkonferenz) or the Geschäftsstelle (Regionales
    Gremium)."""
    if antrag is None:
        return False
    if antrag.sozialraum_id is not None:
        return antrag.sozialraum_id in geleitete_sozialraum_ids(user)
    return antrag.region_id in betreute_region_ids(user)


@rules.predicate
def ist_beteiligt(user, antrag):
    """Office, lead of a Sozialraum with a share, or the Region's Geschäftsstelle."""
    if antrag is None:
        return False
    if ist_buero(user, antrag):
        return True
    geleitet = geleitete_sozialraum_ids(user)
    regionen = betreute_region_ids(user)
    if any(
        a.sozialraum_id in geleitet or a.region_id in regionen
        for a in antrag.anteile.all()
    ):
        return True
    return antrag.sozialraum_id is not None and (
        antrag.sozialraum.region_id in regionen
    )


@rules.predicate
def ist_bearbeitbar(user, antrag):
    return antrag is not None and antrag.ist_bearbeitbar


@rules.predicate
def hat_buero(user):
    return bool(geleitete_sozialraum_ids(user) or betreute_region_ids(user))


@rules.predicate
def ist_buero_des_gremiums(user, gremium):
    if gremium is None:
        return False
    if isinstance(gremium, Sitzung):
        gremium = gremium.gremium
    if gremium.art == Gremium.Art.SOZIALKONFERENZ:
        return gremium.sozialraum_id in geleitete_sozialraum_ids(user)
    if gremium.art == Gremium.Art.REGIONALES_GREMIUM:
        return gremium.region_id in betreute_region_ids(user)
    return False


@rules.predicate
def sieht_gremium(user, sitzung):
    if sitzung is None:
        return False
    gremium = sitzung.gremium
    if ist_buero_des_gremiums(user, gremium):
        return True
    regionen = betreute_region_ids(user)
    return gremium.sozialraum_id is not None and (
        gremium.sozialraum.region_id in regionen
    )


sieht_alles = ist_fd51 | ist_administrator | ist_jha

rules.add_perm("antraege.view_liste", sieht_alles | hat_buero)
rules.add_perm("antraege.view_antrag", sieht_alles | ist_beteiligt)
# Contact persons are personal data: the office and FD 51 need them.
rules.add_perm("antraege.view_kontakt", ist_fd51 | ist_administrator | ist_buero)
rules.add_perm("antraege.add_antrag", hat_buero)
rules.add_perm("antraege.change_antrag", ist_buero & ist_bearbeitbar)


@rules.predicate
def nimmt_anlagen_an(user, antrag):
    """Before submission; after the approval, for the Verwendungsnachweis."""
    return antrag is not None and bool(antrag.anlagearten())


@rules.predicate
def anlage_entfernbar(user, anlage):
    return (
        anlage is not None
        and ist_buero(user, anlage.antrag)
        and anlage.art in anlage.antrag.anlagearten()
    )


rules.add_perm("antraege.add_anlage", ist_buero & nimmt_anlagen_an)
rules.add_perm("antraege.delete_anlage", anlage_entfernbar)
rules.add_perm("antraege.view_arbeitsliste", ist_fd51)
rules.add_perm("antraege.view_sitzung", sieht_alles | sieht_gremium)
rules.add_perm("antraege.add_sitzung", hat_buero)
rules.add_perm("antraege.change_sitzung", ist_buero_des_gremiums)
rules.add_perm("antraege.ausnahme_erteilen", ist_fd51)
# Reports carry no personal or case data (public attachments of the JHA's
# Vorlagen); import and export of whole years is FD 51's work.
rules.add_perm("antraege.view_berichte", sieht_alles | hat_buero)
rules.add_perm("antraege.austausch", ist_fd51)

# The admin: applications are shown read-only (changes only through the
# workflow); antraege.view_antrag and view_sitzung above serve it too.
for _model in (
    "statuswechsel",
    "beschluss",
    "anteil",
    "drittmittel",
    "anlage",
    "tagesordnungspunkt",
):
    rules.add_perm(f"antraege.view_{_model}", ist_fd51 | ist_administrator)
for _action in ("view", "add", "change"):
    rules.add_perm(f"antraege.{_action}_themenfeld", ist_fd51 | ist_administrator)


def darf_uebergang(user, uebergang, antrag):
    """May the user take this step of the workflow table on this application?"""
    from .workflow import BUERO, FD51

    if FD51 in uebergang.wer and ist_fd51(user):
        return True
    return BUERO in uebergang.wer and ist_buero(user, antrag)


def sichtbare_antraege(user):
    qs = Antrag.objects.all()
    if sieht_alles(user):
        return qs
    geleitet = geleitete_sozialraum_ids(user)
    regionen = betreute_region_ids(user)
    partner = Anteil.objects.filter(
        Q(sozialraum_id__in=geleitet) | Q(region_id__in=regionen)
    ).values("antrag_id")
    return qs.filter(
        Q(sozialraum_id__in=geleitet)
        | Q(pk__in=partner)
        | Q(region_id__in=regionen)
        | Q(sozialraum__region_id__in=regionen)
    )


def sichtbare_sitzungen(user):
    qs = Sitzung.objects.all()
    if sieht_alles(user):
        return qs
    regionen = betreute_region_ids(user)
    return (
        qs.filter(gremium__sozialraum_id__in=geleitete_sozialraum_ids(user))
        | qs.filter(gremium__region_id__in=regionen)
        | qs.filter(gremium__sozialraum__region_id__in=regionen)
    )


def eigene_gremien(user):
    """The committees whose office the user is (for new Sitzungen)."""
    return Gremium.objects.filter(
        art=Gremium.Art.SOZIALKONFERENZ,
        sozialraum_id__in=geleitete_sozialraum_ids(user),
    ) | Gremium.objects.filter(
        art=Gremium.Art.REGIONALES_GREMIUM,
        region_id__in=betreute_region_ids(user),
    )
