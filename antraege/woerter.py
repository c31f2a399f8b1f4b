"""The authority with its article ("der Landkreis", "die Hansestadt").

The Grunddaten file names the authority without an article (`behoerde_kurz`)
and in the genitive (`behoerde_genitiv`, "des Landkreises Lüneburg" / "der
Hansestadt Lüneburg"); the nominative's article follows from the genitive's:
"der …" is feminine, "des …" masculine (a neuter authority would need its
own word in config.begriffe).
"""

from dataclasses import asdict

from django.utils.functional import lazy
from django.utils.text import capfirst

from config.begriffe import begriffe


def die_behoerde(gross=False):
    """ "der Landkreis" / "die Hansestadt"; `gross`: "Der Landkreis"."""
    b = begriffe()
    artikel = "die" if b.behoerde_genitiv.startswith("der ") else "der"
    text = f"{artikel} {b.behoerde_kurz}"
    return capfirst(text) if gross else text


def der_behoerde():
    """The short genitive: "des Landkreises" / "der Hansestadt" (the file's
    genitive without the name that `behoerde` adds to `behoerde_kurz`)."""
    b = begriffe()
    name = b.behoerde[len(b.behoerde_kurz) :]
    if (
        name
        and b.behoerde.startswith(b.behoerde_kurz)
        and (b.behoerde_genitiv.endswith(name))
    ):
        return b.behoerde_genitiv[: -len(name)]
    return b.behoerde_genitiv


def text_mit_behoerde(vorlage):
    """config.begriffe.text with the authority's article forms as well:
    {die_behoerde} "der Landkreis", {Die_behoerde} "Der Landkreis",
    {der_behoerde} "des Landkreises"."""
    return vorlage.format(
        **asdict(begriffe()),
        die_behoerde=die_behoerde(),
        Die_behoerde=die_behoerde(gross=True),
        der_behoerde=der_behoerde(),
    )


def _klein(vorlage):
    return text_mit_behoerde(vorlage).lower()


# for form labels, help texts and other module-level texts
wortlaut_mit_behoerde = lazy(text_mit_behoerde, str)
# model fields' verbose names, lower case as Django's own ("sozialraum")
klein = lazy(_klein, str)
