"""Accounts: the people who sign in, their roles with their scopes, and the
security log. Scopes point at Sozialräume and Regionen by name ("app.Model"),
so that konten imports none of the apps it serves.

The tables keep the names they had when these models lived in `sozialraum`
(migration konten 0001 moved them without touching the database).
"""

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from config.begriffe import begriff, begriffe


def _klein(name):
    return getattr(begriffe(), name).lower()


# a field's verbose name in the authority's word, lower case as Django's own
klein = lazy(_klein, str)

# --- Users and roles ------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("Eine E-Mail-Adresse ist erforderlich.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with email and password. Rights come from roles."""

    email = models.EmailField(_("e-mail-adresse"), unique=True)
    first_name = models.CharField(_("vorname"), max_length=150, blank=True)
    last_name = models.CharField(_("nachname"), max_length=150, blank=True)
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Deaktivierte Benutzer können sich nicht mehr anmelden."),
    )
    date_joined = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")
        ordering = ["last_name", "first_name", "email"]
        db_table = "sozialraum_user"

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff(self):
        # Django's admin templates read is_staff; the admin itself asks the
        # permission konten.use_admin (config/admin.py).
        return self.has_perm("konten.use_admin")


class Rolle(models.TextChoices):
    # The labels are the authority's words (Grunddaten file); the values stay.
    # Without a group level the Geschäftsstelle's label is empty and the role
    # is not offered (konten.forms, konten.services._rollen_pruefen).
    FACHDIENST_51 = "fd51", begriff("pruefstelle")
    SOZIALRAUMLEITUNG = "leitung", begriff("leitung")
    GESCHAEFTSSTELLE_RG = "geschaeftsstelle_rg", begriff("geschaeftsstelle")
    JUGENDHILFEAUSSCHUSS = "jha", begriff("ausschuss")
    ADMINISTRATOR = "admin", _("Administrator")


class Rollenzuweisung(models.Model):
    """One role of one user, with its scope (a Sozialraum or a Region) if any."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("benutzer"),
        on_delete=models.CASCADE,
        related_name="rollen",
    )
    rolle = models.CharField(_("rolle"), max_length=30, choices=Rolle.choices)
    sozialraum = models.ForeignKey(
        "sozialraum.Sozialraum",
        verbose_name=klein("raum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rollenzuweisungen",
    )
    region = models.ForeignKey(
        "regionen.Region",
        verbose_name=klein("gruppe"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rollenzuweisungen",
    )
    erteilt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erteilt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erteilt_am = models.DateTimeField(_("erteilt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Rollenzuweisung")
        verbose_name_plural = _("Rollenzuweisungen")
        ordering = ["user", "rolle"]
        db_table = "sozialraum_rollenzuweisung"
        constraints = [
            # Leitung is scoped to a Sozialraum, the Geschäftsstelle to a Region,
            # every other role to nothing.
            models.CheckConstraint(
                condition=(
                    Q(rolle="leitung", sozialraum__isnull=False, region__isnull=True)
                    | Q(
                        rolle="geschaeftsstelle_rg",
                        sozialraum__isnull=True,
                        region__isnull=False,
                    )
                    | Q(
                        rolle__in=["fd51", "jha", "admin"],
                        sozialraum__isnull=True,
                        region__isnull=True,
                    )
                ),
                name="rolle_geltungsbereich_passt",
            ),
            models.UniqueConstraint(
                fields=["user", "rolle", "sozialraum"],
                condition=Q(sozialraum__isnull=False),
                name="rolle_je_sozialraum_einmal",
            ),
            models.UniqueConstraint(
                fields=["user", "rolle"],
                condition=Q(sozialraum__isnull=True),
                name="rolle_ohne_sozialraum_einmal",
            ),
        ]

    def __str__(self):
        bereich = self.sozialraum or self.region
        label = self.get_rolle_display()
        return f"{label} ({bereich})" if bereich else str(label)


def bereichsmodell(feld):
    """The model a role's scope points at ("sozialraum", "region"), found
    through the relation: konten names no app it serves."""
    return Rollenzuweisung._meta.get_field(feld).related_model


# --- Security log ---------------------------------------------------------------


class AppendOnlyError(Exception):
    """A row of an append-only table was to be changed or deleted (the security
    log here, the Hilfen logs, the ledger in budgets)."""


class NurAnfuegenQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Protokolleinträge können nicht geändert werden.")

    def delete(self):
        raise AppendOnlyError("Protokolleinträge können nicht gelöscht werden.")


class NurAnfuegen(models.Model):
    """Log rows: written once, never changed or deleted (on PostgreSQL a
    trigger per table refuses raw UPDATE and DELETE as well)."""

    objects = NurAnfuegenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Protokolleinträge können nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Protokolleinträge können nicht gelöscht werden.")


class Protokolleintrag(NurAnfuegen):
    """One security-relevant event: a login, a failed login, a logout, a refused
    access, a role given or taken, an account locked or unlocked (issue 7).

    Append-only: `save()` on an existing entry and `delete()` raise, and so do
    the queryset's; on PostgreSQL a trigger refuses UPDATE and DELETE
    (migration 0002). Written by services.protokoll_schreiben only.
    """

    class Ereignis(models.TextChoices):
        ANMELDUNG = "anmeldung", _("Anmeldung")
        ANMELDUNG_FEHLGESCHLAGEN = (
            "anmeldung_fehlgeschlagen",
            _("Anmeldung fehlgeschlagen"),
        )
        ABMELDUNG = "abmeldung", _("Abmeldung")
        ZUGRIFF_VERWEIGERT = "zugriff_verweigert", _("Zugriff verweigert")
        ROLLE_VERGEBEN = "rolle_vergeben", _("Rolle vergeben")
        ROLLE_ENTZOGEN = "rolle_entzogen", _("Rolle entzogen")
        KONTO_GESPERRT = "konto_gesperrt", _("Konto gesperrt")
        KONTO_FREIGESCHALTET = "konto_freigeschaltet", _("Konto freigeschaltet")

    # Aware and stored in UTC (USE_TZ); the admin shows it in UTC as well.
    zeitpunkt = models.DateTimeField(
        _("zeitpunkt"), default=timezone.now, db_index=True
    )
    ereignis = models.CharField(_("ereignis"), max_length=30, choices=Ereignis.choices)
    # PROTECT, not SET_NULL: the log never changes, so a referenced account
    # cannot be deleted either (accounts are locked, never deleted).
    benutzer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("benutzer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Das Konto, um das es geht (leer: unbekannte Anmeldekennung)."),
    )
    kennung = models.CharField(
        _("kennung"),
        max_length=254,
        blank=True,
        help_text=_(
            "E-Mail-Adresse des Kontos, bei fehlgeschlagener Anmeldung wie eingegeben."
        ),
    )
    ausgefuehrt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ausgeführt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Wer eine Rolle oder ein Konto geändert hat (leer: Kommandozeile)."
        ),
    )
    beschreibung = models.CharField(_("beschreibung"), max_length=500, blank=True)
    adresse = models.GenericIPAddressField(_("ip-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Sicherheitsprotokoll")
        ordering = ["-zeitpunkt", "-pk"]
        db_table = "sozialraum_protokolleintrag"

    def __str__(self):
        return f"{self.get_ereignis_display()} {self.kennung}".strip()
