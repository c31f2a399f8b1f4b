"""Sozialraumverträge: the gebundenes Budget of a Sozialraum (docs/fachkonzept.md §2).

A contract runs for a period; per Haushaltsjahr it has a Jahresbetrag
(Personalkosten, Sachkosten, Beratungstätigkeit) and a Zahlungsplan. The money
itself lives in the ledger: the year's Bindungen (linked here), the
Auszahlungen, Auflösungen and Rückforderungen against them. Every change is an
append-only Vorgang (who, when, what) that names its bookings.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import AppendOnlyError, Buchung
from config.begriffe import begriff, wortlaut
from sozialraum.models import Sozialraum, Traeger


class Zahlungsplan(models.TextChoices):
    MONATLICH = "monatlich", _("monatlich")
    VIERTELJAEHRLICH = "vierteljaehrlich", _("vierteljährlich")
    HALBJAEHRLICH = "halbjaehrlich", _("halbjährlich")
    JAEHRLICH = "jaehrlich", _("jährlich")


# Months covered by one Abschlag.
MONATE_JE_ABSCHLAG = {
    Zahlungsplan.MONATLICH: 1,
    Zahlungsplan.VIERTELJAEHRLICH: 3,
    Zahlungsplan.HALBJAEHRLICH: 6,
    Zahlungsplan.JAEHRLICH: 12,
}


class Sozialraumvertrag(models.Model):
    """The contract with the Träger of a Sozialraumbüro, for a period."""

    nummer = models.CharField(
        _("vertragsnummer"),
        max_length=40,
        unique=True,
        help_text=_("z. B. SRV-ADE-2026; leer: wird vergeben."),
    )
    bezeichnung = models.CharField(_("bezeichnung"), max_length=200, blank=True)
    sozialraum = models.ForeignKey(
        Sozialraum,
        verbose_name=begriff("raum"),
        on_delete=models.PROTECT,
        related_name="vertraege",
    )
    traeger = models.ForeignKey(
        Traeger,
        verbose_name=_("träger"),
        on_delete=models.PROTECT,
        related_name="sozialraumvertraege",
    )
    beginn = models.DateField(_("beginn"))
    ende = models.DateField(_("ende"))
    angelegt_am = models.DateTimeField(_("angelegt am"), default=timezone.now)
    angelegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A repeated submit of the same form finds the contract it created.
    formular_schluessel = models.UUIDField(
        _("formularschlüssel"), null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = wortlaut("{raum}vertrag")
        verbose_name_plural = wortlaut("{raum}verträge")
        ordering = ["sozialraum__region__nummer", "sozialraum__name", "beginn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ende__gte=F("beginn")), name="vertrag_ende_nach_beginn"
            ),
        ]

    def __str__(self):
        return f"{self.nummer} – {self.sozialraum.name}, {self.traeger}"

    def get_absolute_url(self):
        return reverse("vertraege:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.beginn and self.ende and self.ende < self.beginn:
            raise ValidationError(
                {
                    "ende": ValidationError(
                        f"Das Vertragsende ({self.ende:%d.%m.%Y}) liegt vor dem "
                        f"Beginn ({self.beginn:%d.%m.%Y}).",
                        code="ende_vor_beginn",
                    )
                }
            )
        for feld in ("beginn", "ende"):
            wert = getattr(self, feld)
            if wert and not 1990 <= wert.year <= 2200:
                raise ValidationError(
                    {
                        feld: ValidationError(
                            f"Das Jahr {wert.year} ist nicht plausibel.", code="jahr"
                        )
                    }
                )

    @property
    def jahre_der_laufzeit(self):
        return range(self.beginn.year, self.ende.year + 1)

    def laeuft_im_jahr(self, jahr):
        return self.beginn.year <= jahr <= self.ende.year


class Vertragsjahr(models.Model):
    """A contract's Haushaltsjahr: its amounts, plan, bindings and settlement."""

    vertrag = models.ForeignKey(
        Sozialraumvertrag,
        verbose_name=wortlaut("{raum}vertrag"),
        on_delete=models.PROTECT,
        related_name="jahre",
    )
    haushaltsjahr = models.PositiveSmallIntegerField(_("haushaltsjahr"))
    personalkosten = models.DecimalField(
        _("personalkosten"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    sachkosten = models.DecimalField(
        _("sachkosten"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    beratung = models.DecimalField(
        _("beratungstätigkeit"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    zahlungsplan = models.CharField(
        _("zahlungsplan"),
        max_length=20,
        choices=Zahlungsplan.choices,
        default=Zahlungsplan.VIERTELJAEHRLICH,
    )
    # The year's Bindungen in the gebundenes Budget: the first one, and one
    # more for every increase (see services.jahr_festsetzen).
    bindungen = models.ManyToManyField(
        Buchung,
        verbose_name=_("bindungen"),
        related_name="vertragsjahre",
        blank=True,
    )
    ist_kosten = models.DecimalField(
        _("tatsächliche förderfähige kosten"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Aus der Spitzabrechnung."),
    )
    abgerechnet_am = models.DateTimeField(_("abgerechnet am"), null=True, blank=True)
    abgerechnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgerechnet von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Vertragsjahr")
        verbose_name_plural = _("Vertragsjahre")
        ordering = ["vertrag", "haushaltsjahr"]
        constraints = [
            models.UniqueConstraint(
                fields=["vertrag", "haushaltsjahr"], name="vertragsjahr_einmal"
            ),
            models.CheckConstraint(
                condition=Q(personalkosten__gte=0)
                & Q(sachkosten__gte=0)
                & Q(beratung__gte=0),
                name="vertragsjahr_betraege_nicht_negativ",
            ),
            models.CheckConstraint(
                condition=Q(haushaltsjahr__gte=1990, haushaltsjahr__lte=2200),
                name="vertragsjahr_jahr_plausibel",
            ),
            models.CheckConstraint(
                condition=Q(abgerechnet_am__isnull=True) | Q(ist_kosten__isnull=False),
                name="vertragsjahr_abrechnung_vollstaendig",
            ),
        ]

    def __str__(self):
        return f"{self.vertrag.nummer} {self.haushaltsjahr}"

    def get_absolute_url(self):
        url = self.vertrag.get_absolute_url()
        return f"{url}#jahr-{self.haushaltsjahr}"

    @property
    def jahresbetrag(self):
        return self.personalkosten + self.sachkosten + self.beratung

    @property
    def ist_abgerechnet(self):
        return self.abgerechnet_am is not None

    @property
    def referenz(self):
        """What the ledger's bookings carry, e.g. SRV-ADE-2026/2027."""
        return f"{self.vertrag.nummer}/{self.haushaltsjahr}"


class VorgangQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Vorgänge eines Vertrags können nicht geändert werden.")

    def delete(self):
        raise AppendOnlyError("Vorgänge eines Vertrags können nicht gelöscht werden.")


class Vorgang(models.Model):
    """One change of a contract or contract year (append-only audit trail)."""

    class Art(models.TextChoices):
        VERTRAG_ANGELEGT = "vertrag_angelegt", _("Vertrag angelegt")
        VERTRAG_GEAENDERT = "vertrag_geaendert", _("Vertrag geändert")
        JAHR_FESTGESETZT = "jahr_festgesetzt", _("Jahresbetrag festgesetzt")
        JAHR_GEAENDERT = "jahr_geaendert", _("Jahresbetrag geändert")
        ZAHLUNG = "zahlung", _("Zahlung")
        SPITZABRECHNUNG = "spitzabrechnung", _("Spitzabrechnung")

    vertrag = models.ForeignKey(
        Sozialraumvertrag,
        verbose_name=wortlaut("{raum}vertrag"),
        on_delete=models.PROTECT,
        related_name="vorgaenge",
    )
    vertragsjahr = models.ForeignKey(
        Vertragsjahr,
        verbose_name=_("vertragsjahr"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vorgaenge",
    )
    art = models.CharField(_("art"), max_length=30, choices=Art.choices)
    beschreibung = models.TextField(_("beschreibung"))
    betrag = models.DecimalField(
        _("betrag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    datum = models.DateField(_("wirksam am"))
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    buchungen = models.ManyToManyField(
        Buchung,
        verbose_name=_("buchungen"),
        related_name="vertragsvorgaenge",
        blank=True,
    )
    # A payment form submitted twice pays once.
    formular_schluessel = models.UUIDField(
        _("formularschlüssel"), null=True, blank=True, unique=True, editable=False
    )

    objects = VorgangQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        ordering = ["erfasst_am", "pk"]

    def __str__(self):
        return f"{self.get_art_display()} {self.vertrag.nummer} ({self.datum:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError(
                "Vorgänge eines Vertrags können nicht geändert werden."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Vorgänge eines Vertrags können nicht gelöscht werden.")
