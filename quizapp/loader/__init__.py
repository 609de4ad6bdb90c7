"""Content loader: bank files in ``content/`` -> checked facts -> questions -> database.

``collect.check_path`` finds and checks bank files (writing nothing);
``upsert.load_bank`` writes one checked bank; ``draft`` turns an article into a bank
file for a teacher to finish. ``cli`` holds the ``flask content`` commands.
"""

from .bank_load import BankReport, load_bank, ownership_conflicts
from .collect import CheckResult, check_path
from .problems import Problem

__all__ = [
    "BankReport",
    "CheckResult",
    "Problem",
    "check_path",
    "load_bank",
    "ownership_conflicts",
]
