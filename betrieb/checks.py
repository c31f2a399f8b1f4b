"""`manage.py check --deploy`: the security measures of issue 7 cannot be
switched off in production without a warning (CI fails on any warning).
`manage.py check`: the Grunddaten file of the installation is usable."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ValidationError

from config.begriffe import begriffe

_MIDDLEWARE = (
    "csp.middleware.CSPMiddleware",
    "betrieb.middleware.KeinCacheMiddleware",
    "konten.middleware.SitzungsfristMiddleware",
    "konten.middleware.MfaPflichtMiddleware",
)


@register(Tags.security, deploy=True)
def sicherheit_pruefen(app_configs, **kwargs):
    meldungen = []
    for name in _MIDDLEWARE:
        if name not in settings.MIDDLEWARE:
            meldungen.append(
                Warning(f"{name} fehlt in MIDDLEWARE.", id="sozialraum.W001")
            )
    if not {"fd51", "admin"} <= set(settings.MFA_PFLICHT_ROLLEN):
        meldungen.append(
            Warning(
                "MFA_PFLICHT_ROLLEN muss fd51 und admin enthalten.",
                id="sozialraum.W002",
            )
        )
    if not 0 < settings.SITZUNG_LEERLAUF_MINUTEN <= 60:
        meldungen.append(
            Warning(
                "SITZUNG_LEERLAUF_MINUTEN muss zwischen 1 und 60 liegen.",
                id="sozialraum.W003",
            )
        )
    if not 0 < settings.SITZUNG_HOECHSTDAUER_STUNDEN <= 12:
        meldungen.append(
            Warning(
                "SITZUNG_HOECHSTDAUER_STUNDEN muss zwischen 1 und 12 liegen.",
                id="sozialraum.W004",
            )
        )
    richtlinie = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    direktiven = richtlinie.get("DIRECTIVES", {})
    skripte = direktiven.get("script-src", direktiven.get("default-src", []))
    if not skripte or {"'unsafe-inline'", "'unsafe-eval'"} & set(skripte):
        meldungen.append(
            Warning(
                "Content-Security-Policy: script-src muss gesetzt sein und darf "
                "weder 'unsafe-inline' noch 'unsafe-eval' erlauben.",
                id="sozialraum.W005",
            )
        )
    if direktiven.get("frame-ancestors") != ["'none'"]:
        meldungen.append(
            Warning(
                "Content-Security-Policy: frame-ancestors muss 'none' sein.",
                id="sozialraum.W006",
            )
        )
    return meldungen


@register()
def grunddaten_pruefen(app_configs, **kwargs):
    """The Grunddaten file of settings.GRUNDDATEN exists and gives the
    authority's words: every page needs them."""
    try:
        begriffe()
    except FileNotFoundError:
        return [
            Error(
                f"Grunddaten-Datei nicht gefunden: {settings.GRUNDDATEN}",
                hint="GRUNDDATEN=landkreis, hansestadt oder der Pfad einer Datei.",
                id="sozialraum.E001",
            )
        ]
    except (ValueError, ValidationError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc
        return [
            Error(
                f"Grunddaten-Datei {settings.GRUNDDATEN} unbrauchbar: {text}",
                id="sozialraum.E001",
            )
        ]
    return []
