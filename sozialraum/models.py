from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from config.begriffe import begriff, begriffe, wortlaut
from regionen.models import Region, wort_der_gruppe

kuerzel_validator = RegexValidator(
    r"^[A-Z]{2,5}$",
    _("Das Kürzel besteht aus 2 bis 5 Großbuchstaben (z. B. ADE)."),
    code="kuerzel",
)


# --- Organisation ---------------------------------------------------------------


class Sozialraum(models.Model):
    """One per Einheits-/Samtgemeinde (or Stadt), in a city one per Stadtteil;
    the unit that holds budgets. Its word on pages: begriffe().raum."""

    class Art(models.TextChoices):
        GEMEINDE = "gemeinde", _("Gemeinde")
        SAMTGEMEINDE = "samtgemeinde", _("Samtgemeinde")
        STADT = "stadt", _("Stadt")
        STADTTEIL = "stadtteil", _("Stadtteil")

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
        verbose_name=wort_der_gruppe(),
        on_delete=models.PROTECT,
        related_name="sozialraeume",
    )

    class Meta:
        verbose_name = begriff("raum")
        verbose_name_plural = begriff("raeume")
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
        # the one label, not get_art_display: that translates every choice on
        # each call, and lists show a Sozialraum in each of their rows
        try:
            art = self.Art(self.art).label
        except ValueError:
            art = self.art
        return f"{art} {self.name}"

    @property
    def titel(self):
        """The page's heading: "Sozialraum Gemeinde Adendorf", but "Stadtteil
        Kaltenmoor" where the word and the kind are the same."""
        raum = begriffe().raum
        name = self.voller_name
        return name if name.startswith(f"{raum} ") else f"{raum} {name}"


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
        verbose_name=begriff("raum"),
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
        verbose_name = begriff("buero")
        verbose_name_plural = begriff("bueros")
        ordering = ["sozialraum__region__nummer", "sozialraum__name"]

    def __str__(self):
        return f"{begriffe().buero} {self.sozialraum.name}"


def _gremium_der_gruppe():
    # an authority without a group level has no such Gremium; its choice
    # still needs a label
    return begriffe().gruppen_gremium or "Gremium einer Gruppe"


_gruppen_gremium = lazy(_gremium_der_gruppe, str)


class Gremium(models.Model):
    """A deciding body: Sozialkonferenz, Regionales Gremium or the JHA (their
    words: begriffe().konferenz, gruppen_gremium, ausschuss)."""

    class Art(models.TextChoices):
        SOZIALKONFERENZ = "sozialkonferenz", begriff("konferenz")
        REGIONALES_GREMIUM = "regionales_gremium", _gruppen_gremium()
        JUGENDHILFEAUSSCHUSS = "jugendhilfeausschuss", begriff("ausschuss")

    art = models.CharField(_("art"), max_length=30, choices=Art.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    sozialraum = models.OneToOneField(
        Sozialraum,
        verbose_name=begriff("raum"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sozialkonferenz",
    )
    region = models.OneToOneField(
        Region,
        verbose_name=wort_der_gruppe(),
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
            b = begriffe()
            gruppe = (
                f", ein {b.gruppen_gremium} zu einer {b.gruppe}, "
                f"der {b.ausschuss} zu keinem von beiden."
                if b.mit_gruppen
                else f", der {b.ausschuss} zu keinem."
            )
            raise ValidationError(
                f"Eine {b.konferenz} gehört zu einem {b.raum}{gruppe}",
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
        verbose_name=begriff("raum"),
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
        verbose_name = begriff("konzept")
        verbose_name_plural = wortlaut("{konzept}e")
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
        return f"{begriffe().konzept} {self.sozialraum.name}, Version {self.version}"

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
        verbose_name=begriff("konzept"),
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
