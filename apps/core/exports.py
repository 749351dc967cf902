"""One exporter base for every export: a table (title, columns, rows) written as CSV that no
spreadsheet evaluates, or as Excel through openpyxl's write-only mode, row by row, so the
memory an export needs does not grow with its rows.

An app describes what it exports as an `ExportKind` and registers it in its
`AppConfig.ready()` (`register_export`); the job queue (`apps.jobs.exports`) runs large
exports in the background, stores the file encrypted and expiring, and audits them. Small
exports may be written in the request with `csv_response`.
"""

import csv
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP:
# = + - @ tab CR); a leading line feed, pipe (DDE in old Excel) or percent (LibreOffice
# macros in some locales) is treated the same, since quoting them costs nothing.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_safe(value) -> str:
    """The value as text that a spreadsheet shows but never evaluates.

    The check looks at the first character after compatibility normalisation (NFKC), so the
    full-width forms U+FF1D "＝", U+FF0B "＋", U+FF0D "－", U+FF20 "＠" (and others that fold
    onto a prefix, such as U+FE62 "﹢"), which some spreadsheets fold into "=" "+" "-" "@" on
    import, are quoted too; the text itself is kept unchanged."""
    text = "" if value is None else str(value)
    if text[:1] and unicodedata.normalize("NFKC", text[:1]).startswith(FORMULA_PREFIXES):
        return f"'{text}"
    return text


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
    in local time without zone (Excel cannot store one); None stays an empty cell; booleans
    and everything else become safe text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)) and not isinstance(value, bool):
        return value
    return csv_safe(_yes_no(value) if isinstance(value, bool) else value)


def _yes_no(value: bool) -> str:
    from django.utils.translation import gettext

    return gettext("yes") if value else gettext("no")


def _text(value) -> str:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        # German spreadsheets read the decimal comma (the file is ";"-separated for them).
        return str(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
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
        sheet.append([_xlsx(sheet, line)])
    sheet.append([_xlsx(sheet, column.header) for column in table.columns])
    for count, row in enumerate(table.rows, start=1):
        sheet.append([_xlsx(sheet, column.value(row)) for column in table.columns])
        if progress and count % 1000 == 0:
            progress(count)
    workbook.save(target)


def _xlsx(sheet, value):
    """A typed cell; text that would start a formula is stored as a string cell (type "s"),
    which Excel and LibreOffice show as it is and never evaluate, so it needs no quote."""
    value = cell(value)
    if not isinstance(value, str) or not value.startswith("'") or csv_safe(value[1:]) == value[1:]:
        return value
    from openpyxl.cell import WriteOnlyCell

    text = WriteOnlyCell(sheet, value=value[1:])
    text.data_type = "s"  # openpyxl took the leading "=" for a formula
    return text


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return (cleaned or "Export")[:31]


def csv_response(table: Table) -> StreamingHttpResponse:
    """A small export written in the request, streamed line by line, never cached."""
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{table.filename}.csv")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Kinds of export, registered by the apps that own the data ---------------------------

FORMATS = {
    "csv": ("text/csv; charset=utf-8", write_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx),
    "pdf": ("application/pdf", None),
}


@dataclass(frozen=True)
class ExportKind:
    """One kind of export an app offers.

    `clean(user, params)` runs in the request: it validates the parameters (raising
    ValidationError with a translated message) and returns them JSON-ready, fixing what must
    be fixed at the moment of the request (e.g. a snapshot id). `build(user, params)` runs in
    the job and returns the Table for that user, scoped by the app's selectors (raising
    PermissionDenied when the user lost the right meanwhile). Kinds that write their own file
    format (a PDF) give `write(user, params, target, progress)` instead, returning the file
    name without extension and the rows (or figures) written. `permission` is what
    requesting it needs; `personal_data` marks exports whose download is audited as a read
    of personal data. `organisation(user, params)` names the organisation the export
    belongs to (its audit log); by default the first one where the user holds the
    permission."""

    code: str
    title: Any
    permission: str
    build: Callable[[Any, dict], Table] | None = None
    clean: Callable[[Any, dict], dict] | None = None
    formats: tuple[str, ...] = ("csv", "xlsx")
    personal_data: bool = False
    write: Callable[..., tuple[str, int]] | None = None
    organisation: Callable[[Any, dict], int | None] | None = None


EXPORT_KINDS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> None:
    if (kind.build is None) == (kind.write is None):
        raise ValueError(f"export kind {kind.code} needs exactly one of build or write")
    unknown = set(kind.formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"export kind {kind.code}: unknown formats {sorted(unknown)}")
    EXPORT_KINDS[kind.code] = kind


def export_kind(code: str) -> ExportKind | None:
    return EXPORT_KINDS.get(code)


def write_export(kind: ExportKind, user, params: dict, fmt: str, target,
                 progress: Callable[[int], None] | None = None, *, on_table: Callable[[Table], None] | None = None
                 ) -> tuple[str, int]:
    """Write one export of `kind` in `fmt` into a binary file object; returns the file name
    (with extension) and the number of rows written."""
    if fmt not in kind.formats:
        raise ValueError(f"export kind {kind.code} has no format {fmt}")
    if kind.write is not None:
        stem, rows = kind.write(user, params, target, progress)
        return f"{stem}.{fmt}", rows
    table = kind.build(user, params)
    if on_table:
        on_table(table)
    written = 0

    def counting(rows):
        nonlocal written
        for written, row in enumerate(rows, start=1):  # noqa: B007 - the count is read after the loop
            yield row

    table.rows = counting(table.rows)
    FORMATS[fmt][1](table, target, progress)
    return f"{table.filename}.{fmt}", written
