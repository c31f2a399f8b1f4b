"""Who sees what of Regionalbudget 2 (docs/fachkonzept.md §5).

Case-level rows (Aktenzeichen, period, Träger, cost of one Hilfe): Fachdienst
51 only — not administrators, whose role is technical. Everyone with a role
sees the sums per Region and Hilfeart, small sums suppressed. The log of who
saw which case rows, and of the anonymisation runs, is open to FD 51 and to
administrators (it names Hilfen by their neutral number only).
"""

import rules

from konten.permissions import hat_irgendeine_rolle, ist_administrator, ist_fd51

rules.add_perm("hilfen.view_faelle", ist_fd51)
rules.add_perm("hilfen.buchen", ist_fd51)
rules.add_perm("hilfen.view_summen", hat_irgendeine_rolle)
rules.add_perm("hilfen.view_protokoll", ist_fd51 | ist_administrator)
