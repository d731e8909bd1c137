"""Reading person lists and writing scored pairs as CSV files.

Every value is read as text, exactly as written: "007" stays "007" and "NA" is
a name, not a missing value. Problems are reported with the file, line and
column, because the people fixing them open the file in a spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

from .prepare import PERSON_COLUMNS, InputError

__all__ = ["read_records_csv", "write_pairs_csv"]

ID_COLUMN = "record_id"


def _decode(raw: bytes, encoding: str, name: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{name}: line {line} cannot be read as {encoding} (byte 0x{byte}); "
            "files saved by Excel on Windows are often Windows-1250 or Windows-1252: "
            "try --encoding cp1250 or --encoding cp1252"
        ) from None
    # A byte-order mark is written by some spreadsheet programs; it is not data.
    return text.removeprefix("\ufeff")


def read_records_csv(
    path: str | Path, *, encoding: str = "utf-8"
) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV of person records; return (records, names of ignored columns).

    Raises :class:`InputError` for an unreadable file or encoding, a missing
    ``record_id`` column, a row with the wrong number of fields, or an empty or
    duplicate ``record_id`` (naming the line).
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    text = _decode(raw, encoding, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{name}: the file is empty") from None
    header = [h.strip().lower() for h in header]
    if ID_COLUMN not in header:
        found = ", ".join(h for h in header if h) or "none"
        raise InputError(f"{name}: no {ID_COLUMN} column (columns found: {found})")
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InputError(f"{name}: column {repeated[0]!r} appears more than once in the header")

    rows: list[list[str]] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    id_index = header.index(ID_COLUMN)
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of spreadsheet exports
        if len(row) != len(header):
            raise InputError(
                f"{name}: line {line} has {len(row)} fields, the header has {len(header)}"
            )
        record_id = row[id_index].strip()
        if not record_id:
            raise InputError(f"{name}: line {line}, column {ID_COLUMN}: empty {ID_COLUMN}")
        if record_id in seen:
            raise InputError(
                f"{name}: line {line}, column {ID_COLUMN}: duplicate id {record_id!r}"
                f" (first on line {seen[record_id]})"
            )
        seen[record_id] = line
        rows.append([cell.strip() for cell in row])
        lines.append(line)

    used = [h for h in header if h == ID_COLUMN or h in PERSON_COLUMNS]
    ignored = [h for h in header if h and h not in used]
    frame = pd.DataFrame(rows, columns=header, dtype=object)[used]
    frame.attrs["lines"] = lines  # so that later errors can name the line
    return frame, ignored


def write_pairs_csv(pairs: pd.DataFrame, path: str | Path) -> None:
    """Write ``left_id,right_id,match_probability,match_weight``, UTF-8."""
    columns = ["left_id", "right_id", "match_probability", "match_weight"]
    pairs[columns].to_csv(path, index=False, float_format="%.6f", encoding="utf-8")
