"""Name, place and sex rules of the model on real-looking pairs (explain_pair)."""

import pandas as pd

from reintegra.linkage.engine import explain_pair
from reintegra.linkage.folding import fold_loose
from reintegra.linkage.prepare import infer_sex_from_names, prepare_records

REGISTRY = {
    "record_id": "L1",
    "given_name": "Valon",
    "family_name": "Berisha",
    "father_name": "Hysen",
    "sex": "M",
    "date_of_birth": "1987-04-23",
    "place_of_birth": "Ferizaj",
}


def _levels(right: dict, left: dict = REGISTRY) -> dict[str, str]:
    result = explain_pair(left, {"record_id": "R1", **right})
    return {name: c["level"] for name, c in result["comparisons"].items()}


def test_swapped_names_whose_consonants_agree_crosswise():
    # read back from Arabic script with the family name first: "Barisha Filan"
    levels = _levels({"given_name": "Barisha", "family_name": "Filan", "date_of_birth": "1987"})
    assert levels["given_name"] == "swapped, same consonants"
    assert levels["family_name"] == "swapped, same consonants"
    result = explain_pair(
        REGISTRY,
        {"record_id": "R1", "given_name": "Barisha", "family_name": "Filan"},
    )
    # weighed once, in the given-name comparison
    assert result["comparisons"]["family_name"]["match_weight"] == 0.0
    assert result["comparisons"]["given_name"]["match_weight"] > 5


def test_place_under_its_serbian_name_agrees():
    levels = _levels(
        {"given_name": "Valon", "family_name": "Berisha", "place_of_birth": "Урошевац"}
    )
    assert levels["place_of_birth"] == "Exact match on place_loose"


def test_abdulah_is_abdullah():
    assert fold_loose("Abdulah") == fold_loose("Abdullah") == fold_loose("Abd Allah")
    levels = _levels(
        {"given_name": "Bekim Abdulah", "family_name": "Krasniqi", "date_of_birth": "1987"},
        {**REGISTRY, "given_name": "Bekim", "family_name": "Krasniqi", "father_name": "Abdullah"},
    )
    assert levels["father_name"] == "father's name agrees with a word of the given name"


def _prepared(rows):
    return prepare_records(pd.DataFrame(rows))


def test_sex_is_told_by_a_given_name_borne_by_one_sex_only():
    registry = _prepared(
        [{"record_id": f"L{i}", "given_name": "Merita", "sex": "F"} for i in range(5)]
        + [{"record_id": f"M{i}", "given_name": "Valon", "sex": "M"} for i in range(5)]
        + [{"record_id": f"X{i}", "given_name": "Krasniqi", "sex": "MF"[i % 2]} for i in range(6)]
    )
    camp = _prepared(
        [
            {"record_id": "R1", "given_name": "Mirita", "sex": ""},  # Arabic-mediated Merita
            {"record_id": "R2", "given_name": "Falon"},
            {"record_id": "R3", "given_name": "Krasniqi"},  # a swapped family name
            {"record_id": "R4", "given_name": "Drita"},  # too few records to tell
        ]
    )
    infer_sex_from_names([registry, camp])
    assert camp.sex_any.tolist() == ["f", "m", None, None]
    # the recorded sex is left as it is
    assert camp.sex.isna().all()
    assert registry.sex_any.tolist() == registry.sex.tolist()


def test_sex_told_by_the_name_recognises_two_women_under_different_family_names():
    women = [
        {"record_id": f"L{i}", "given_name": "Merita", "family_name": f"Name{i}", "sex": "F"}
        for i in range(5)
    ]
    registry = _prepared(women)
    camp = _prepared([{"record_id": "R1", "given_name": "Merita", "family_name": "Uka"}])
    infer_sex_from_names([registry, camp])
    assert camp.sex_any.tolist() == ["f"]
