"""Who may do what: roles, their scopes and the predicates every app asks.

Roles are rows (Rollenzuweisung) with a scope; the rules below are predicates
(django-rules) registered as named permissions, so that views
(`user.has_perm`), templates (`{% has_perm %}`) and the admin
(`ObjectPermissionsModelAdmin`) ask the same question. A permission that is not
registered (here or in an app's own permissions module) is denied.
The apps' modules combine these predicates into their named permissions.
"""

import rules
from django.core.exceptions import PermissionDenied

from konten.models import Rolle


def rollen_von(user):
    """The user's role assignments, read once per user object (i.e. per request)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_rollen_cache", None)
    if cached is None:
        cached = tuple(user.rollen.all())
        user._rollen_cache = cached
    return cached


def vergessen(user):
    """Drop the cached roles (after a role change within the same request)."""
    if hasattr(user, "_rollen_cache"):
        del user._rollen_cache


def _hat_rolle(user, rolle):
    return any(z.rolle == rolle for z in rollen_von(user))


def geleitete_sozialraum_ids(user):
    return {
        z.sozialraum_id for z in rollen_von(user) if z.rolle == Rolle.SOZIALRAUMLEITUNG
    }


def betreute_region_ids(user):
    return {
        z.region_id for z in rollen_von(user) if z.rolle == Rolle.GESCHAEFTSSTELLE_RG
    }


# --- Predicates -----------------------------------------------------------------


@rules.predicate
def ist_fd51(user):
    return _hat_rolle(user, Rolle.FACHDIENST_51)


@rules.predicate
def ist_administrator(user):
    return (user.is_active and user.is_superuser) or _hat_rolle(
        user, Rolle.ADMINISTRATOR
    )


@rules.predicate
def ist_jha(user):
    return _hat_rolle(user, Rolle.JUGENDHILFEAUSSCHUSS)


@rules.predicate
def leitet_sozialraum(user, sozialraum):
    return sozialraum is not None and sozialraum.pk in geleitete_sozialraum_ids(user)


@rules.predicate
def betreut_region_des_sozialraums(user, sozialraum):
    return sozialraum is not None and sozialraum.region_id in betreute_region_ids(user)


@rules.predicate
def betreut_region(user, region):
    return region is not None and region.pk in betreute_region_ids(user)


@rules.predicate
def hat_irgendeine_rolle(user):
    return bool(rollen_von(user)) or ist_administrator(user)


def hat_administratorrolle(benutzer):
    """Administrator by role or superuser flag, active or not (a locked admin
    is still an admin: FD 51 must not be able to unlock one)."""
    if benutzer.is_superuser:
        return True
    return benutzer.rollen.filter(rolle=Rolle.ADMINISTRATOR).exists()


@rules.predicate
def ziel_des_benutzers_ist_kein_administrator(user, ziel):
    """FD 51 manages users but may not touch administrators (no escalation)."""
    return ziel is None or not hat_administratorrolle(ziel)


# Everyone with a right to the whole district.
sieht_landkreis = ist_fd51 | ist_administrator | ist_jha
# Who may change Stammdaten (organisation data) in the admin.
pflegt_stammdaten = ist_fd51 | ist_administrator


# --- Named permissions of accounts ---------------------------------------------

# User management in the browser.
rules.add_perm("konten.manage_users", ist_fd51 | ist_administrator)
rules.add_perm(
    "konten.change_benutzer",
    ist_administrator | (ist_fd51 & ziel_des_benutzers_ist_kein_administrator),
)
rules.add_perm("konten.grant_administrator", ist_administrator)
# The Django admin: Stammdaten for FD 51 and administrators.
rules.add_perm("konten.use_admin", pflegt_stammdaten)
# Users and roles are shown read-only in the admin; changes go through the
# user-management pages (one way to change state).
rules.add_perm("konten.view_user", pflegt_stammdaten)
rules.add_perm("konten.view_rollenzuweisung", pflegt_stammdaten)
# The security log (logins, refusals, role changes): administrators only,
# read-only for them too (append-only).
rules.add_perm("konten.view_protokolleintrag", ist_administrator)
# A lost authenticator app: an administrator removes it, the user sets a new one.
rules.add_perm("mfa.view_authenticator", ist_administrator)
rules.add_perm("mfa.delete_authenticator", ist_administrator)


def erfordern(user, perm, obj=None):
    """For views: 403 unless the user has the permission (on the object)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
