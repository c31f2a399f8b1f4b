"""The layout's rule (docs/entwicklung.md, "Aufbau"): imports run one way along
the chain regionen ← sozialraum ← budgets ← antraege ← kennzahlen ← berichte,
austausch; konten and betrieb stand beside it and import none of it; no product
module imports demo.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads
every module's imports (also those inside functions) without running them.
"""

from pathlib import Path

from importlinter import cli

WURZEL = Path(__file__).resolve().parent.parent


def test_importe_laufen_in_einer_richtung(capsys):
    ergebnis = cli.lint_imports(
        config_filename=str(WURZEL / "pyproject.toml"), no_cache=True, no_logo=True
    )
    ausgabe = capsys.readouterr().out
    assert ergebnis == cli.EXIT_STATUS_SUCCESS, ausgabe
    assert "4 kept, 0 broken" in ausgabe
