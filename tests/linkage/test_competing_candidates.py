"""Linking two lists: a pair's probability accounts for its records' other candidates."""

import math

from reintegra.linkage.engine import link

# Two registry people with the same common name and year, different fathers;
# the camp record knows only name and year, so it fits both equally well.
VALON_1 = {
    "record_id": "L1",
    "given_name": "Valon",
    "family_name": "Krasniqi",
    "father_name": "Hysen",
    "sex": "M",
    "date_of_birth": "1990-05-17",
}
VALON_2 = {**VALON_1, "record_id": "L2", "father_name": "Bajram", "date_of_birth": "1990-11-02"}
AMRA = {
    "record_id": "L3",
    "given_name": "Amra",
    "family_name": "Hodžić",
    "father_name": "Emir",
    "sex": "F",
    "date_of_birth": "1988-03-02",
}
CAMP = [
    {"record_id": "R1", "given_name": "Falon", "family_name": "Krasniqi", "date_of_birth": "1990"},
    {"record_id": "R2", "given_name": "Амра", "family_name": "Хоџић", "date_of_birth": "1988"},
]


def _probabilities(result):
    return {
        (left, right): p
        for left, right, p in zip(
            result.pairs.left_id, result.pairs.right_id, result.pairs.match_probability, strict=True
        )
    }


def test_two_equal_candidates_share_the_probability():
    alone = _probabilities(link([VALON_1, VALON_2, AMRA], CAMP, threshold=0.0, exclusive=False))
    shared = _probabilities(link([VALON_1, VALON_2, AMRA], CAMP, threshold=0.0))
    p = alone[("L1", "R1")]
    assert math.isclose(alone[("L2", "R1")], p)
    odds = p / (1 - p)
    # each is R1 with probability o / (1 + o + o): neither is more likely than not
    for pair in (("L1", "R1"), ("L2", "R1")):
        assert math.isclose(shared[pair], odds / (1 + 2 * odds), rel_tol=1e-6)
        assert shared[pair] < 0.5 < alone[pair]
    # a pair without competitors keeps its own probability
    assert math.isclose(shared[("L3", "R2")], alone[("L3", "R2")], rel_tol=1e-6)
    assert shared[("L3", "R2")] > 0.9


def test_at_the_default_threshold_only_the_unambiguous_pair_is_reported():
    pairs = link([VALON_1, VALON_2, AMRA], CAMP).pairs
    assert [tuple(p) for p in pairs[["left_id", "right_id"]].to_numpy()] == [("L3", "R2")]
    # the same lists with the duplicate-tolerant scoring report both candidates
    pairs = link([VALON_1, VALON_2, AMRA], CAMP, exclusive=False).pairs
    assert {("L1", "R1"), ("L2", "R1")} <= set(zip(pairs.left_id, pairs.right_id, strict=True))


def test_a_stronger_candidate_outweighs_a_weaker_one():
    camp = [{**CAMP[0], "father_name": "Hysen", "date_of_birth": "1990-05-17"}, CAMP[1]]
    pairs = _probabilities(link([VALON_1, VALON_2, AMRA], camp, threshold=0.0))
    assert pairs[("L1", "R1")] > 0.99
    assert pairs.get(("L2", "R1"), 0.0) < 0.01
