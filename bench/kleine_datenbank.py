"""The small bench database beside the large one, measured in a child process
(bench/antraege.py builds both; bench/seiten.py reads them)."""

import json
import os
import subprocess
import sys


def klein_url(url):
    """The small database next to the large one: …-klein.sqlite3 or …_klein."""
    basis, _, name = url.rpartition("/")
    name, _, rest = name.partition("?")
    stamm, punkt, endung = name.rpartition(".")
    name = f"{stamm}-klein.{endung}" if punkt else f"{name}_klein"
    return f"{basis}/{name}" + (f"?{rest}" if rest else "")


def im_kindprozess(skript, url):
    """Runs `skript --klein` on the database `url`; its last line of output,
    a JSON object, is the result."""
    ausgabe = subprocess.run(  # noqa: S603 (our own script, our own environment)
        [sys.executable, skript, "--klein"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if ausgabe.returncode:
        sys.exit(f"Kleine Datenbank ({url}) scheiterte:\n{ausgabe.stderr}")
    return json.loads(ausgabe.stdout.strip().splitlines()[-1])
