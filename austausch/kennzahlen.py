"""Export of the Kennzahlen of a year (issue 15) as CSV or XLSX, written like
the other spreadsheets (services._csv, services._xlsx: defused text, German
CSV). The rows come from kennzahlen.selectors with the same small-numbers rule
as the pages: "< 5" for everyone but FD 51 and a Büro's own Leitung. The same
columns are read back by the sixth kind of file (austausch/meldungen.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone

from kennzahlen.permissions import sichtbare_sozialraeume
from kennzahlen.selectors import exportzeilen
from konten.permissions import erfordern, geleitete_sozialraum_ids
from sozialraum.geld import JAHR_MAX, JAHR_MIN

from . import services
from .ressourcen import in_woertern
from .views import INHALTSTYP


@login_required
def export(request, jahr, format):
    erfordern(request.user, "kennzahlen.view_liste")
    if format not in INHALTSTYP or not JAHR_MIN <= jahr <= JAHR_MAX:
        raise Http404
    kopf, zeilen = in_woertern(
        *exportzeilen(
            jahr,
            sichtbar=sichtbare_sozialraeume(request.user),
            genau_alle=request.user.has_perm("kennzahlen.pruefen"),
            genau_fuer=geleitete_sozialraum_ids(request.user),
        )
    )
    if format == "csv":
        inhalt = services._csv(kopf, zeilen)
    else:
        inhalt = services._xlsx(kopf, zeilen, f"Kennzahlen {jahr}")
    name = f"kennzahlen-{jahr}-{timezone.localdate():%Y-%m-%d}.{format}"
    antwort = HttpResponse(inhalt, content_type=INHALTSTYP[format])
    antwort["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort
