"""Places of birth that have more than one official or customary name.

Kosovo's municipalities have an Albanian and a Serbian name, both official
(Law on the Use of Languages, 2006), and the Albanian-speaking towns of North
Macedonia, southern Serbia and Montenegro have an Albanian name beside the
Macedonian or Serbian one. A person born in Ferizaj is "born in Uroševac" on a
Serbian-language record and "born in Urosevac" on a list typed abroad; letter
folding cannot see that these are one place. Each group below lists the names
of one place; :func:`fold_place` maps every name to the first one's folded key,
so the place comparison and blocking treat them as the same place.

Albanian definite forms ("Prishtina" for "Prishtinë", "Prizreni") need no entry
when the name is long enough for the loose folding to drop its final vowel;
short ones are listed ("Peja"). Cyrillic spellings need no entry: they are
converted to Latin before folding.
"""

from __future__ import annotations

from functools import lru_cache

from .folding import fold_loose

__all__ = ["PLACE_NAMES", "fold_place"]

# One tuple per place: Albanian name first, then the other official or common names.
PLACE_NAMES: tuple[tuple[str, ...], ...] = (
    # Kosovo: the municipalities, Albanian / Serbian.
    ("Prishtinë", "Priština", "Pristina"),
    ("Prizren",),
    ("Pejë", "Peja", "Peć", "Pec"),
    ("Gjakovë", "Đakovica", "Djakovica"),
    ("Mitrovicë", "Kosovska Mitrovica", "Mitrovica"),
    ("Mitrovicë e Veriut", "Severna Mitrovica", "North Mitrovica"),
    ("Ferizaj", "Uroševac"),
    ("Gjilan", "Gnjilane"),
    ("Vushtrri", "Vučitrn"),
    ("Podujevë", "Podujevo"),
    ("Suharekë", "Suva Reka"),
    ("Rahovec", "Orahovac"),
    ("Malishevë", "Mališevo"),
    ("Skënderaj", "Srbica"),
    ("Drenas", "Glogovac"),
    ("Lipjan", "Lipljan"),
    ("Obiliq", "Obilić"),
    ("Fushë Kosovë", "Kosovo Polje"),
    ("Kamenicë", "Kamenica"),
    ("Viti", "Vitina"),
    ("Deçan", "Dečani"),
    ("Istog", "Istok"),
    ("Klinë", "Klina"),
    ("Dragash", "Dragaš"),
    ("Kaçanik", "Kačanik"),
    ("Shtime", "Štimlje"),
    ("Shtërpcë", "Štrpce"),
    ("Novobërdë", "Novo Brdo"),
    ("Leposaviq", "Leposavić"),
    ("Zveçan", "Zvečan"),
    ("Graçanicë", "Gračanica"),
    ("Ranillug", "Ranilug"),
    ("Kllokot", "Klokot"),
    ("Mamushë", "Mamuša"),
    ("Hani i Elezit", "Đeneral Janković"),
    # North Macedonia: Albanian / Macedonian.
    ("Shkup", "Skopje", "Shkupi"),
    ("Tetovë", "Tetovo"),
    ("Kumanovë", "Kumanovo"),
    ("Kërçovë", "Kičevo"),
    ("Strugë", "Struga"),
    ("Dibër", "Debar"),
    ("Ohër", "Ohrid"),
    ("Manastir", "Bitola"),
    ("Shtip", "Štip"),
    ("Veles", "Velesi"),
    # Southern Serbia and Montenegro: Albanian / Serbian or Montenegrin.
    ("Preshevë", "Preševo"),
    ("Bujanoc", "Bujanovac"),
    ("Medvegjë", "Medveđa"),
    ("Ulqin", "Ulcinj"),
    ("Tivar", "Bar"),
    ("Plavë", "Plav"),
    ("Guci", "Gusinje"),
    ("Tuz", "Tuzi"),
)


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for names in PLACE_NAMES:
        canonical = fold_loose(names[0])
        for name in names:
            table[fold_loose(name)] = canonical
    return table


_CANONICAL = _build()


@lru_cache(maxsize=50_000)
def fold_place(text: str) -> str:
    """The loose key of a place, the same for every name of the place.

    >>> fold_place("Uroševac") == fold_place("Ferizaj") == fold_place("Урошевац")
    True
    """
    key = fold_loose(text)
    return _CANONICAL.get(key, key)
