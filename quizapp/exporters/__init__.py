"""Bank exports: CSV, Moodle GIFT, Anki package, Moodle XML and our JSON, from the same
contents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..downloads import file_stem
from ..models import Bank
from ..ops import events
from .apkg_export import export_apkg
from .contents import Progress
from .csv_export import export_csv
from .gift_export import export_gift
from .json_export import export_json
from .moodle_xml_export import export_moodle_xml


@dataclass(frozen=True)
class ExportFormat:
    write: Callable[[Bank, Progress], bytes]
    extension: str
    mimetype: str
    label: str


EXPORTS: dict[str, ExportFormat] = {
    "csv": ExportFormat(export_csv, "csv", "text/csv; charset=utf-8", "CSV"),
    "gift": ExportFormat(export_gift, "gift.txt", "text/plain; charset=utf-8", "Moodle GIFT"),
    "apkg": ExportFormat(export_apkg, "apkg", "application/octet-stream", "Anki package"),
    "moodle-xml": ExportFormat(
        export_moodle_xml, "moodle.xml", "application/xml; charset=utf-8", "Moodle XML"
    ),
    "json": ExportFormat(export_json, "json", "application/json; charset=utf-8", "JSON"),
}


def export_filename(bank: Bank, fmt: str) -> str:
    """The download's name, from the bank's title in its own script ("탈북민.csv")."""
    return f"{file_stem(bank.title, bank.slug)}.{EXPORTS[fmt].extension}"


def write_bank(bank: Bank, fmt: str, on_progress: Progress = None) -> bytes:
    """``bank`` in format ``fmt``; the export is logged and its facts counted."""
    facts = 0

    def counted(done: int) -> None:
        nonlocal facts
        facts += done
        if on_progress:
            on_progress(done)

    data = EXPORTS[fmt].write(bank, counted)
    events.export_written("bank", fmt, facts, bank_id=bank.id)
    return data


__all__ = ["EXPORTS", "ExportFormat", "export_filename", "write_bank"]
