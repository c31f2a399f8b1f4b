"""A report ordered in the browser and rendered in the background.

The Antragsübersicht of many applications takes longer than a request should
wait. The page records the order, a background thread (or the
`berichte_abarbeiten` command) renders it, and the page shows the state until
the PDF can be downloaded. The order lives in the database, so any process
can answer "is it ready?".
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Berichtsauftrag(models.Model):
    class Stand(models.TextChoices):
        WARTET = "wartet", _("wartet")
        LAEUFT = "laeuft", _("wird erstellt")
        FERTIG = "fertig", _("fertig")
        FEHLER = "fehler", _("fehlgeschlagen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    art = models.CharField(_("art"), max_length=30)
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
    dateiname = models.CharField(_("dateiname"), max_length=200, blank=True)
    pdf = models.BinaryField(_("pdf"), null=True, blank=True)
    fehler = models.TextField(_("fehler"), blank=True)

    class Meta:
        verbose_name = _("Berichtsauftrag")
        verbose_name_plural = _("Berichtsaufträge")
        ordering = ["erstellt_am"]
        indexes = [models.Index(fields=["stand", "erstellt_am"], name="auftrag_stand")]

    def __str__(self):
        return f"{self.art} ({self.get_stand_display()})"
