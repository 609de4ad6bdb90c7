"""Find the bank files under a path and check them all, so one run reports everything.

A path can be one bank file (a draft, say), a bank folder holding ``bank.toml``, or a
folder of bank folders such as ``content/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, display_path
from .spec import BankSpec
from .validate import read_bank_file

BANK_FILE = "bank.toml"


@dataclass
class CheckResult:
    banks: list[BankSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fact_count(self) -> int:
        return sum(len(bank.facts) for bank in self.banks)


def find_bank_files(path: Path) -> tuple[list[Path], list[Problem]]:
    if path.is_file():
        return [path], []
    where = display_path(path)
    if not path.is_dir():
        return [], [Problem(where, 0, "no such file or folder")]
    if (path / BANK_FILE).is_file():
        return [path / BANK_FILE], []
    files, problems = [], []
    for folder in sorted(p for p in path.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            continue
        if (folder / BANK_FILE).is_file():
            files.append(folder / BANK_FILE)
        else:
            problems.append(Problem(display_path(folder), 0, f"no {BANK_FILE} in this folder"))
    if not files and not problems:
        problems.append(Problem(where, 0, f"no banks here (a bank is a folder with {BANK_FILE})"))
    return files, problems


def check_path(path: Path) -> CheckResult:
    """Check every bank under ``path``; nothing is written."""
    files, problems = find_bank_files(path)
    result = CheckResult(problems=problems)
    first_file: dict[str, str] = {}
    for bank_file in files:
        bank, found = read_bank_file(bank_file)
        result.problems.extend(found)
        if bank is None:
            continue
        if bank.slug in first_file:
            result.problems.append(
                Problem(
                    bank.display_path,
                    bank.slug_line,
                    f"slug '{bank.slug}' is already used by {first_file[bank.slug]}",
                )
            )
            continue
        first_file[bank.slug] = bank.display_path
        result.banks.append(bank)
    return result
