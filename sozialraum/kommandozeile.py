"""Helpers for the management commands of every app."""

import datetime

from django.core.management.base import CommandError


def datum(text):
    """A date on the command line (argparse type): 24.09.2013 or 2013-09-24."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CommandError(f"„{text[:40]}“ ist kein Datum wie 24.09.2013.")
