"""Places with an Albanian and a Serbian or Macedonian name fold to one key."""

import pytest

from reintegra.linkage.folding import fold_loose
from reintegra.linkage.places import PLACE_NAMES, fold_place


@pytest.mark.parametrize(
    "names",
    [
        ["Ferizaj", "Uroševac", "Urosevac", "Урошевац"],
        ["Pejë", "Peja", "Peć", "Pec", "Пећ"],
        ["Prishtinë", "Prishtina", "Priština", "Pristina", "Приштина"],
        ["Gjakovë", "Gjakova", "Đakovica", "Djakovica", "Ђаковица"],
        ["Vushtrri", "Vučitrn", "Вучитрн"],
        ["Gjilan", "Gjilani", "Gnjilane", "Гњилане"],
        ["Shkup", "Skopje", "Скопје"],
        ["Tetovë", "Tetova", "Tetovo", "Тетово"],
        ["Hani i Elezit", "Đeneral Janković", "Ђенерал Јанковић"],
    ],
)
def test_every_name_of_a_place_has_one_key(names):
    assert len({fold_place(n) for n in names}) == 1


def test_different_places_stay_apart():
    keys = [fold_place(names[0]) for names in PLACE_NAMES]
    assert len(keys) == len(set(keys))
    assert fold_place("Prizren") != fold_place("Pejë")


def test_no_name_is_claimed_by_two_places():
    owner: dict[str, str] = {}
    for names in PLACE_NAMES:
        for name in names:
            key = fold_loose(name)
            assert owner.setdefault(key, names[0]) == names[0], name


def test_places_not_listed_are_folded_loosely():
    assert fold_place("Zenica") == fold_place("Зеница") == fold_loose("Zenica")
    assert fold_place("Bihać") == fold_place("Bihac")
