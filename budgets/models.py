"""The money: Budgetarten, budgets and the append-only ledger of bookings.

No figure is stored: every amount shown is a sum of bookings (selectors.py).
Bookings are never changed or deleted; a wrong one is reversed by a Storno.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from config.begriffe import begriff, begriffe
from konten.models import AppendOnlyError
from regionen.models import Region
from sozialraum.geld import euro, zahl
from sozialraum.models import Sozialraum


def _gruppe():
    # an authority without a group level holds nothing at it (the loader
    # refuses such a Budgetart); the label still must not be empty
    return begriffe().gruppe or "Gruppe"


def _antragsverfahren_hilfe():
    b = begriffe()
    gremien = b.konferenz + (f", {b.gruppen_gremium}" if b.mit_gruppen else "")
    return (
        f"Projektanträge, über die ein Gremium ({gremien}) beschließt und gegen "
        f"die {b.pruefstelle_kurz} ein Veto einlegen kann."
    )


gruppe_wort = lazy(_gruppe, str)


class Ebene(models.TextChoices):
    SOZIALRAUM = "sozialraum", begriff("raum")
    REGION = "region", gruppe_wort()


class Budgetart(models.Model):
    """A kind of money (docs/fachkonzept.md §2): who holds it and whether it
    carries over."""

    class Uebertrag(models.TextChoices):
        NIE = "nie", _("nie")
        EINMAL = "einmal", _("einmal (ins Folgejahr, dann Verfall)")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    ebene = models.CharField(_("gehalten von"), max_length=20, choices=Ebene.choices)
    uebertrag = models.CharField(
        _("übertrag"), max_length=10, choices=Uebertrag.choices, default=Uebertrag.NIE
    )
    fallbezogen = models.BooleanField(
        _("fallbezogen"),
        default=False,
        help_text=_("Nur mit festgestelltem individuellen Jugendhilfebedarf."),
    )
    kostentraeger = models.CharField(
        _("kostenträger/produkt"), max_length=50, blank=True
    )
    antragsverfahren = models.BooleanField(
        _("vergabe über anträge"),
        default=False,
        help_text=lazy(_antragsverfahren_hilfe, str)(),
    )
    reihenfolge = models.PositiveSmallIntegerField(_("reihenfolge"), default=0)
    # Allocation as a share of another budget line (Regionalbudget 2: a
    # percentage of the Haushaltsansatz für ambulante Hilfen, Vorlage 2024/012).
    anteil_prozent = models.DecimalField(
        _("anteil am bezugsansatz in prozent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        help_text=_(
            "Vorschlag beim Zuweisen: dieser Prozentsatz des Bezugsansatzes "
            "wird verteilt."
        ),
    )
    anteil_grundlage = models.CharField(
        _("bezugsansatz"),
        max_length=200,
        blank=True,
        help_text=_("z. B. Haushaltsansatz für ambulante Hilfen"),
    )
    # The incentive for thrifty use (docs/fachkonzept.md §2, Festlegung): at year-end a
    # share of the unspent rest goes to another Budgetart of the next year.
    anreiz_ziel = models.ForeignKey(
        "self",
        verbose_name=_("anreiz: gutschrift an budgetart"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Beim Jahresabschluss wird der Anreiz-Anteil der nicht verbrauchten "
            "Mittel dieser Budgetart des Folgejahres gutgeschrieben (gleicher "
            "Inhaber); der Rest verfällt."
        ),
    )
    anreiz_prozent = models.DecimalField(
        _("anreiz: anteil in prozent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("Budgetart")
        verbose_name_plural = _("Budgetarten")
        ordering = ["reihenfolge", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anreiz_ziel__isnull=True, anreiz_prozent__isnull=True)
                | Q(
                    anreiz_ziel__isnull=False,
                    anreiz_prozent__isnull=False,
                    anreiz_prozent__gt=0,
                    anreiz_prozent__lte=100,
                ),
                name="budgetart_anreiz_vollstaendig",
            ),
            models.CheckConstraint(
                condition=Q(anteil_prozent__isnull=True)
                | Q(anteil_prozent__gt=0, anteil_prozent__lte=100),
                name="budgetart_anteil_plausibel",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.anreiz_ziel_id is None) != (self.anreiz_prozent is None):
            raise ValidationError(
                "Für den Anreiz bitte Ziel-Budgetart und Prozentsatz angeben "
                "(oder beides leer lassen).",
                code="anreiz_unvollstaendig",
            )
        if self.anreiz_ziel_id is None:
            return
        if self.pk is not None and self.anreiz_ziel_id == self.pk:
            fehler = ("Der Anreiz geht an eine andere Budgetart.", "anreiz_selbst")
        elif self.anreiz_ziel.ebene != self.ebene:
            fehler = (
                f"{self.anreiz_ziel} wird von {self.anreiz_ziel.get_ebene_display()} "
                f"gehalten, diese Budgetart von {self.get_ebene_display()}: die "
                "Gutschrift braucht denselben Inhaber.",
                "anreiz_ebene",
            )
        elif self.traegt_uebertrag:
            fehler = (
                "Eine Budgetart mit Übertrag ins Folgejahr hat keinen Anreiz: ihr "
                "Rest wird schon übertragen.",
                "anreiz_und_uebertrag",
            )
        else:
            return
        text, code = fehler
        raise ValidationError({"anreiz_ziel": ValidationError(text, code=code)})

    @property
    def anreiz_text(self):
        if self.anreiz_ziel_id is None:
            return ""
        return f"{zahl(self.anreiz_prozent)} % des Rests an {self.anreiz_ziel}"

    @property
    def traegt_uebertrag(self):
        return self.uebertrag == self.Uebertrag.EINMAL


class BudgetQuerySet(models.QuerySet):
    def im_jahr(self, jahr):
        return self.filter(haushaltsjahr=jahr)

    def mit_inhaber(self):
        return self.select_related("budgetart", "sozialraum__region", "region")


class Budget(models.Model):
    """(Budgetart, Haushaltsjahr, holder): the unit bookings are made against."""

    budgetart = models.ForeignKey(
        Budgetart, verbose_name=_("budgetart"), on_delete=models.PROTECT
    )
    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"))
    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=begriff("raum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=gruppe_wort(),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
    )

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("Budget")
        verbose_name_plural = _("Budgets")
        ordering = ["haushaltsjahr", "budgetart__reihenfolge"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(sozialraum__isnull=False, region__isnull=True)
                    | Q(sozialraum__isnull=True, region__isnull=False)
                ),
                name="budget_genau_ein_inhaber",
            ),
            models.UniqueConstraint(
                fields=["budgetart", "haushaltsjahr", "sozialraum"],
                condition=Q(sozialraum__isnull=False),
                name="budget_eindeutig_je_sozialraum",
            ),
            models.UniqueConstraint(
                fields=["budgetart", "haushaltsjahr", "region"],
                condition=Q(region__isnull=False),
                name="budget_eindeutig_je_region",
            ),
            models.CheckConstraint(
                condition=Q(haushaltsjahr__gte=1990, haushaltsjahr__lte=2200),
                name="budget_jahr_plausibel",
            ),
        ]

    def __str__(self):
        return f"{self.budgetart} {self.haushaltsjahr} – {self.inhaber}"

    @property
    def inhaber(self):
        return self.sozialraum or self.region


class Verteilungsschluessel(models.Model):
    """A key to split a total over Sozialräume or Regionen, versioned per year.

    The key named N valid for year Y is the one with the highest
    (gueltig_ab, version) where gueltig_ab <= Y. "gleich" (per head) needs no row.
    """

    class Art(models.TextChoices):
        GEWICHTE = "gewichte", _("nach Gewichten (z. B. junge Menschen je Gemeinde)")
        PROZENT = "prozent", _("nach Prozentsätzen")

    name = models.SlugField(_("name"), max_length=50)
    bezeichnung = models.CharField(_("bezeichnung"), max_length=200)
    art = models.CharField(_("art"), max_length=20, choices=Art.choices)
    ebene = models.CharField(_("verteilt auf"), max_length=20, choices=Ebene.choices)
    gueltig_ab = models.PositiveSmallIntegerField(_("gültig ab haushaltsjahr"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Verteilungsschlüssel")
        verbose_name_plural = _("Verteilungsschlüssel")
        ordering = ["name", "-gueltig_ab", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "gueltig_ab", "version"],
                name="schluessel_version_eindeutig",
            ),
        ]

    def __str__(self):
        return f"{self.bezeichnung} (ab {self.gueltig_ab}, Version {self.version})"


class Schluesselanteil(models.Model):
    schluessel = models.ForeignKey(
        Verteilungsschluessel,
        verbose_name=_("verteilungsschlüssel"),
        on_delete=models.CASCADE,
        related_name="anteile",
    )
    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=begriff("raum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        verbose_name=gruppe_wort(),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    gewicht = models.DecimalField(
        _("gewicht bzw. prozent"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("Anteil")
        verbose_name_plural = _("Anteile")
        constraints = [
            models.CheckConstraint(
                condition=Q(gewicht__gte=0), name="anteil_nicht_negativ"
            ),
            models.CheckConstraint(
                condition=(
                    Q(sozialraum__isnull=False, region__isnull=True)
                    | Q(sozialraum__isnull=True, region__isnull=False)
                ),
                name="anteil_genau_ein_inhaber",
            ),
            models.UniqueConstraint(
                fields=["schluessel", "sozialraum"],
                condition=Q(sozialraum__isnull=False),
                name="anteil_je_sozialraum_einmal",
            ),
            models.UniqueConstraint(
                fields=["schluessel", "region"],
                condition=Q(region__isnull=False),
                name="anteil_je_region_einmal",
            ),
        ]

    def __str__(self):
        return f"{self.sozialraum or self.region}: {self.gewicht}"


class Verteilung(models.Model):
    """One allocation run: a total split by a key into Zuweisungen."""

    budgetart = models.ForeignKey(
        Budgetart, verbose_name=_("budgetart"), on_delete=models.PROTECT
    )
    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"))
    gesamtbetrag = models.DecimalField(
        _("gesamtbetrag"), max_digits=12, decimal_places=2
    )
    schluessel = models.ForeignKey(
        Verteilungsschluessel,
        verbose_name=_("verteilungsschlüssel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leer: gleich verteilt (nach Köpfen)."),
    )
    schluessel_text = models.CharField(_("schlüssel"), max_length=250)
    grundlage = models.CharField(
        _("berechnungsgrundlage"),
        max_length=300,
        blank=True,
        help_text=_(
            "z. B. 10,00 % von 2.400.000,00 € Haushaltsansatz ambulante Hilfen"
        ),
    )
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Verteilung")
        verbose_name_plural = _("Verteilungen")
        ordering = ["-erfasst_am"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gesamtbetrag__gt=0), name="verteilung_betrag_positiv"
            ),
        ]

    def __str__(self):
        return (
            f"{self.budgetart} {self.haushaltsjahr}: {euro(self.gesamtbetrag)} "
            f"({self.schluessel_text})"
        )


class Jahresabschluss(models.Model):
    """A closed Haushaltsjahr: no more bookings; its closing bookings exist."""

    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"), unique=True)
    durchgefuehrt_am = models.DateTimeField(_("durchgeführt am"), default=timezone.now)
    durchgefuehrt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durchgeführt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Jahresabschluss")
        verbose_name_plural = _("Jahresabschlüsse")
        ordering = ["haushaltsjahr"]

    def __str__(self):
        return f"Jahresabschluss {self.haushaltsjahr}"


class Buchungsart(models.TextChoices):
    ZUWEISUNG = "zuweisung", _("Zuweisung")
    UEBERTRAG_EIN = "uebertrag_ein", _("Übertrag (ein)")
    UEBERTRAG_AUS = "uebertrag_aus", _("Übertrag (aus)")
    BINDUNG = "bindung", _("Bindung")
    AUFLOESUNG = "aufloesung", _("Auflösung")
    AUSZAHLUNG = "auszahlung", _("Auszahlung")
    RUECKFORDERUNG = "rueckforderung", _("Rückforderung")
    VERFALL = "verfall", _("Verfall")
    UMBUCHUNG_AUS = "umbuchung_aus", _("Umbuchung (aus)")
    UMBUCHUNG_EIN = "umbuchung_ein", _("Umbuchung (ein)")
    STORNO = "storno", _("Storno")


_ABSCHLUSS = "Buchungen des Jahresabschlusses sind nicht stornierbar."
# Kinds a Storno never reverses, with the reason given.
NICHT_STORNIERBAR = {
    Buchungsart.STORNO: "Ein Storno kann nicht storniert werden.",
    Buchungsart.UEBERTRAG_EIN: _ABSCHLUSS,
    Buchungsart.UEBERTRAG_AUS: _ABSCHLUSS,
    Buchungsart.VERFALL: _ABSCHLUSS,
}


class BuchungQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Buchungen können nicht geändert werden.")

    def delete(self):
        raise AppendOnlyError("Buchungen können nicht gelöscht werden.")


class Buchung(models.Model):
    """One booking. Amounts are positive; the kind says the direction."""

    budget = models.ForeignKey(
        Budget,
        verbose_name=_("budget"),
        on_delete=models.PROTECT,
        related_name="buchungen",
    )
    art = models.CharField(_("art"), max_length=20, choices=Buchungsart.choices)
    betrag = models.DecimalField(_("betrag"), max_digits=12, decimal_places=2)
    buchungsdatum = models.DateField(
        _("buchungsdatum"), help_text=_("Tag, an dem die Buchung wirksam ist.")
    )
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("text"), max_length=500, blank=True)
    referenz = models.CharField(
        _("referenz"), max_length=100, blank=True, help_text=_("z. B. Antragsnummer")
    )
    verteilung = models.ForeignKey(
        Verteilung,
        verbose_name=_("verteilung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zuweisungen",
    )
    herkunftsjahr = models.PositiveSmallIntegerField(
        _("herkunftsjahr"), null=True, blank=True
    )
    # Auflösung, Auszahlung and Rückforderung act on one Bindung.
    bindung = models.ForeignKey(
        "self",
        verbose_name=_("bindung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="folgebuchungen",
    )
    storno_von = models.OneToOneField(
        "self",
        verbose_name=_("storno von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="storno",
    )
    # The other half of an Umbuchung.
    gegenbuchung = models.OneToOneField(
        "self",
        verbose_name=_("gegenbuchung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = BuchungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        ordering = ["buchungsdatum", "pk"]
        indexes = [
            models.Index(fields=["budget", "art"], name="buchung_budget_art"),
            # the journal: a budget's bookings in their order (keyset pages)
            models.Index(
                fields=["budget", "buchungsdatum", "id"], name="buchung_budget_datum"
            ),
            # the Übertrag links of all years (anreiz_sperre): one in a few
            # hundred bookings, read without the ledger
            models.Index(
                fields=["budget", "gegenbuchung"],
                condition=Q(art="uebertrag_ein"),
                name="buchung_uebertrag_ein",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(betrag__gt=0), name="buchung_betrag_positiv"
            ),
            models.CheckConstraint(
                condition=Q(art="storno", storno_von__isnull=False)
                | (~Q(art="storno") & Q(storno_von__isnull=True)),
                name="buchung_storno_verweist",
            ),
            models.CheckConstraint(
                condition=~Q(art__in=["aufloesung", "auszahlung", "rueckforderung"])
                | Q(bindung__isnull=False),
                name="buchung_folge_einer_bindung",
            ),
        ]

    def __str__(self):
        return f"{self.get_art_display()} {euro(self.betrag)} ({self.budget})"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Buchungen können nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Buchungen können nicht gelöscht werden.")

    @property
    def ist_stornierbar(self):
        """Kinds a Storno may reverse (closing bookings are final). Whether the
        reversal still fits the ledger, the service decides."""
        if self.art in NICHT_STORNIERBAR:
            return False
        return not hasattr(self, "storno")


class Planrate(models.Model):
    """Growth plan: from `ab_jahr` on, planned Ansätze grow by `prozent` a year.

    The rate for year Y is the one with the highest ab_jahr <= Y. A plan is
    not a booking: it is computed from a base year's actual Ansatz.
    """

    ab_jahr = models.PositiveSmallIntegerField(_("ab haushaltsjahr"), unique=True)
    prozent = models.DecimalField(
        _("steigerung in prozent"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("-100"))],
    )
    begruendung = models.CharField(_("begründung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Planrate")
        verbose_name_plural = _("Planraten")
        ordering = ["ab_jahr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prozent__gte=-100) & Q(prozent__lte=1000),
                name="planrate_plausibel",
            ),
        ]

    def __str__(self):
        return f"ab {self.ab_jahr}: {self.prozent} % p. a."
