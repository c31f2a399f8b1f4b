from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regionen.models import Region

kuerzel_validator = RegexValidator(
    r"^[A-Z]{2,5}$",
    _("Das Kürzel besteht aus 2 bis 5 Großbuchstaben (z. B. ADE)."),
    code="kuerzel",
)


# --- Organisation ---------------------------------------------------------------


class Sozialraum(models.Model):
    """One per Einheits-/Samtgemeinde (or Stadt); the unit that holds budgets."""

    class Art(models.TextChoices):
        GEMEINDE = "gemeinde", _("Gemeinde")
        SAMTGEMEINDE = "samtgemeinde", _("Samtgemeinde")
        STADT = "stadt", _("Stadt")

    name = models.CharField(_("name"), max_length=100)
    art = models.CharField(_("art"), max_length=20, choices=Art.choices)
    kuerzel = models.CharField(
        _("kürzel"),
        max_length=5,
        unique=True,
        validators=[kuerzel_validator],
        help_text=_("Kurzzeichen, z. B. in Antragsnummern (2013-ADE-007)."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="sozialraeume",
    )

    class Meta:
        verbose_name = _("Sozialraum")
        verbose_name_plural = _("Sozialräume")
        ordering = ["region__nummer", "name"]
        constraints = [
            models.UniqueConstraint(fields=["art", "name"], name="sozialraum_art_name"),
        ]

    def __str__(self):
        return self.voller_name

    def get_absolute_url(self):
        return reverse("sozialraum:detail", kwargs={"kuerzel": self.kuerzel})

    @property
    def voller_name(self):
        return f"{self.get_art_display()} {self.name}"


class Traeger(models.Model):
    """An organisation: runs a Sozialraumbüro, applies for money, receives it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    anschrift = models.TextField(_("anschrift"), blank=True)
    webseite = models.URLField(_("webseite"), blank=True)

    class Meta:
        verbose_name = _("Träger")
        verbose_name_plural = _("Träger")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Sozialraumbuero(models.Model):
    """The office of a Sozialraum, run by a Träger under a Sozialraumvertrag."""

    sozialraum = models.OneToOneField(
        Sozialraum,
        verbose_name=_("sozialraum"),
        on_delete=models.CASCADE,
        related_name="buero",
    )
    traeger = models.ForeignKey(
        Traeger,
        verbose_name=_("träger"),
        on_delete=models.PROTECT,
        related_name="sozialraumbueros",
    )
    strasse = models.CharField(_("straße und hausnummer"), max_length=200, blank=True)
    plz = models.CharField(
        _("postleitzahl"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Fünfstellige Postleitzahl."))],
    )
    ort = models.CharField(_("ort"), max_length=100, blank=True)
    # Contact details are personal data: only shown to roles that may see them.
    ansprechperson = models.CharField(_("ansprechperson"), max_length=200, blank=True)
    telefon = models.CharField(_("telefon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("Sozialraumbüro")
        verbose_name_plural = _("Sozialraumbüros")
        ordering = ["sozialraum__region__nummer", "sozialraum__name"]

    def __str__(self):
        return f"Sozialraumbüro {self.sozialraum.name}"


class Gremium(models.Model):
    """A deciding body: Sozialkonferenz, Regionales Gremium or the JHA."""

    class Art(models.TextChoices):
        SOZIALKONFERENZ = "sozialkonferenz", _("Sozialkonferenz")
        REGIONALES_GREMIUM = "regionales_gremium", _("Regionales Gremium")
        JUGENDHILFEAUSSCHUSS = "jugendhilfeausschuss", _("Jugendhilfeausschuss")

    art = models.CharField(_("art"), max_length=30, choices=Art.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    sozialraum = models.OneToOneField(
        Sozialraum,
        verbose_name=_("sozialraum"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sozialkonferenz",
    )
    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="regionales_gremium",
    )

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["art", "name"]
        constraints = [
            # A Sozialkonferenz belongs to a Sozialraum, a Regionales Gremium to a
            # Region, the Jugendhilfeausschuss to neither.
            models.CheckConstraint(
                condition=(
                    Q(
                        art="sozialkonferenz",
                        sozialraum__isnull=False,
                        region__isnull=True,
                    )
                    | Q(
                        art="regionales_gremium",
                        sozialraum__isnull=True,
                        region__isnull=False,
                    )
                    | Q(
                        art="jugendhilfeausschuss",
                        sozialraum__isnull=True,
                        region__isnull=True,
                    )
                ),
                name="gremium_zuordnung_passt_zur_art",
            ),
            models.UniqueConstraint(
                fields=["art"],
                condition=Q(art="jugendhilfeausschuss"),
                name="gremium_ein_jugendhilfeausschuss",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        erwartet = {
            self.Art.SOZIALKONFERENZ: (True, False),
            self.Art.REGIONALES_GREMIUM: (False, True),
            self.Art.JUGENDHILFEAUSSCHUSS: (False, False),
        }.get(self.art)
        if erwartet is None:
            return
        if (self.sozialraum_id is not None, self.region_id is not None) != erwartet:
            raise ValidationError(
                _(
                    "Eine Sozialkonferenz gehört zu einem Sozialraum, ein Regionales "
                    "Gremium zu einer Region, der Jugendhilfeausschuss zu keinem von "
                    "beiden."
                ),
                code="zuordnung",
            )


class SozialraumkonzeptQuerySet(models.QuerySet):
    def beschlossen(self):
        return self.filter(status=Sozialraumkonzept.Status.BESCHLOSSEN)


class Sozialraumkonzept(models.Model):
    """A Sozialraum's concept, versioned; applications must fit its Ziele.

    A beschlossen version is frozen (applications reference its Ziele); a change
    is a new version that starts as Entwurf.
    """

    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        BESCHLOSSEN = "beschlossen", _("beschlossen")

    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=_("sozialraum"),
        on_delete=models.PROTECT,
        related_name="konzepte",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENTWURF
    )
    beschlossen_am = models.DateField(_("beschlossen am"), null=True, blank=True)
    zielgruppen = models.TextField(_("zielgruppen"), blank=True)
    problemlagen = models.TextField(_("problemlagen"), blank=True)

    objects = SozialraumkonzeptQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sozialraumkonzept")
        verbose_name_plural = _("Sozialraumkonzepte")
        ordering = ["sozialraum__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["sozialraum", "version"], name="konzept_version_eindeutig"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="konzept_version_ab_1"
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf") | Q(beschlossen_am__isnull=False),
                name="konzept_beschlossen_hat_datum",
            ),
        ]

    def __str__(self):
        return f"Sozialraumkonzept {self.sozialraum.name}, Version {self.version}"

    def clean(self):
        if self.status == self.Status.BESCHLOSSEN and not self.beschlossen_am:
            raise ValidationError(
                {"beschlossen_am": _("Ein beschlossenes Konzept braucht ein Datum.")},
                code="datum_fehlt",
            )

    @property
    def ist_beschlossen(self):
        return self.status == self.Status.BESCHLOSSEN


class Ziel(models.Model):
    """One goal of a Sozialraumkonzept; applications reference it by its key."""

    konzept = models.ForeignKey(
        Sozialraumkonzept,
        verbose_name=_("sozialraumkonzept"),
        on_delete=models.PROTECT,
        related_name="ziele",
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    titel = models.CharField(_("titel"), max_length=200)
    beschreibung = models.TextField(_("beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["konzept", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["konzept", "nummer"], name="ziel_nummer_eindeutig"
            ),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="ziel_nummer_ab_1"),
        ]

    def __str__(self):
        return f"{self.kennung} {self.titel}"

    def get_absolute_url(self):
        return f"{self.konzept.sozialraum.get_absolute_url()}#{self.anker}"

    @property
    def kennung(self):
        """Stable, human-readable key, e.g. ADE-K2-Z3 (Konzept version 2, Ziel 3)."""
        kuerzel = self.konzept.sozialraum.kuerzel
        return f"{kuerzel}-K{self.konzept.version}-Z{self.nummer}"

    @property
    def anker(self):
        return self.kennung.lower()


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

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff(self):
        # Django's admin templates read is_staff; the admin itself asks the
        # permission sozialraum.use_admin (config/admin.py).
        return self.has_perm("sozialraum.use_admin")


class Rolle(models.TextChoices):
    FACHDIENST_51 = "fd51", _("Fachdienst 51")
    SOZIALRAUMLEITUNG = "leitung", _("Sozialraumleitung")
    GESCHAEFTSSTELLE_RG = "geschaeftsstelle_rg", _("Geschäftsstelle Regionales Gremium")
    JUGENDHILFEAUSSCHUSS = "jha", _("Jugendhilfeausschuss")
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
        Sozialraum,
        verbose_name=_("sozialraum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rollenzuweisungen",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
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

    def __str__(self):
        return f"{self.get_ereignis_display()} {self.kennung}".strip()
