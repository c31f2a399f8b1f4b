"""Kennzahlen of the Sozialraumbüros and their Zielvereinbarungen
(docs/fachkonzept.md §7; Vorlage 2017/208, Vorlage 2024/144).

Counts only, never persons. A quarter's report (Quartalsmeldung) is versioned:
the Sozialraumleitung reports, FD 51 checks and locks; a correction after
locking is a new version with a reason, the old version stays as it was.
A Zielvereinbarung is versioned the same way: drafted by FD 51, agreed with the
Träger on a date and then frozen; a change is a new version.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antraege.models import Themenfeld
from config.begriffe import klein
from sozialraum.models import Sozialraum, Traeger, Ziel

QUARTALE = (1, 2, 3, 4)


def stichtag(jahr, quartal):
    """The last day of a quarter: the day "laufend" is counted."""
    if quartal == 4:
        return datetime.date(jahr, 12, 31)
    return datetime.date(jahr, 3 * quartal + 1, 1) - datetime.timedelta(days=1)


def ist_meldbar(jahr, quartal, heute=None):
    """A quarter is reported once it has ended (its Stichtag has passed)."""
    return stichtag(jahr, quartal) <= (heute or timezone.localdate())


class Kennzahl(models.TextChoices):
    """The fixed figures of every report; counts per Kategorie come on top."""

    FAELLE_NEU = "faelle_neu", _("Fälle neu")
    FAELLE_ABGESCHLOSSEN = "faelle_abgeschlossen", _("Fälle abgeschlossen")
    FAELLE_LAUFEND = "faelle_laufend", _("Fälle laufend am Stichtag")
    BERATUNGSTERMINE = "beratungstermine", _("Beratungstermine")


# The fixed figures' field names, in the order pages and files show them.
FESTE_ZAHLEN = [k.value for k in Kennzahl]


class Kategorie(models.Model):
    """A Zielgruppe or Themenfeld a Büro may count its new cases by (data)."""

    class Art(models.TextChoices):
        ZIELGRUPPE = "zielgruppe", _("Zielgruppe")
        THEMENFELD = "themenfeld", _("Themenfeld")

    art = models.CharField(_("art"), max_length=20, choices=Art.choices)
    name = models.CharField(_("name"), max_length=100)
    themenfeld = models.OneToOneField(
        Themenfeld,
        verbose_name=_("themenfeld"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kennzahl_kategorie",
    )
    reihenfolge = models.PositiveSmallIntegerField(_("reihenfolge"), default=0)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Kategorie der Kennzahlen")
        verbose_name_plural = _("Kategorien der Kennzahlen")
        ordering = ["art", "reihenfolge", "name"]
        constraints = [
            models.UniqueConstraint(fields=["art", "name"], name="kategorie_eindeutig"),
            models.CheckConstraint(
                condition=Q(art="themenfeld", themenfeld__isnull=False)
                | Q(art="zielgruppe", themenfeld__isnull=True),
                name="kategorie_themenfeld_passt",
            ),
        ]

    def __str__(self):
        return f"{self.get_art_display()}: {self.name}"


class QuartalsmeldungQuerySet(models.QuerySet):
    def aktuell(self):
        return self.filter(aktuell=True)

    def im_jahr(self, jahr):
        return self.filter(jahr=jahr)


class Quartalsmeldung(models.Model):
    """One version of a Büro's figures for one quarter.

    Only the current version (`aktuell`) counts; earlier versions stay
    unchanged as the history. Version 1 is the Leitung's report (she may
    change it until FD 51 locks it); every later version is a correction by
    FD 51 with a reason, locked at once.
    """

    class Status(models.TextChoices):
        GEMELDET = "gemeldet", _("gemeldet")
        GESPERRT = "gesperrt", _("geprüft und gesperrt")

    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=klein("{raum}"),
        on_delete=models.PROTECT,
        related_name="quartalsmeldungen",
    )
    jahr = models.PositiveSmallIntegerField(_("jahr"))
    quartal = models.PositiveSmallIntegerField(_("quartal"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    aktuell = models.BooleanField(_("aktuell"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEMELDET
    )
    faelle_neu = models.PositiveIntegerField(_("fälle neu"))
    faelle_abgeschlossen = models.PositiveIntegerField(_("fälle abgeschlossen"))
    faelle_laufend = models.PositiveIntegerField(_("fälle laufend am stichtag"))
    beratungstermine = models.PositiveIntegerField(_("beratungstermine"))
    begruendung = models.TextField(_("begründung der korrektur"), blank=True)
    gemeldet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeldet von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    gemeldet_am = models.DateTimeField(_("gemeldet am"))
    gesperrt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesperrt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gesperrt_am = models.DateTimeField(_("gesperrt am"), null=True, blank=True)
    formular_schluessel = models.UUIDField(
        _("formularschlüssel"), null=True, blank=True, unique=True
    )

    objects = QuartalsmeldungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Quartalsmeldung")
        verbose_name_plural = _("Quartalsmeldungen")
        ordering = ["jahr", "sozialraum__name", "quartal", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["sozialraum", "jahr", "quartal", "version"],
                name="meldung_version_eindeutig",
            ),
            models.UniqueConstraint(
                fields=["sozialraum", "jahr", "quartal"],
                condition=Q(aktuell=True),
                name="meldung_eine_aktuelle",
            ),
            models.CheckConstraint(
                condition=Q(quartal__gte=1, quartal__lte=4), name="meldung_quartal"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="meldung_version"),
            # A correction always says why; it is FD 51's and locked at once.
            models.CheckConstraint(
                condition=Q(version=1) | (~Q(begruendung="") & Q(status="gesperrt")),
                name="meldung_korrektur_begruendet",
            ),
            models.CheckConstraint(
                condition=Q(status="gemeldet") | Q(gesperrt_am__isnull=False),
                name="meldung_gesperrt_hat_zeitpunkt",
            ),
        ]
        indexes = [models.Index(fields=["jahr", "aktuell"], name="meldung_jahr")]

    def __str__(self):
        return (
            f"Kennzahlen {self.sozialraum.name} {self.quartal}. Quartal {self.jahr} "
            f"(Version {self.version})"
        )

    @property
    def ist_gesperrt(self):
        return self.status == self.Status.GESPERRT

    @property
    def stichtag(self):
        return stichtag(self.jahr, self.quartal)

    def gezaehlte_kategorien(self):
        """The pks of the Kategorien this version counts."""
        return {kz.kategorie_id for kz in self.kategoriezahlen.all()}

    def wert(self, kennzahl):
        return getattr(self, kennzahl)


class Kategoriezahl(models.Model):
    """The new cases of a quarter in one Kategorie (only those the Büro counts)."""

    meldung = models.ForeignKey(
        Quartalsmeldung,
        verbose_name=_("quartalsmeldung"),
        on_delete=models.PROTECT,
        related_name="kategoriezahlen",
    )
    kategorie = models.ForeignKey(
        Kategorie,
        verbose_name=_("kategorie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    anzahl = models.PositiveIntegerField(_("anzahl"))

    class Meta:
        verbose_name = _("Zahl je Kategorie")
        verbose_name_plural = _("Zahlen je Kategorie")
        ordering = ["kategorie"]
        constraints = [
            models.UniqueConstraint(
                fields=["meldung", "kategorie"], name="kategoriezahl_eindeutig"
            ),
        ]

    def __str__(self):
        return f"{self.kategorie.name}: {self.anzahl}"


# --- Zielvereinbarungen ---------------------------------------------------------


class Zielvereinbarung(models.Model):
    """The targets FD 51 agrees with a Büro's Träger for one year, versioned.

    Entwurf: targets may be added and removed. Vereinbart (with the date of
    agreement): frozen; a change is a new version, which replaces it once
    agreed. At year end FD 51 assesses the agreed version with a comment.
    """

    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        VEREINBART = "vereinbart", _("vereinbart")
        ABGELOEST = "abgeloest", _("abgelöst")

    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=klein("{raum}"),
        on_delete=models.PROTECT,
        related_name="zielvereinbarungen",
    )
    jahr = models.PositiveSmallIntegerField(_("jahr"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENTWURF
    )
    traeger = models.ForeignKey(
        Traeger,
        verbose_name=_("träger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Mit wem vereinbart wurde (der Träger des Büros an dem Tag)."),
    )
    anlass = models.TextField(_("anlass der neuen version"), blank=True)
    vereinbart_am = models.DateField(_("vereinbart am"), null=True, blank=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    erstellt_am = models.DateTimeField(_("erstellt am"))
    bewertung_kommentar = models.TextField(_("kommentar zur bewertung"), blank=True)
    bewertet_am = models.DateField(_("bewertet am"), null=True, blank=True)
    bewertet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bewertet von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Zielvereinbarung")
        verbose_name_plural = _("Zielvereinbarungen")
        ordering = ["jahr", "sozialraum__name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["sozialraum", "jahr", "version"],
                name="zielvereinbarung_version_eindeutig",
            ),
            models.UniqueConstraint(
                fields=["sozialraum", "jahr"],
                condition=Q(status="entwurf"),
                name="zielvereinbarung_ein_entwurf",
            ),
            models.UniqueConstraint(
                fields=["sozialraum", "jahr"],
                condition=Q(status="vereinbart"),
                name="zielvereinbarung_eine_gueltige",
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf")
                | (Q(vereinbart_am__isnull=False) & Q(traeger__isnull=False)),
                name="zielvereinbarung_vereinbart_hat_datum",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(anlass=""),
                name="zielvereinbarung_version_hat_anlass",
            ),
        ]

    def __str__(self):
        return (
            f"Zielvereinbarung {self.sozialraum.name} {self.jahr} "
            f"(Version {self.version})"
        )

    @property
    def ist_entwurf(self):
        return self.status == self.Status.ENTWURF

    @property
    def ist_vereinbart(self):
        return self.status == self.Status.VEREINBART


class Zielvorgabe(models.Model):
    """One target of a Zielvereinbarung: a Kennzahl with a target value, or a
    qualitative goal assessed ja/teilweise/nein at year end."""

    class Art(models.TextChoices):
        KENNZAHL = "kennzahl", _("Kennzahl mit Zielwert")
        QUALITATIV = "qualitativ", _("qualitatives Ziel")

    class Bewertung(models.TextChoices):
        JA = "ja", _("erreicht")
        TEILWEISE = "teilweise", _("teilweise erreicht")
        NEIN = "nein", _("nicht erreicht")

    zielvereinbarung = models.ForeignKey(
        Zielvereinbarung,
        verbose_name=_("zielvereinbarung"),
        on_delete=models.CASCADE,
        related_name="vorgaben",
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    art = models.CharField(_("art"), max_length=20, choices=Art.choices)
    titel = models.CharField(_("titel"), max_length=200)
    beschreibung = models.TextField(_("beschreibung"), blank=True)
    kennzahl = models.CharField(
        _("kennzahl"), max_length=30, choices=Kennzahl.choices, blank=True
    )
    kategorie = models.ForeignKey(
        Kategorie,
        verbose_name=_("kategorie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zielwert = models.PositiveIntegerField(_("zielwert"), null=True, blank=True)
    ziele = models.ManyToManyField(
        Ziel, verbose_name=klein("Ziele des {konzept}s"), blank=True
    )
    themenfelder = models.ManyToManyField(
        Themenfeld, verbose_name=_("themenfelder"), blank=True
    )
    bewertung = models.CharField(
        _("bewertung"), max_length=20, choices=Bewertung.choices, blank=True
    )
    bewertung_kommentar = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("Zielvorgabe")
        verbose_name_plural = _("Zielvorgaben")
        ordering = ["zielvereinbarung", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["zielvereinbarung", "nummer"], name="zielvorgabe_nummer"
            ),
            # A Kennzahl target names one figure (fixed or a Kategorie) and a value.
            models.CheckConstraint(
                condition=Q(
                    art="qualitativ",
                    kennzahl="",
                    kategorie__isnull=True,
                    zielwert__isnull=True,
                )
                | (
                    Q(art="kennzahl", zielwert__isnull=False)
                    & (
                        Q(kategorie__isnull=True) & ~Q(kennzahl="")
                        | Q(kategorie__isnull=False, kennzahl="")
                    )
                ),
                name="zielvorgabe_art_passt",
            ),
        ]

    def __str__(self):
        return f"{self.nummer}. {self.titel}"

    @property
    def schluessel(self):
        """The figure it measures, as the selectors name it."""
        if self.kategorie_id:
            return f"kategorie:{self.kategorie_id}"
        return self.kennzahl or None

    @property
    def kennzahl_name(self):
        if self.kategorie_id:
            return self.kategorie.name
        return self.get_kennzahl_display()
