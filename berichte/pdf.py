"""HTML to PDF/A with WeasyPrint; stylesheets and fonts come from disk.

The rendering never makes a request: not to the app itself (a worker would
wait for itself), not to the internet. Only our own static files are served
to WeasyPrint, read through the staticfiles finders (development) or from
STATIC_ROOT (production, after collectstatic).
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A made-up origin for the document's relative links; nothing is ever fetched
# from it, the fetcher below maps it to files.
BASIS_URL = "https://sozialraum-budget.invalid/"
PDF_VARIANTE = "pdf/a-3b"  # for the council archive (issue 5)


class StatischeDateien(URLFetcher):
    """Serves `/static/...` from disk and refuses every other address."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], fail_on_errors=True)

    def fetch(self, url, headers=None):
        teile = urlsplit(url)
        if teile.netloc != urlsplit(BASIS_URL).netloc or not teile.path.startswith(
            settings.STATIC_URL
        ):
            raise ValueError(f"Adresse nicht erlaubt: {url}")
        pfad = _statische_datei(unquote(teile.path[len(settings.STATIC_URL) :]))
        if pfad is None:
            raise ValueError(f"Statische Datei fehlt: {url}")
        typ = mimetypes.guess_type(pfad)[0] or "application/octet-stream"
        with open(pfad, "rb") as datei:
            inhalt = datei.read()
        return URLFetcherResponse(url, inhalt, {"Content-Type": typ})


def _statische_datei(relativ):
    if ".." in relativ.split("/"):
        return None
    gefunden = finders.find(relativ)
    if gefunden:
        return gefunden
    kandidat = settings.STATIC_ROOT / relativ if settings.STATIC_ROOT else None
    return str(kandidat) if kandidat and kandidat.is_file() else None


def html_zu_pdf(html):
    """Render finished HTML (title and author in its <head>) as PDF/A-3b bytes."""
    return HTML(
        string=html, base_url=BASIS_URL, url_fetcher=StatischeDateien()
    ).write_pdf(pdf_variant=PDF_VARIANTE)
