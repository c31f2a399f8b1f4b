"""Regionalbudget 2: a Hilfe is case-bound help booked against a Region's budget.

Case data (docs/fachkonzept.md §5): only a pseudonymous Aktenzeichen, the kind of help,
the date the need was determined, Träger, period and cost — never names. The
Aktenzeichen stays in this table; everything outside FD 51's case pages (the
ledger included) knows a Hilfe only by its neutral number (H-2026-0007).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import Buchung
from konten.models import NurAnfuegen
from regionen.models import Region
from sozialraum.models import Traeger

# What an Aktenzeichen becomes after the retention period (hilfen_anonymisieren).
ANONYM = "anonymisiert"


class Hilfeart(models.TextChoices):
    ERZIEHUNGSBEISTANDSCHAFT = (
        "erziehungsbeistandschaft",
        _("Erziehungsbeistandschaft (§ 30 SGB VIII)"),
    )
    FAMILIENHILFE = (
        "familienhilfe",
        _("Sozialpädagogische Familienhilfe (§ 31 SGB VIII)"),
    )
    FLEXIBLE_HILFE = "flexible_hilfe", _("Flexible Hilfe (§ 27 Abs. 2 SGB VIII)")


class HilfeQuerySet(models.QuerySet):
    def im_jahr(self, jahr):
        return self.filter(haushaltsjahr=jahr)

    def mit_bezug(self):
        return self.select_related("region", "traeger", "bindung")


class Hilfe(models.Model):
    """One Bewilligungszeitraum of one case, within one Haushaltsjahr."""

    nummer = models.CharField(_("nummer"), max_length=20, unique=True)
    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"))
    laufnummer = models.PositiveIntegerField(_("laufende nummer"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    aktenzeichen = models.CharField(
        _("aktenzeichen"),
        max_length=30,
        help_text=_("Pseudonymes Aktenzeichen der Fallakte, nie ein Name."),
    )
    anonymisiert_am = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    hilfeart = models.CharField(_("hilfeart"), max_length=30, choices=Hilfeart.choices)
    bedarf_festgestellt_am = models.DateField(_("jugendhilfebedarf festgestellt am"))
    traeger = models.ForeignKey(
        Traeger, verbose_name=_("träger"), on_delete=models.PROTECT, related_name="+"
    )
    beginn = models.DateField(_("beginn"))
    ende = models.DateField(_("ende"))
    kosten = models.DecimalField(
        _("bewilligte kosten"), max_digits=12, decimal_places=2
    )
    bindung = models.OneToOneField(
        Buchung,
        verbose_name=_("bindung"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    beendet_am = models.DateField(_("beendet am"), null=True, blank=True)
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The form the Hilfe was booked with: a second submit books nothing.
    formular_schluessel = models.UUIDField(
        _("formularschlüssel"), null=True, blank=True, unique=True, editable=False
    )

    objects = HilfeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hilfe")
        verbose_name_plural = _("Hilfen")
        ordering = ["haushaltsjahr", "laufnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["haushaltsjahr", "laufnummer"], name="hilfe_nummer_je_jahr"
            ),
            models.CheckConstraint(
                condition=Q(ende__gte=F("beginn")), name="hilfe_ende_nach_beginn"
            ),
            models.CheckConstraint(
                condition=Q(bedarf_festgestellt_am__lte=F("beginn")),
                name="hilfe_bedarf_vor_beginn",
            ),
            models.CheckConstraint(
                condition=Q(kosten__gt=0), name="hilfe_kosten_positiv"
            ),
        ]
        indexes = [
            models.Index(fields=["aktenzeichen"], name="hilfe_aktenzeichen"),
            models.Index(fields=["ende"], name="hilfe_ende"),
        ]

    def __str__(self):
        # Deliberately without the Aktenzeichen: str() ends up in logs and forms.
        return f"Hilfe {self.nummer}"

    @property
    def ist_anonymisiert(self):
        return self.anonymisiert_am is not None

    @property
    def ist_beendet(self):
        return self.beendet_am is not None


class Nummernkreis(models.Model):
    """The last running number given out per Haushaltsjahr (locked on use)."""

    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"), unique=True)
    letzte = models.PositiveIntegerField(_("letzte nummer"), default=0)

    class Meta:
        verbose_name = _("Nummernkreis")
        verbose_name_plural = _("Nummernkreise")

    def __str__(self):
        return f"{self.haushaltsjahr}: {self.letzte}"


class Einsicht(NurAnfuegen):
    """Who saw which case-level rows, when, and how (append-only)."""

    class Art(models.TextChoices):
        LISTE = "liste", _("Liste")
        DETAIL = "detail", _("Detail")
        EXPORT = "export", _("Export")

    zeitpunkt = models.DateTimeField(_("zeitpunkt"), default=timezone.now)
    benutzer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("benutzer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    art = models.CharField(_("art"), max_length=10, choices=Art.choices)
    # The neutral numbers of every row shown (never the Aktenzeichen).
    hilfen = models.JSONField(_("hilfen"), default=list, blank=True)
    anzahl = models.PositiveIntegerField(_("anzahl"), default=0)
    ansicht = models.CharField(
        _("ansicht"),
        max_length=200,
        blank=True,
        help_text=_("Jahr und Filter der Seite (ohne Suchbegriff)."),
    )

    class Meta:
        verbose_name = _("Einsicht in Falldaten")
        verbose_name_plural = _("Einsichten in Falldaten")
        ordering = ["-zeitpunkt", "-pk"]

    def __str__(self):
        return f"{self.get_art_display()} {self.zeitpunkt:%d.%m.%Y %H:%M}"


class Anonymisierungslauf(NurAnfuegen):
    """One run of the retention command (hilfen_anonymisieren)."""

    zeitpunkt = models.DateTimeField(_("zeitpunkt"), default=timezone.now)
    durch = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prozess = models.CharField(_("prozess"), max_length=200)
    jahre = models.PositiveSmallIntegerField(_("aufbewahrung in jahren"))
    stichtag = models.DateField(
        _("stichtag"), help_text=_("Hilfen mit Ende vor diesem Tag.")
    )
    anzahl = models.PositiveIntegerField(_("anonymisiert"))

    class Meta:
        verbose_name = _("Anonymisierungslauf")
        verbose_name_plural = _("Anonymisierungsläufe")
        ordering = ["-zeitpunkt", "-pk"]

    def __str__(self):
        return f"Anonymisierung {self.zeitpunkt:%d.%m.%Y %H:%M}: {self.anzahl}"
