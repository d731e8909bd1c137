"""Deriving the compared columns from person records as written."""

import pyarrow as pa
import pytest

from reintegra.linkage.prepare import InputError, prepare_records, to_arrow


def _one(**fields):
    return prepare_records([{"record_id": "1", **fields}]).iloc[0]


def test_names_are_folded_not_changed():
    row = _one(given_name="Ђула", family_name="Đulić")
    assert row.given_strict == "djula"
    assert row.family_strict == "djulic"
    assert row.family_loose == "dulik"  # the loose key forgives a dropped stroke


def test_kunya_is_dropped_from_given_family_and_father_names():
    row = _one(given_name="Abu Hamza Valon", family_name="Umm Khalid", father_name="Abu Ali Hysen")
    assert row.given_first == "falun"
    assert row.family_loose == "um halid"  # nothing else left: kept
    assert row.father_decl == "hisin"


def test_father_from_bin_is_declared_and_a_second_given_name_only_a_guess():
    arabic = _one(given_name="Ahmed bin Salim")
    assert (arabic.given_first, arabic.father_decl, arabic.father_any) == ("amid", "salim", "salim")
    written_in = _one(given_name="Valon Hysen")
    assert written_in.father_decl is None
    assert written_in.father_any == "hisin"
    declared = _one(given_name="Valon Hysen", father_name="Bajram")
    assert declared.father_any == "bairam"


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("M", "m"),
        ("f", "f"),
        ("Ž", "f"),
        ("Ж", "f"),
        ("М", "m"),
        ("femër", "f"),
        ("", None),
        ("?", None),
    ],
)
def test_sex_in_the_languages_of_the_forms(written, sex):
    assert _one(sex=written).sex == sex


def test_dates_are_split_by_precision():
    row = _one(date_of_birth="1990-01-01")
    assert (row.dob_y, row.dob_m, row.dob_d, row.dob_prec) == (1990, 1, 1, "day")
    assert row.dob_jan1 and row.dob_full is None  # 1 January is never blocked on
    year_only = _one(date_of_birth="1990")
    assert (year_only.dob_prec, year_only.dob_iso, year_only.dob_full) == ("year", "1990", None)


def test_strict_errors_name_row_and_column_and_lenient_mode_drops_the_value():
    records = [{"record_id": "a", "sex": "M"}, {"record_id": "b", "sex": "maybe"}]
    with pytest.raises(
        InputError, match=r"^row 3 \(record_id 'b'\), column sex: unrecognised value 'maybe'"
    ):
        prepare_records(records)
    assert prepare_records(records, strict=False).sex.tolist() == ["m", None]


def test_arrow_table_has_explicit_types_even_for_empty_columns():
    table = to_arrow(prepare_records([{"record_id": "1"}, {"record_id": "2"}]))
    assert table.schema.field("given_first").type == pa.string()
    assert table.schema.field("dob_y").type == pa.int32()
    assert table.schema.field("dob_jan1").type == pa.bool_()
    assert table.column("given_first").null_count == 2
