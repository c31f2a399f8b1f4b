"""The six kinds of file, in the order a migration imports them: Träger,
Sozialraumkonzepte (applications name their Ziele), Verteilungsschlüssel
(allocations name them), Zuweisungen (approvals bind their money), Anträge,
Kennzahlen (the Büros' quarterly counts; they name only Sozialräume)."""

from .konzepte import KonzeptRessource
from .meldungen import KennzahlenRessource
from .ressourcen import AntragRessource, TraegerRessource, ZuweisungRessource
from .schluessel import SchluesselRessource

RESSOURCEN = {
    r.art: r
    for r in (
        TraegerRessource,
        KonzeptRessource,
        SchluesselRessource,
        ZuweisungRessource,
        AntragRessource,
        KennzahlenRessource,
    )
}
