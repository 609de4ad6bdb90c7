"""The CSV bank format: one row per question, the columns ``importers.csv_format`` reads.

Text cells a spreadsheet would run as a formula are neutralised (see DESIGN.md), and the
importer undoes exactly that, so export -> import -> export gives identical bytes.
"""

from __future__ import annotations

import csv
import io

from ..importers.csv_format import COLUMNS, neutralise_formula
from ..importers.tags import join_tags
from ..importers.text import join_list
from ..models import Bank
from .contents import Progress, bank_contents


def export_csv(bank: Bank, on_progress: Progress = None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in bank_contents(bank, on_progress):
        fact = item.fact
        for question in item.questions:
            row = (
                question.kind,
                question.prompt,
                question.answer,
                join_list(question.accepted_variants),
                join_list(question.choices),
                question.explanation,
                fact.topic,
                fact.key,
                question.key,
                fact.statement,
                fact.source_ref,
                "" if fact.source_paragraph is None else str(fact.source_paragraph),
                "true" if question.strict else "",
                join_tags(fact.tags),
            )
            writer.writerow([neutralise_formula(cell) for cell in row])
    # With a byte-order mark: Excel, where teachers edit a bank, reads a CSV without one
    # in the computer's old code page, and Korean comes out as mojibake. Our importer,
    # Google Sheets and LibreOffice read it either way.
    return buffer.getvalue().encode("utf-8-sig")
