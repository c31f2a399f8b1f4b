"""Project applications (docs/fachkonzept.md §3): Antrag, its shares and funding, the
Sitzung that decides it, and the append-only record of its path.

State changes happen only in `services.antrag_uebergang`, checked against the
table in `workflow.py`.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from budgets.models import Buchung, Budgetart
from config.begriffe import klein, wortlaut
from regionen.models import Region
from sozialraum.geld import euro
from sozialraum.models import Gremium, Sozialraum, Ziel


def geld(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class Unveraenderlich(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    # Bulk update/delete bypass save() and delete(): refuse them too.
    def update(self, **kwargs):
        raise Unveraenderlich(f"{self.model._meta.verbose_name} ist unveränderlich.")

    def delete(self):
        raise Unveraenderlich(f"{self.model._meta.verbose_name} ist unveränderlich.")


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted (records)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Unveraenderlich(f"{self._meta.verbose_name} ist unveränderlich.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Unveraenderlich(f"{self._meta.verbose_name} ist unveränderlich.")


class Themenfeld(models.Model):
    """A field of work (Vorlage 2024/144, Vorlage 2012/100); data, so FD 51 can
    add or retire one."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("reihenfolge"), default=0)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    ENTWURF = "entwurf", _("Entwurf")
    EINGEREICHT = "eingereicht", _("Eingereicht")
    RUECKFRAGE = "rueckfrage", _("Rückfrage")
    GEPRUEFT = "geprueft", _("Geprüft")
    ZUR_BERATUNG = "zur_beratung", _("Zur Beratung")
    ZURUECKGESTELLT = "zurueckgestellt", _("Zurückgestellt")
    BEWILLIGT = "bewilligt", _("Bewilligt")
    ABGELEHNT = "abgelehnt", _("Abgelehnt")
    VETO = "veto", _("Veto")
    IN_AUSZAHLUNG = "in_auszahlung", _("In Auszahlung")
    NACHWEIS = "nachweis", _("Verwendungsnachweis eingegangen")
    ABGESCHLOSSEN = "abgeschlossen", _("Abgeschlossen")
    ZURUECKGEZOGEN = "zurueckgezogen", _("Zurückgezogen")


# States in which the applicant may still edit the text and attachments.
BEARBEITBAR = (Status.ENTWURF, Status.RUECKFRAGE)
# States with money bound in the ledger.
MIT_BINDUNG = (Status.BEWILLIGT, Status.IN_AUSZAHLUNG, Status.NACHWEIS)
# The committee's approval holds (not vetoed, not withdrawn).
BEWILLIGUNG_IN_KRAFT = (*MIT_BINDUNG, Status.ABGESCHLOSSEN)
# Finished; all other states are open (the start page of a Sozialraumleitung).
ERLEDIGT = (
    Status.ABGESCHLOSSEN,
    Status.ABGELEHNT,
    Status.VETO,
    Status.ZURUECKGEZOGEN,
)
OFFEN = tuple(s for s in Status if s not in ERLEDIGT)
# FD 51's work queue (antraege.selectors.arbeitsliste): its open states.
ARBEITSLISTE_STATUS = (Status.EINGEREICHT, *MIT_BINDUNG)


class AntragQuerySet(models.QuerySet):
    def im_jahr(self, jahr):
        return self.filter(haushaltsjahr=jahr)


class Antrag(models.Model):
    """A project application to a committee, for money of one Haushaltsjahr."""

    nummer = models.CharField(_("antragsnummer"), max_length=20, unique=True)
    budgetart = models.ForeignKey(
        Budgetart,
        verbose_name=_("budgetart"),
        on_delete=models.PROTECT,
        limit_choices_to={"antragsverfahren": True},
    )
    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"))
    # The federführende Sozialraum (Projektmittel) or the Region
    # (Regionalbudget 1): its committee decides, its office submits.
    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=klein("{raum}"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="antraege",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=klein("{gruppe}"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="antraege",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ENTWURF,
        db_index=True,
    )
    # Raised with every change; a form carries the value it was built on, so a
    # double submit or a concurrent change is recognised.
    version = models.PositiveIntegerField(_("version"), default=1)

    antragsteller = models.CharField(_("antragsteller (organisation)"), max_length=200)
    ansprechperson = models.CharField(_("ansprechperson"), max_length=200, blank=True)
    kontakt_email = models.EmailField(_("e-mail der ansprechperson"), blank=True)
    kontakt_telefon = models.CharField(_("telefon"), max_length=50, blank=True)
    titel = models.CharField(_("titel"), max_length=200)
    zielgruppe = models.TextField(_("zielgruppe"), blank=True)
    themenfelder = models.ManyToManyField(
        Themenfeld, verbose_name=_("themenfelder"), blank=True
    )
    beginn = models.DateField(_("beginn"), null=True, blank=True)
    ende = models.DateField(_("ende"), null=True, blank=True)
    ausgangslage = models.TextField(_("ausgangslage"), blank=True)
    zielsetzung = models.TextField(_("zielsetzung"), blank=True)
    massnahme = models.TextField(_("maßnahme"), blank=True)
    ziele = models.ManyToManyField(
        Ziel,
        verbose_name=klein("Ziele des {konzept}s"),
        blank=True,
        related_name="antraege",
    )
    gesamtkosten = geld(_("gesamtkosten"), null=True, blank=True)
    beantragt = geld(_("beantragter betrag"), default=0)
    eigenanteil = geld(_("eigenanteil des antragstellers"), default=0)
    als_eigenanteil = models.BooleanField(
        _("projektmittel als eigenanteil"),
        default=False,
        help_text=_(
            "Die beantragten Mittel dienen als Eigenanteil für externe Fördermittel."
        ),
    )
    bewilligt = geld(_("bewilligter betrag"), null=True, blank=True)

    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)
    geaendert_am = models.DateTimeField(_("geändert am"), default=timezone.now)
    # The create form's one-time key: a second submit finds the first draft.
    formular_schluessel = models.UUIDField(null=True, blank=True, unique=True)

    objects = AntragQuerySet.as_manager()

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering = ["-haushaltsjahr", "nummer"]
        indexes = [
            models.Index(fields=["haushaltsjahr", "status"], name="antrag_jahr_status"),
            models.Index(fields=["sozialraum", "haushaltsjahr"], name="antrag_sr_jahr"),
            # The Arbeitsliste reads only its open states (of all years), each
            # along a range of these. Not partial indexes: SQLite uses one
            # only when the query repeats its condition literally, and Django
            # binds the states of an IN as parameters. Per state, oldest
            # change first;
            models.Index(
                fields=["status", "geaendert_am"], name="antrag_status_geaendert"
            ),
            # the Verwendungsnachweise by end, and every count from the index
            # alone (id as a column: PostgreSQL reads no row of the table;
            # Django creates no index with INCLUDE on SQLite, whose indexes
            # hold the rowid anyway).
            models.Index(
                fields=["status", "ende", "haushaltsjahr", "id"],
                name="antrag_offen_ende",
            ),
            # the open applications of a Sozialraum (the Leitung's start page),
            # last changed first, counted per state from the index
            models.Index(
                fields=["sozialraum", "geaendert_am", "status"],
                name="antrag_sr_geaendert",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sozialraum__isnull=False, region__isnull=True)
                | Q(sozialraum__isnull=True, region__isnull=False),
                name="antrag_sozialraum_oder_region",
            ),
            models.CheckConstraint(
                condition=Q(beantragt__gte=0) & Q(eigenanteil__gte=0),
                name="antrag_betraege_nicht_negativ",
            ),
            models.CheckConstraint(
                condition=Q(gesamtkosten__isnull=True) | Q(gesamtkosten__gte=0),
                name="antrag_gesamtkosten_nicht_negativ",
            ),
            models.CheckConstraint(
                condition=Q(bewilligt__isnull=True)
                | (Q(bewilligt__gt=0) & Q(bewilligt__lte=models.F("beantragt"))),
                name="antrag_bewilligt_hoechstens_beantragt",
            ),
            models.CheckConstraint(
                condition=Q(beginn__isnull=True)
                | Q(ende__isnull=True)
                | Q(ende__gte=models.F("beginn")),
                name="antrag_zeitraum",
            ),
        ]

    def __str__(self):
        return f"{self.nummer} {self.titel}"

    def get_absolute_url(self):
        return reverse("antraege:detail", kwargs={"nummer": self.nummer})

    @property
    def inhaber(self):
        return self.sozialraum or self.region

    @property
    def gremium(self):
        """The committee that decides it (None if none is set up)."""
        try:
            if self.sozialraum_id:
                return self.sozialraum.sozialkonferenz
            return self.region.regionales_gremium
        except Gremium.DoesNotExist:
            return None

    @property
    def ist_bearbeitbar(self):
        return self.status in BEARBEITBAR

    @property
    def bewilligung_aufgehoben(self):
        """Approved, then vetoed or withdrawn: the decision stays on record, the
        money is free again."""
        return self.bewilligt is not None and self.status in (
            Status.VETO,
            Status.ZURUECKGEZOGEN,
        )

    @property
    def bewilligung_gilt(self):
        return self.status in BEWILLIGUNG_IN_KRAFT

    def anlagearten(self):
        """The kinds of attachment that may be added or removed now: any before
        submission; after the approval only the Verwendungsnachweis."""
        if self.ist_bearbeitbar:
            return list(Anlage.Art)
        if self.status in MIT_BINDUNG:
            return [Anlage.Art.VERWENDUNGSNACHWEIS]
        return []


class Nummernkreis(models.Model):
    """Last number given per year and Sozialraum/Region: numbers are never reused."""

    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"))
    kreis = models.CharField(_("kreis"), max_length=10)
    letzte_nummer = models.PositiveIntegerField(_("letzte nummer"), default=0)

    class Meta:
        verbose_name = _("Nummernkreis")
        verbose_name_plural = _("Nummernkreise")
        constraints = [
            models.UniqueConstraint(
                fields=["haushaltsjahr", "kreis"], name="nummernkreis_eindeutig"
            )
        ]

    def __str__(self):
        return f"{self.haushaltsjahr}-{self.kreis}: {self.letzte_nummer}"


class Anteil(models.Model):
    """One budget holder's share of the money asked for (cooperation projects
    of several Sozialräume are financed by several shares)."""

    antrag = models.ForeignKey(
        Antrag,
        verbose_name=_("antrag"),
        on_delete=models.CASCADE,
        related_name="anteile",
    )
    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=klein("{raum}"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=klein("{gruppe}"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    betrag = geld(_("beantragt"))
    bewilligt = geld(_("bewilligt"), null=True, blank=True)
    bindung = models.OneToOneField(
        Buchung,
        verbose_name=_("bindung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="antragsanteil",
    )
    # A partner's share needs its office's consent before submission: one
    # committee must not commit another's money on its own.
    zugestimmt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zugestimmt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zugestimmt_am = models.DateTimeField(_("zugestimmt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Finanzierungsanteil")
        verbose_name_plural = _("Finanzierungsanteile")
        ordering = ["antrag", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sozialraum__isnull=False, region__isnull=True)
                | Q(sozialraum__isnull=True, region__isnull=False),
                name="anteil_sozialraum_oder_region",
            ),
            models.CheckConstraint(condition=Q(betrag__gt=0), name="anteil_positiv"),
            models.UniqueConstraint(
                fields=["antrag", "sozialraum"], name="anteil_je_sozialraum"
            ),
            models.UniqueConstraint(
                fields=["antrag", "region"], name="anteil_je_region"
            ),
        ]

    def __str__(self):
        return f"{self.inhaber}: {euro(self.betrag)}"

    @property
    def inhaber(self):
        return self.sozialraum or self.region

    @property
    def ist_eigener(self):
        return (self.sozialraum_id, self.region_id) == (
            self.antrag.sozialraum_id,
            self.antrag.region_id,
        )

    @property
    def braucht_zustimmung(self):
        return not self.ist_eigener and self.zugestimmt_am is None


class Drittmittel(models.Model):
    """External funding of the project (docs/fachkonzept.md §2, Eigenanteil)."""

    class Stand(models.TextChoices):
        GEPLANT = "geplant", _("geplant")
        BEANTRAGT = "beantragt", _("beantragt")
        ZUGESAGT = "zugesagt", _("zugesagt")
        ABGELEHNT = "abgelehnt", _("abgelehnt")

    antrag = models.ForeignKey(
        Antrag,
        verbose_name=_("antrag"),
        on_delete=models.CASCADE,
        related_name="drittmittel",
    )
    quelle = models.CharField(_("quelle"), max_length=200)
    betrag = geld(_("betrag"))
    stand = models.CharField(_("stand"), max_length=20, choices=Stand.choices)

    class Meta:
        verbose_name = _("Drittmittel")
        verbose_name_plural = _("Drittmittel")
        ordering = ["antrag", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(betrag__gt=0), name="drittmittel_positiv"
            )
        ]

    def __str__(self):
        return f"{self.quelle}: {euro(self.betrag)} ({self.get_stand_display()})"


class _AnlagenSpeicher(LazyObject):
    """Files outside the static and media roots, served only through the app."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.ANLAGEN_ROOT, base_url=None)


anlagen_speicher = _AnlagenSpeicher()


def _speicher():
    # A callable: migrations name it instead of freezing one machine's path.
    return anlagen_speicher


def _anlagen_pfad(anlage, dateiname):
    # The stored name is random: a user's file name never becomes a path.
    return f"{anlage.antrag.haushaltsjahr}/{uuid.uuid4().hex}"


class Anlage(models.Model):
    class Art(models.TextChoices):
        KOSTENPLAN = "kostenplan", _("Kosten- und Finanzierungsplan")
        KONZEPT = "konzept", _("Konzept")
        VERWENDUNGSNACHWEIS = "verwendungsnachweis", _("Verwendungsnachweis")
        SONSTIGES = "sonstiges", _("Sonstiges")

    antrag = models.ForeignKey(
        Antrag,
        verbose_name=_("antrag"),
        on_delete=models.PROTECT,
        related_name="anlagen",
    )
    art = models.CharField(_("art"), max_length=30, choices=Art.choices)
    datei = models.FileField(
        _("datei"), storage=_speicher, upload_to=_anlagen_pfad, max_length=200
    )
    dateiname = models.CharField(_("dateiname"), max_length=200)
    inhaltstyp = models.CharField(_("inhaltstyp"), max_length=100)
    groesse = models.PositiveIntegerField(_("größe in bytes"))
    sha256 = models.CharField(_("sha-256"), max_length=64)
    hochgeladen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    hochgeladen_am = models.DateTimeField(_("hochgeladen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["antrag", "hochgeladen_am", "pk"]

    def __str__(self):
        return self.dateiname

    def get_absolute_url(self):
        return reverse(
            "antraege:anlage", kwargs={"nummer": self.antrag.nummer, "pk": self.pk}
        )


class SitzungQuerySet(models.QuerySet):
    def budgetsitzungen(self):
        return self.filter(ist_budgetsitzung=True)


class Sitzung(models.Model):
    """A meeting of a Sozialkonferenz or Regionales Gremium with its agenda."""

    gremium = models.ForeignKey(
        Gremium,
        verbose_name=_("gremium"),
        on_delete=models.PROTECT,
        related_name="sitzungen",
        limit_choices_to={"art__in": ["sozialkonferenz", "regionales_gremium"]},
    )
    datum = models.DateField(_("datum"))
    ort = models.CharField(_("ort"), max_length=200, blank=True)
    ist_budgetsitzung = models.BooleanField(
        _("budgetsitzung"),
        default=True,
        help_text=_("In dieser Sitzung wird über Projektmittel entschieden."),
    )
    landkreis_vertreten = models.BooleanField(
        klein("{behoerde_kurz} vertreten"),
        default=False,
        help_text=wortlaut(
            "Eine Vertretung {der_behoerde} ({pruefstelle_kurz}) hat teilgenommen."
        ),
    )
    # FD 51's explicit permission to decide although the Landkreis was absent
    # or this is the third budget session of the year (docs/fachkonzept.md §3,
    # Festlegung).
    ausnahme_begruendung = models.TextField(_("begründung der ausnahme"), blank=True)
    ausnahme_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ausnahme erteilt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ausnahme_am = models.DateTimeField(_("ausnahme erteilt am"), null=True, blank=True)
    angelegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    angelegt_am = models.DateTimeField(_("angelegt am"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The create form's one-time key: a second submit finds the first Sitzung.
    formular_schluessel = models.UUIDField(null=True, blank=True, unique=True)

    objects = SitzungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-datum", "gremium__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ausnahme_von__isnull=True) | ~Q(ausnahme_begruendung=""),
                name="sitzung_ausnahme_begruendet",
            ),
        ]

    def __str__(self):
        return f"{self.gremium}, {self.datum:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("antraege:sitzung", kwargs={"pk": self.pk})

    @property
    def hat_ausnahme(self):
        return self.ausnahme_von_id is not None


class Tagesordnungspunkt(models.Model):
    sitzung = models.ForeignKey(
        Sitzung,
        verbose_name=_("sitzung"),
        on_delete=models.PROTECT,
        related_name="tagesordnung",
    )
    antrag = models.ForeignKey(
        Antrag,
        verbose_name=_("antrag"),
        on_delete=models.PROTECT,
        related_name="tagesordnungspunkte",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # Taken off before a decision (withdrawn, or moved): kept for the record.
    abgesetzt = models.BooleanField(_("abgesetzt"), default=False)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["sitzung", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitzung", "antrag"], name="top_antrag_einmal_je_sitzung"
            )
        ]

    def __str__(self):
        return f"TOP {self.position}: {self.antrag}"


class Beschluss(AppendOnly):
    """The committee's decision on one application, with the votes."""

    class Ergebnis(models.TextChoices):
        BEWILLIGT = "bewilligt", _("bewilligt")
        ABGELEHNT = "abgelehnt", _("abgelehnt")
        ZURUECKGESTELLT = "zurueckgestellt", _("zurückgestellt")

    sitzung = models.ForeignKey(
        Sitzung,
        verbose_name=_("sitzung"),
        on_delete=models.PROTECT,
        related_name="beschluesse",
    )
    antrag = models.ForeignKey(
        Antrag,
        verbose_name=_("antrag"),
        on_delete=models.PROTECT,
        related_name="beschluesse",
    )
    ergebnis = models.CharField(_("ergebnis"), max_length=20, choices=Ergebnis.choices)
    betrag = geld(_("bewilligter betrag"), null=True, blank=True)
    ja = models.PositiveSmallIntegerField(_("ja-stimmen"), null=True, blank=True)
    nein = models.PositiveSmallIntegerField(_("nein-stimmen"), null=True, blank=True)
    enthaltungen = models.PositiveSmallIntegerField(
        _("enthaltungen"), null=True, blank=True
    )
    bemerkung = models.TextField(_("bemerkung"), blank=True)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["sitzung", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitzung", "antrag"], name="beschluss_einmal_je_sitzung"
            ),
            models.CheckConstraint(
                condition=Q(ergebnis="bewilligt", betrag__gt=0)
                | (~Q(ergebnis="bewilligt") & Q(betrag__isnull=True)),
                name="beschluss_betrag_nur_bei_bewilligung",
            ),
        ]

    def __str__(self):
        return f"{self.antrag.nummer}: {self.get_ergebnis_display()}"


class Statuswechsel(AppendOnly):
    """One step of an application's path: the history, never edited."""

    antrag = models.ForeignKey(
        Antrag,
        verbose_name=_("antrag"),
        on_delete=models.PROTECT,
        related_name="statuswechsel",
    )
    aktion = models.CharField(_("aktion"), max_length=30)
    von = models.CharField(_("von"), max_length=20, choices=Status.choices, blank=True)
    nach = models.CharField(_("nach"), max_length=20, choices=Status.choices)
    durch = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)
    # The day the change takes effect: a decision's Sitzung date, a veto's day.
    wirksam_am = models.DateField(_("wirksam am"))
    betrag = geld(_("betrag"), null=True, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True)
    sitzung = models.ForeignKey(
        Sitzung,
        verbose_name=_("sitzung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Statuswechsel")
        verbose_name_plural = _("Statuswechsel")
        ordering = ["antrag", "erfasst_am", "pk"]
        indexes = [
            models.Index(fields=["antrag", "wirksam_am"], name="statuswechsel_wirksam")
        ]

    def __str__(self):
        return f"{self.antrag.nummer}: {self.von or '–'} → {self.nach}"

    def get_aktion_display(self):
        from .workflow import Aktion

        try:
            return Aktion(self.aktion).label
        except ValueError:
            return self.aktion
