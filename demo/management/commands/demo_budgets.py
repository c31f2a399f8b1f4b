"""Demo allocations alone, without applications: Projektmittel 2012, 2013 and the
running year, Regionalbudget 1 of the running year, gebundenes Budget 2013, and
the 2012 closing (everything carried over, as nothing was bound).

`manage.py demo` creates the same allocations together with the demo
applications, whose decisions bind the money before 2012 is closed.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgets import services
from budgets.models import Budget
from demo import budgets as demo
from demo.stammdaten import echte_konten
from konten.models import User


class Command(BaseCommand):
    help = (
        "Legt Demo-Zuweisungen an (Projektmittel 2012, 2013 und laufendes Jahr, "
        "Regionalbudget 1, gebundenes Budget 2013) und schließt 2012 ab; ohne "
        "Anträge (die legt „manage.py demo“ mit an)."
    )

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION or echte_konten().exists():
            raise CommandError(
                "Demo-Buchungen nur in einer Demo- oder Entwicklungsdatenbank."
            )
        if Budget.objects.exists():
            self.stdout.write("Es gibt schon Budgets; Demo-Buchungen nicht angelegt.")
            return
        fd51 = User.objects.filter(email="fd51@demo.invalid").first()
        with transaction.atomic():
            for zuweisung in demo.zuweisungen():
                demo.zuweisung_buchen(zuweisung, durch=fd51)
            services.jahresabschluss(jahr=2012, durch=fd51)
        self.stdout.write(self.style.SUCCESS("Demo-Zuweisungen angelegt."))
