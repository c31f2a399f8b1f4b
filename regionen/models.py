from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .woerter import wort_der_gruppe


class Region(models.Model):
    """A group of Sozialräume whose needs are assessed together (2024 reform)."""

    nummer = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = wort_der_gruppe()
        verbose_name_plural = wort_der_gruppe(plural=True)
        ordering = ["nummer"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regionen:region", kwargs={"nummer": self.nummer})
