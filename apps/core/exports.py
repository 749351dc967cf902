"""One exporter base for every export: a table (title, columns, rows) written as CSV that no
spreadsheet evaluates, or as Excel through openpyxl's write-only mode, row by row, so the
memory an export needs does not grow with its rows.

An app describes what it exports as an `ExportKind` and registers it in its
`AppConfig.ready()` (`register_export`); the job queue (`apps.jobs.exports`) runs large
exports in the background, stores the file encrypted and expiring, and audits them. Small
exports may be written in the request with `csv_response`.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); a
# leading tab or carriage return hides such a start from a naive check.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_safe(value) -> str:
    """The value as text that a spreadsheet shows but never evaluates."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class Column:
    """One column: its header (translated when the export is built) and how a row's value is
    read. `value` receives one object of `Table.rows`."""

    header: str
    value: Callable[[Any], Any]


@dataclass
class Table:
    """What an export writes. `rows` is iterated once, lazily (a queryset's `.iterator()`);
    `total` (if known) lets the job queue show progress."""

    title: str
    filename: str  # without extension; the writer adds .csv/.xlsx
    columns: list[Column]
    rows: Iterable[Any]
    total: int | None = None
    # Lines above the header (e.g. period and filters of a report), written as plain text.
    preamble: list[str] = field(default_factory=list)


def cell(value):
    """A value as a cell: numbers and dates stay typed (Excel); time-zone-aware times are shown
    in local time without zone (Excel cannot store one)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)) and not isinstance(value, bool):
        return value
    return csv_safe(value)


def _text(value) -> str:
    value = cell(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


class _Echo:
    """csv.writer writes into this and gets the line back, so lines can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The table as CSV lines (UTF-8 with byte order mark, so spreadsheets read it right)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for line in table.preamble:
        yield writer.writerow([csv_safe(line)])
    yield writer.writerow([csv_safe(column.header) for column in table.columns])
    for count, row in enumerate(table.rows, start=1):
        yield writer.writerow([_text(column.value(row)) for column in table.columns])
        if progress and count % 1000 == 0:
            progress(count)


def write_csv(table: Table, target, progress: Callable[[int], None] | None = None) -> None:
    """Write the CSV into a binary file object."""
    for line in csv_lines(table, progress):
        target.write(line.encode("utf-8"))


def write_xlsx(table: Table, target, progress: Callable[[int], None] | None = None) -> None:
    """Write an Excel workbook into a path or binary file object, in write-only mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.title))
    for line in table.preamble:
        sheet.append([csv_safe(line)])
    sheet.append([csv_safe(column.header) for column in table.columns])
    for count, row in enumerate(table.rows, start=1):
        sheet.append([cell(column.value(row)) for column in table.columns])
        if progress and count % 1000 == 0:
            progress(count)
    workbook.save(target)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Export")[:31]


# --- Kinds of export, registered by the apps that own the data ---------------------------

@dataclass(frozen=True)
class ExportKind:
    """`build(user, params)` returns the Table for that user (scoped by the app's selectors)
    or raises PermissionDenied/ValidationError; `permission` is what requesting it needs.
    `personal_data` marks exports whose reading is audited as a read of personal data."""

    code: str
    title: Any
    permission: str
    build: Callable[[Any, dict], Table]
    personal_data: bool = False


EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> None:
    EXPORT_KINDS[kind.code] = kind


def export_kind(code: str) -> ExportKind | None:
    return EXPORT_KINDS.get(code)
