"""An uploaded file between its dry run and its import (imported by
antraege/models.py so Django finds the model)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Importvorgang(models.Model):
    """The file of a dry run, kept for the confirmation. Its key is used once:
    the confirmation locks the row, imports and marks it done in the same
    transaction, so a second submit imports nothing."""

    schluessel = models.UUIDField(_("schlüssel"), default=uuid.uuid4, unique=True)
    art = models.CharField(_("art"), max_length=20)
    dateiname = models.CharField(_("dateiname"), max_length=200)
    inhalt = models.BinaryField(_("inhalt"))
    sha256 = models.CharField(_("sha-256"), max_length=64)
    angelegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    angelegt_am = models.DateTimeField(_("angelegt am"), default=timezone.now)
    ausgefuehrt_am = models.DateTimeField(_("ausgeführt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Importvorgang")
        verbose_name_plural = _("Importvorgänge")
        ordering = ["-angelegt_am"]

    def __str__(self):
        return f"{self.dateiname} ({self.angelegt_am:%d.%m.%Y %H:%M})"
