"""A piece of work ordered in the browser and done in the background.

Rendering a long Antragsübersicht or importing a spreadsheet of thousands of
rows takes longer than a request should wait. The page records an order (a
row here), a task of Django's task framework does the work (betrieb.auftraege),
and the order's page shows its state until the result is there: a file
(the PDF) or structured data (an import's rows and messages). The order lives
in the database, so any process can answer "is it ready?".
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Auftrag(models.Model):
    class Art(models.TextChoices):
        ANTRAGSUEBERSICHT = "antragsuebersicht", _("Antragsübersicht")
        IMPORT_PRUEFEN = "import_pruefen", _("Probelauf eines Imports")
        IMPORT_AUSFUEHREN = "import_ausfuehren", _("Import")

    class Stand(models.TextChoices):
        WARTET = "wartet", _("wartet")
        LAEUFT = "laeuft", _("in Arbeit")
        FERTIG = "fertig", _("fertig")
        FEHLER = "fehler", _("fehlgeschlagen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    art = models.CharField(_("art"), max_length=30, choices=Art.choices)
    parameter = models.JSONField(_("parameter"))
    stand = models.CharField(
        _("stand"), max_length=10, choices=Stand.choices, default=Stand.WARTET
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)
    begonnen_am = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    fertig_am = models.DateTimeField(_("fertig am"), null=True, blank=True)
    # The uploaded file of an import; it goes with the order (or earlier).
    eingabe = models.BinaryField(_("eingabe"), null=True, blank=True)
    # The confirmation of a dry run points at it; deleting the dry run deletes it.
    vorlage = models.ForeignKey(
        "self",
        verbose_name=_("vorlage"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="folgeauftraege",
    )
    # A dry run is redeemed once: set in the transaction that wrote its import.
    eingeloest_am = models.DateTimeField(_("eingelöst am"), null=True, blank=True)
    dateiname = models.CharField(_("dateiname"), max_length=200, blank=True)
    datei = models.BinaryField(_("datei"), null=True, blank=True)
    ergebnis = models.JSONField(_("ergebnis"), null=True, blank=True)
    fehler = models.TextField(_("fehler"), blank=True)

    class Meta:
        verbose_name = _("Auftrag")
        verbose_name_plural = _("Aufträge")
        ordering = ["erstellt_am"]
        # The name from when the model lived in antraege (migration betrieb 0001).
        db_table = "antraege_auftrag"
        indexes = [
            models.Index(fields=["stand", "erstellt_am"], name="auftrag_stand_am"),
            models.Index(fields=["erstellt_von", "art"], name="auftrag_von_art"),
        ]

    def __str__(self):
        return f"{self.get_art_display()} ({self.get_stand_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("betrieb:auftrag", args=[self.pk])

    @property
    def offen(self):
        return self.stand in (self.Stand.WARTET, self.Stand.LAEUFT)
