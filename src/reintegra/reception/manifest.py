"""Reading and checking a manifest (CSV or XLSX) before anything is written.

Every problem is reported with its row (as the spreadsheet numbers it: the header is row
1) and column; one problem anywhere means nothing is imported.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from reintegra.people.dates import PartialDateError, latest_possible, parse_partial_date

COLUMNS = (
    "ref", "given_name", "family_name", "father_name", "sex", "date_of_birth", "place_of_birth",
    "citizenship_claim", "held_at", "family_ref", "mother_ref", "notes",
)
# Facts a manifest may carry when they are known (yes / no / empty).
OPTIONAL_COLUMNS = ("mother_consent", "birth_record")
REQUIRED = ("ref", "given_name", "family_name", "sex")
MAX_LENGTH = {
    "ref": 64, "given_name": 150, "family_name": 150, "father_name": 150, "place_of_birth": 200,
    "citizenship_claim": 100, "held_at": 200, "family_ref": 64, "mother_ref": 64, "notes": 2000,
}
FORMULA_STARTS = ("=", "+", "-", "@")
_YES = {"y", "yes", "true", "1", "po", "da"}
_NO = {"n", "no", "false", "0", "jo", "ne"}


@dataclass(frozen=True)
class Problem:
    row: int  # 0: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row} if self.row else _("file")
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ManifestRow:
    row: int
    ref: str
    given_name: str
    family_name: str
    father_name: str
    sex: str
    birth_date: date | None
    birth_precision: str
    place_of_birth: str
    citizenship_claim: str
    held_at: str
    family_ref: str
    mother_ref: str
    notes: str
    mother_consent: str  # "yes", "no" or "unknown"
    birth_record: str


@dataclass
class Manifest:
    rows: list[ManifestRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ManifestFileError(ValueError):
    pass


# --- Reading ----------------------------------------------------------------------------------


def _decode(data: bytes, encoding: str | None, problems: list[Problem]) -> str | None:
    name = encoding or "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        problems.append(Problem(0, "", _("Unknown encoding “%(name)s”.") % {"name": name}))
        return None
    if name.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig"):
        name = "utf-8-sig"  # a byte-order mark from Excel is not part of the first header
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(row, "", _(
            "The file is not valid %(encoding)s (byte 0x%(byte)02x). If it was exported in another "
            "encoding (a Windows-1250 export, say), name it: --encoding cp1250."
        ) % {"encoding": encoding or "UTF-8", "byte": data[exc.start]}))
        return None


def _read_csv(data: bytes, encoding: str | None, problems: list[Problem]) -> list[list[str]] | None:
    text = _decode(data, encoding, problems)
    if text is None:
        return None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        problems.append(Problem(0, "", _("Not a readable CSV file: %(error)s") % {"error": exc}))
        return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, problems: list[Problem]) -> list[list[str]] | None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.append(Problem(0, "", _("Not a readable XLSX file: %(error)s") % {"error": exc}))
        return None
    sheet = workbook.worksheets[0]
    rows: list[list[str]] = []
    for cells in sheet.iter_rows():
        row = []
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                value = cell.value if str(cell.value).startswith("=") else f"={cell.value}"
                row.append(str(value))
            else:
                row.append(_cell_text(cell.value))
        rows.append(row)
    workbook.close()
    return rows


def read_table(data: bytes, filename: str, encoding: str | None = None) -> tuple[list[list[str]] | None, list[Problem]]:
    problems: list[Problem] = []
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, problems), problems
    return _read_csv(data, encoding, problems), problems


# --- Checking ---------------------------------------------------------------------------------------


def _yes_no(value: str, row: int, column: str, errors: list[Problem]) -> str:
    folded = value.strip().lower()
    if not folded:
        return "unknown"
    if folded in _YES:
        return "yes"
    if folded in _NO:
        return "no"
    errors.append(Problem(row, column, _("“%(value)s” is not yes or no.") % {"value": value}))
    return "unknown"


def parse_manifest(data: bytes, filename: str, *, encoding: str | None = None, today: date | None = None) -> Manifest:
    """Read and check a manifest; `errors` lists every problem found, by row and column."""
    manifest = Manifest()
    table, problems = read_table(data, filename, encoding)
    manifest.errors.extend(problems)
    if table is None:
        return manifest
    # Rows keep their spreadsheet number: blank rows are skipped, not renumbered.
    numbered = [(i, r) for i, r in enumerate(table, start=1) if any((c or "").strip() for c in r)]
    if not numbered:
        manifest.errors.append(Problem(0, "", _("The file is empty.")))
        return manifest
    header_row, header_cells = numbered[0]
    header = [(h or "").strip().lower() for h in header_cells]
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name in seen:
            manifest.errors.append(Problem(header_row, name, _("The column appears twice.")))
        seen.setdefault(name, index)
        if name not in known:
            manifest.warnings.append(Problem(header_row, name, _("Unknown column: it is not imported.")))
    for name in REQUIRED:
        if name not in seen:
            manifest.errors.append(Problem(header_row, name, _("The required column is missing.")))
    if any(p.row == header_row and p.column in REQUIRED for p in manifest.errors):
        return manifest
    today = today or date.today()
    by_ref: dict[str, ManifestRow] = {}
    errors = manifest.errors
    for number, cells in numbered[1:]:
        def cell(name: str, cells=cells) -> str:
            index = seen.get(name)
            if index is None or index >= len(cells):
                return ""
            return (cells[index] or "").strip()

        for index, raw in enumerate(cells):
            if raw and raw.lstrip().startswith(FORMULA_STARTS):
                column = header[index] if index < len(header) and header[index] else f"#{index + 1}"
                errors.append(Problem(number, column, _(
                    "The cell starts with “%(char)s”: a spreadsheet formula is not accepted."
                ) % {"char": raw.lstrip()[0]}))
        for name in REQUIRED:
            if not cell(name):
                errors.append(Problem(number, name, _("A value is required.")))
        for name, limit in MAX_LENGTH.items():
            if len(cell(name)) > limit:
                errors.append(Problem(number, name, _("Longer than %(n)d characters.") % {"n": limit}))
        sex = cell("sex").upper()
        if cell("sex") and sex not in ("M", "F"):
            errors.append(Problem(number, "sex", _("“%(value)s” is not a sex: write M or F.") % {"value": cell("sex")}))
        birth, precision = None, "unknown"
        try:
            birth, precision = parse_partial_date(cell("date_of_birth"))
        except PartialDateError as exc:
            errors.append(Problem(number, "date_of_birth", str(exc)))
        if birth is not None and birth > today:
            errors.append(Problem(number, "date_of_birth", _("The date of birth is in the future.")))
        row = ManifestRow(
            row=number, ref=cell("ref"), given_name=cell("given_name"), family_name=cell("family_name"),
            father_name=cell("father_name"), sex=sex, birth_date=birth, birth_precision=precision,
            place_of_birth=cell("place_of_birth"), citizenship_claim=cell("citizenship_claim"),
            held_at=cell("held_at"), family_ref=cell("family_ref"), mother_ref=cell("mother_ref"),
            notes=cell("notes"),
            mother_consent=_yes_no(cell("mother_consent"), number, "mother_consent", errors),
            birth_record=_yes_no(cell("birth_record"), number, "birth_record", errors),
        )
        if row.ref:
            if row.ref in by_ref:
                errors.append(Problem(number, "ref", _("The reference %(ref)s is already used in row %(row)d.")
                                      % {"ref": row.ref, "row": by_ref[row.ref].row}))
            else:
                by_ref[row.ref] = row
        manifest.rows.append(row)
    _check_families(manifest.rows, by_ref, errors)
    if not manifest.rows and not errors:
        errors.append(Problem(0, "", _("The file has a header but no rows.")))
    errors.sort(key=lambda p: (p.row, p.column))
    return manifest


def _check_families(rows: list[ManifestRow], by_ref: dict[str, ManifestRow], errors: list[Problem]) -> None:
    for row in rows:
        if not row.mother_ref:
            continue
        mother = by_ref.get(row.mother_ref)
        if mother is None:
            errors.append(Problem(row.row, "mother_ref", _("No row has the reference %(ref)s.") % {"ref": row.mother_ref}))
            continue
        if mother is row:
            errors.append(Problem(row.row, "mother_ref", _("A person cannot be their own mother.")))
            continue
        if mother.sex == "M":
            errors.append(Problem(row.row, "mother_ref", _("The mother (row %(row)d) is recorded as male.") % {"row": mother.row}))
        if row.birth_date and mother.birth_date and latest_possible(row.birth_date, row.birth_precision) < mother.birth_date:
            errors.append(Problem(row.row, "date_of_birth", _(
                "The child is born before its mother (row %(row)d)."
            ) % {"row": mother.row}))
        if row.family_ref and mother.family_ref and row.family_ref != mother.family_ref:
            errors.append(Problem(row.row, "family_ref", _(
                "The child's family %(child)s differs from its mother's family %(mother)s (row %(row)d)."
            ) % {"child": row.family_ref, "mother": mother.family_ref, "row": mother.row}))
