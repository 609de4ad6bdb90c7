"""The workspace's bank list as a teacher with 25 banks and 8 classes reads it: their own
banks apart from the built-in ones, each saying which of their classes it is assigned to.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..banks.access import workspace_banks
from ..extensions import db
from ..models import Assignment, Bank, Classroom, User
from ..name_keys import by_name
from .access import taught_classroom_ids


@dataclass(frozen=True)
class BankList:
    own: list[Bank]
    built_in: list[Bank]
    # Bank id -> the names of the teacher's classes it is assigned to, in name order.
    classes: dict[int, list[str]]


def bank_list(teacher: User) -> BankList:
    """The teacher's workspace banks, grouped, with their classes: two statements for any
    number of banks and classes."""
    banks = workspace_banks(teacher)
    return BankList(
        own=[bank for bank in banks if not bank.is_builtin],
        built_in=[bank for bank in banks if bank.is_builtin],
        classes=assigned_classes(teacher),
    )


def assigned_classes(teacher: User, bank: Bank | None = None) -> dict[int, list[str]]:
    """Bank id -> the names of the classes ``teacher`` teaches that it is assigned to (once
    each, however many quizzes of it a class was set), an archived one's marked so (it
    still holds the bank, but is not this term's); only ``bank``'s when given."""
    query = (
        select(Assignment.bank_id, Classroom.name, Classroom.archived_at.is_not(None))
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(Classroom.id.in_(taught_classroom_ids(teacher)))
        .distinct()
    )
    if bank is not None:
        query = query.where(Assignment.bank_id == bank.id)
    rows = db.session.execute(query)
    classes: dict[int, list[str]] = {}
    for bank_id, name, archived in rows:
        classes.setdefault(bank_id, []).append(f"{name} (archived)" if archived else name)
    return {bank_id: by_name(names, str) for bank_id, names in classes.items()}
