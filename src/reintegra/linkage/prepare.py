"""Turn person records as written into the derived columns the model compares.

Input: a pandas DataFrame with ``record_id`` and any of :data:`PERSON_COLUMNS`.
Output: one row per record with folded names, the date of birth split by
precision, and normalised sex and place. The original values are not changed and
not needed by the model; only derived columns go into Splink.

Derivation runs once per distinct value (names repeat a lot), so a million rows
take seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from .dates import DobError, parse_dob
from .folding import (
    fold_for_search,
    fold_loose,
    fold_skeleton,
    split_patronymic,
    strip_kunya,
)
from .places import fold_place

__all__ = [
    "COLUMN_TYPES",
    "infer_sex_from_names",
    "PERSON_COLUMNS",
    "PREPARED_COLUMNS",
    "InputError",
    "prepare_records",
]

PERSON_COLUMNS = (
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "date_of_birth",
    "place_of_birth",
)

PREPARED_COLUMNS = (
    "unique_id",
    "given_strict",
    "given_loose",
    "given_first",
    "given_skel",
    "family_strict",
    "family_loose",
    "family_skel",
    "father_decl",
    "father_any",
    "sex",
    "sex_any",
    "dob_y",
    "dob_m",
    "dob_d",
    "dob_prec",
    "dob_jan1",
    "dob_iso",
    "dob_full",
    "place_loose",
    "swap_given",
    "swap_family",
)


# Explicit types: a column that is empty in a small file would otherwise be
# inferred as a number, and string functions on it fail.
_INT_COLUMNS = {"dob_y", "dob_m", "dob_d"}
_BOOL_COLUMNS = {"dob_jan1"}
COLUMN_TYPES = {
    c: "int" if c in _INT_COLUMNS else "bool" if c in _BOOL_COLUMNS else "string"
    for c in PREPARED_COLUMNS
}


def to_arrow(prepared: pd.DataFrame, extra_columns: Iterable[str] = ()):
    """The prepared records as a pyarrow Table with explicit column types."""
    import pyarrow as pa

    kinds = {"int": pa.int32(), "bool": pa.bool_(), "string": pa.string()}
    fields = [pa.field(c, kinds[COLUMN_TYPES[c]]) for c in PREPARED_COLUMNS]
    fields += [pa.field(c, pa.string()) for c in extra_columns]
    arrays = []
    for f in fields:
        col = prepared[f.name]
        values = [None if pd.isna(v) else v for v in col.tolist()]
        arrays.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


class InputError(ValueError):
    """Bad input data; the message names the row and column."""


# Values for sex as written in English, Albanian and Bosnian/Croatian/Serbian forms.
_SEX_VALUES = {
    "m": "m",
    "male": "m",
    "man": "m",
    "mashkull": "m",
    "musko": "m",
    "muski": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "femer": "f",
    "zensko": "f",
    "zenski": "f",
    "z": "f",
    "ž": "f",
    "w": "f",
}
_UNKNOWN_SEX = frozenset({"", "u", "x", "unknown", "?", "-"})


def _none_if_empty(value: str) -> str | None:
    return value or None


def _given_parts(written: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(full loose given name, first word, father from the name, skeleton).

    A kunya ("Abu Hamza") is dropped; "Ahmed bin Salim" gives the father "Salim";
    "Valon Hysen" with no father column filled gives the guess "Hysen" (a father's
    name written into the given name), reported separately because it may also be
    a second given name.
    """
    strict = strip_kunya(fold_for_search(written))
    given, patronymic = split_patronymic(strict)
    loose = fold_loose(given)
    if not loose:
        return None, None, None, None
    tokens = loose.split()
    father = fold_loose(patronymic) if patronymic else None
    return loose, tokens[0], father or None, _none_if_empty(fold_skeleton(given))


def _map_unique(series: pd.Series, func: Callable[[str], object]) -> pd.Series:
    """Apply ``func`` once per distinct non-null value."""
    values = series.dropna().unique()
    mapping = {v: func(v) for v in values}
    return series.map(mapping)


def _sex(value: str, row_label: Callable[[], str], strict: bool) -> str | None:
    key = fold_for_search(value) if value else ""
    if key in _UNKNOWN_SEX:
        return None
    sex = _SEX_VALUES.get(key) or _SEX_VALUES.get(value.strip().lower())
    if sex is None and strict:
        raise InputError(f"{row_label()}, column sex: unrecognised value {value!r} (use M or F)")
    return sex


def prepare_records(
    records: pd.DataFrame | Iterable[dict],
    *,
    strict: bool = True,
    row_offset: int = 2,
) -> pd.DataFrame:
    """Derive the compared columns from records with ``record_id`` and person columns.

    ``strict`` raises :class:`InputError` naming the row and column for an
    unreadable date of birth or sex; otherwise such values become missing.
    ``row_offset`` turns a 0-based index into the row number a user sees (2 for a
    CSV file with a header line).
    """
    df = records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
    if "record_id" not in df.columns:
        raise InputError("no record_id column")
    # Line numbers of the source file when the reader recorded them (csvio).
    lines = df.attrs.get("lines")
    df = df.reset_index(drop=True)
    out = pd.DataFrame({"unique_id": df["record_id"].astype(str)})

    def column(name: str) -> pd.Series:
        if name not in df.columns:
            return pd.Series([None] * len(df), dtype=object)
        col = df[name].astype(object).where(df[name].notna(), None)
        return col.map(lambda v: str(v).strip() if v is not None else None).replace("", None)

    given = _map_unique(column("given_name"), _given_parts)
    given_parts = given.map(lambda p: p if isinstance(p, tuple) else (None,) * 4)
    out["given_strict"] = _map_unique(column("given_name"), fold_for_search).replace("", None)
    out["given_loose"] = given_parts.map(lambda p: p[0])
    out["given_first"] = given_parts.map(lambda p: p[1])
    father_in_name = given_parts.map(lambda p: p[2])
    out["given_skel"] = given_parts.map(lambda p: p[3])
    # A second word of the given name is only a guess at the father's name.
    second_word = out["given_loose"].map(
        lambda g: g.split()[-1] if isinstance(g, str) and " " in g else None
    )

    family = column("family_name")
    out["family_strict"] = _map_unique(family, fold_for_search).replace("", None)
    # A kunya in the family name field is a given name written in the wrong
    # field ("Abu Hamza Mirza" swapped with the family name); it is dropped there too.
    out["family_loose"] = _map_unique(family, lambda v: fold_loose(strip_kunya(fold_for_search(v))))
    out["family_loose"] = out["family_loose"].replace("", None)
    out["family_skel"] = _map_unique(family, fold_skeleton).replace("", None)

    declared = _map_unique(
        column("father_name"), lambda v: fold_loose(strip_kunya(fold_for_search(v)))
    )
    declared = declared.replace("", None)
    # "bin Salim" inside the given name is as good as a declared father's name.
    out["father_decl"] = declared.where(declared.notna(), father_in_name)
    out["father_any"] = out["father_decl"].where(out["father_decl"].notna(), second_word)

    def label(i: int) -> Callable[[], str]:
        where = f"line {lines[i]}" if lines else f"row {i + row_offset}"
        return lambda: f"{where} (record_id {out.at[i, 'unique_id']!r})"

    sex_col = column("sex")
    out["sex"] = [None if v is None else _sex(v, label(i), strict) for i, v in enumerate(sex_col)]
    # Sex as recorded, or as the given name tells (filled in by infer_sex_from_names).
    out["sex_any"] = out["sex"]

    dob_col = column("date_of_birth")
    cache: dict[str, object] = {}
    parsed = []
    for i, v in enumerate(dob_col):
        if v is None:
            parsed.append(None)
            continue
        if v not in cache:
            try:
                cache[v] = parse_dob(v, strict=True)
            except DobError as exc:
                cache[v] = exc
        result = cache[v]
        if isinstance(result, DobError):
            if strict:
                raise InputError(f"{label(i)()}, column date_of_birth: {result}") from None
            result = None
        parsed.append(result)
    out["dob_y"] = pd.array([d.year if d else None for d in parsed], dtype="Int32")
    out["dob_m"] = pd.array([d.month if d else None for d in parsed], dtype="Int32")
    out["dob_d"] = pd.array([d.day if d else None for d in parsed], dtype="Int32")
    out["dob_prec"] = [d.precision if d else None for d in parsed]
    out["dob_jan1"] = pd.array(
        [d.is_first_of_january if d else None for d in parsed], dtype="boolean"
    )
    out["dob_iso"] = [d.iso() if d else None for d in parsed]
    # A full date that is not 1 January: the only date precise enough to block on.
    out["dob_full"] = [
        d.iso() if d and d.precision == "day" and not d.is_first_of_january else None
        for d in parsed
    ]

    # Places with an Albanian and a Serbian or Macedonian name get one key (places.py).
    out["place_loose"] = _map_unique(column("place_of_birth"), fold_place).replace("", None)
    # First words of the names for the "swapped" levels and blocking (see
    # model.py): a swapped record may also carry the father's name in the field.
    out["swap_given"] = out["given_first"]
    out["swap_family"] = out["family_loose"].map(
        lambda v: v.split()[0] if isinstance(v, str) else None
    )
    return out


# A given name tells the sex when at least this many records with a recorded
# sex bear it, and at least this share of them have the same sex.
SEX_BY_NAME_MIN_RECORDS = 5
SEX_BY_NAME_MIN_SHARE = 0.95


def infer_sex_from_names(tables: list[pd.DataFrame]) -> None:
    """Fill ``sex_any`` where the sex is missing but the given name tells it.

    Camp and police lists often leave sex out, while the given names of the
    region are strongly gendered (Drita, Merita, Amra are women; Valon, Emir are
    men). The lists themselves show which names are: a first given name borne
    by enough records of recorded sex, nearly all of one sex, gives that sex to
    the records of the same name without one. Only ``sex_any`` is filled, which
    the family-name comparison uses to recognise two women (a married name); the
    sex comparison keeps comparing the sex as recorded, so the given name is not
    counted twice. Family names (in a given-name field when the two are swapped)
    are borne by both sexes and so never pass the share.
    """
    known = pd.concat(
        [t.loc[t["sex"].notna(), ["given_first", "sex"]] for t in tables], ignore_index=True
    ).dropna()
    if known.empty:
        return
    counts = known.groupby(["given_first", "sex"]).size().unstack(fill_value=0)
    total = counts.sum(axis=1)
    share = counts.max(axis=1) / total
    telling = counts.index[(total >= SEX_BY_NAME_MIN_RECORDS) & (share >= SEX_BY_NAME_MIN_SHARE)]
    by_name = counts.loc[telling].idxmax(axis=1).to_dict()
    for t in tables:
        guess = t["given_first"].map(by_name)
        t["sex_any"] = t["sex"].where(t["sex"].notna(), guess)
        t["sex_any"] = t["sex_any"].astype(object).where(t["sex_any"].notna(), None)
