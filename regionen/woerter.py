"""The word for a Region, lazily (no model imports: apps.py uses it)."""

from django.utils.functional import lazy

from config.begriffe import begriffe


def _wort_der_gruppe(plural=False):
    # An authority without a group level (the Hansestadt) has one hidden
    # Region and no word for it; where a label is still needed (a form, an
    # error) it says "Gruppe". Its pages and admin are hidden there.
    b = begriffe()
    if plural:
        return b.gruppen or "Gruppen"
    return b.gruppe or "Gruppe"


wort_der_gruppe = lazy(_wort_der_gruppe, str)
