"""Bank exports: CSV, Moodle GIFT, Anki package, Moodle XML and our JSON, from the same
contents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import Bank
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
    return f"{bank.slug}.{EXPORTS[fmt].extension}"


__all__ = ["EXPORTS", "ExportFormat", "export_filename"]
