"""The exporter base: CSV that no spreadsheet evaluates, typed Excel cells in write-only mode,
the registry of export kinds, and the chunked encrypted file format of background exports."""

import csv
import io
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet, InvalidToken
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from apps.core import chunked
from apps.core.exports import (
    FORMULA_PREFIXES,
    Column,
    ExportKind,
    Table,
    csv_lines,
    csv_response,
    csv_safe,
    register_export,
    write_csv,
    write_export,
    write_xlsx,
)

BERLIN = ZoneInfo("Europe/Berlin")


def table(values, **extra) -> Table:
    return Table(title="Test", filename="test", columns=[Column("Value", lambda v: v)], rows=list(values), **extra)


def csv_cells(tab: Table) -> list[list[str]]:
    text = "".join(csv_lines(tab))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize(("value", "safe"), [
    ("=1+1", "'=1+1"), ("+49 651", "'+49 651"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\r=1", "'\r=1"), ("\n=1", "'\n=1"), ("|cmd", "'|cmd"), ("%x", "'%x"),
    ("\uff1dHYPERLINK()", "'\uff1dHYPERLINK()"), ("\uff0b1", "'\uff0b1"), ("\uff0d1", "'\uff0d1"),
    ("\uff20SUM", "'\uff20SUM"), ("\ufe62x", "'\ufe62x"),
    ("IOM-2025-000001", "IOM-2025-000001"), ("a=b", "a=b"), ("", ""), (None, ""), (7, "7"),
])
def test_csv_safe_quotes_every_formula_start(value, safe):
    assert csv_safe(value) == safe


def _starts_formula(text: str) -> bool:
    return bool(text) and unicodedata.normalize("NFKC", text[:1]).startswith(FORMULA_PREFIXES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_no_text_cell_written_to_csv_starts_a_formula(texts):
    tab = Table(title="T", filename="t", columns=[Column(f"C{i}", lambda row, i=i: row[i]) for i in range(len(texts))],
                rows=[texts], preamble=["=preamble"])
    *_, row = csv_cells(tab)
    assert not any(_starts_formula(cell) for cell in row)
    # Nothing is lost: the cell is the text, behind a quote when it would have been a formula.
    assert [cell[1:] if _starts_formula(text) else cell for cell, text in zip(row, texts, strict=True)] == texts


def test_csv_writes_typed_values_for_german_spreadsheets():
    at = datetime(2025, 3, 30, 1, 30, tzinfo=ZoneInfo("UTC"))  # 03:30 summer time in Berlin
    tab = Table(title="T", filename="t", columns=[Column(h, lambda r, h=h: r[h]) for h in "abcdef"],
                rows=[{"a": at, "b": date(2025, 1, 2), "c": Decimal("1.5"), "d": -3, "e": True, "f": None}],
                preamble=["Zeitraum 2025"])
    preamble, header, row = csv_cells(tab)
    assert preamble == ["Zeitraum 2025"]
    assert header == list("abcdef")
    # A negative number is a number, not a formula: spreadsheets read it as one.
    assert row == ["30.03.2025 03:30:00", "02.01.2025", "1,5", "-3", "yes", ""]


def test_csv_reports_progress_every_thousand_rows():
    seen = []
    target = io.BytesIO()
    write_csv(table(range(2500)), target, seen.append)
    assert seen == [1000, 2000]
    assert target.getvalue().decode("utf-8").count("\n") == 2501


def test_csv_response_streams_an_uncached_attachment():
    response = csv_response(table(["=x"]))
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="test.csv"'
    assert response["Cache-Control"] == "no-store"
    assert body.endswith("'=x\r\n")


def test_excel_round_trip_keeps_types_and_stores_formulas_as_text(tmp_path):
    at = datetime(2025, 7, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    rows = [{"text": "=1+1", "n": 42, "d": date(2025, 1, 2), "t": at, "dec": Decimal("2.5"), "none": None}]
    tab = Table(title="A title: longer than thirty-one characters [x]", filename="t",
                columns=[Column(k, lambda r, k=k: r[k]) for k in ("text", "n", "d", "t", "dec", "none")],
                rows=rows, preamble=["@preamble"])
    path = tmp_path / "t.xlsx"
    write_xlsx(tab, path)

    book = load_workbook(path)
    sheet = book.active
    assert sheet.title == "A title  longer than thirty-one"
    values = list(sheet.iter_rows(values_only=True))
    # Formula-like text is a string cell: shown as it is, never evaluated, no quote needed.
    assert values[0][0] == "@preamble"
    assert values[1] == ("text", "n", "d", "t", "dec", "none")
    text, number, day, when, dec, none = values[2]
    assert text == "=1+1"
    assert number == 42
    assert day.date() == date(2025, 1, 2)
    assert when == datetime(2025, 7, 1, 14, 0)  # local time (Berlin, summer)
    assert dec == 2.5
    assert none is None
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
    assert sheet["A3"].data_type == "s"


def test_excel_is_written_in_write_only_mode_into_a_stream_without_seek():
    class Forward(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, b):
            self.data += b
            return len(b)

    target = Forward()
    write_xlsx(table(range(10)), target)
    assert [r[0] for r in load_workbook(io.BytesIO(bytes(target.data))).active.iter_rows(values_only=True)] == [
        "Value", *range(10)]


def test_an_export_kind_needs_exactly_one_way_to_write():
    with pytest.raises(ValueError, match="exactly one"):
        register_export(ExportKind(code="x.none", title="x", permission="report.view"))
    with pytest.raises(ValueError, match="unknown formats"):
        register_export(ExportKind(code="x.odd", title="x", permission="report.view", build=lambda u, p: table([]),
                                   formats=("docx",)))


def test_write_export_counts_rows_and_refuses_other_formats():
    kind = ExportKind(code="x.kind", title="x", permission="report.view", build=lambda u, p: table(range(3)),
                      formats=("csv",))
    target = io.BytesIO()
    assert write_export(kind, None, {}, "csv", target) == ("test.csv", 3)
    with pytest.raises(ValueError):
        write_export(kind, None, {}, "xlsx", io.BytesIO())


# --- Chunked encryption ---------------------------------------------------------------------

def encrypt(data: bytes) -> bytes:
    target = io.BytesIO()
    writer = chunked.EncryptedChunkWriter(target)
    for start in range(0, len(data), 70_000):
        writer.write(data[start:start + 70_000])
    writer.close()
    return target.getvalue()


@pytest.mark.parametrize("size", [0, 1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 17])
def test_chunked_encryption_round_trips(size):
    data = bytes(i % 251 for i in range(size))
    stored = encrypt(data)
    assert size < 100 or data[:100] not in stored
    chunks = list(chunked.decrypt_chunks(io.BytesIO(stored)))
    assert b"".join(chunks) == data
    assert all(len(c) <= chunked.CHUNK for c in chunks)


def test_a_cut_or_reordered_file_does_not_decrypt():
    stored = encrypt(bytes(2 * 1024 * 1024 + 5))
    tokens = list(chunked._tokens(io.BytesIO(stored)))
    assert len(tokens) == 3

    def assemble(parts):
        return chunked.MAGIC + b"".join(chunked._LENGTH.pack(len(t)) + t for t in parts)

    for broken in (assemble(tokens[:2]), assemble([tokens[1], tokens[0], tokens[2]]), stored[:-10]):
        with pytest.raises(InvalidToken):
            b"".join(chunked.decrypt_chunks(io.BytesIO(broken)))


def test_rotation_reencrypts_stored_exports_under_the_newest_key(settings):
    from django.core.files.base import ContentFile

    old = settings.FIELD_ENCRYPTION_KEYS[0]
    storage = chunked.export_storage()
    name = storage.save("rotate.rnx", ContentFile(encrypt(b"x" * 2_000_000)))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    assert chunked.needs_reencryption(storage, name)
    assert chunked.reencrypt(storage, name)
    assert not chunked.needs_reencryption(storage, name)
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    with storage.open(name, "rb") as source:
        assert b"".join(chunked.decrypt_chunks(source)) == b"x" * 2_000_000
