"""Synthetic person lists with the variation seen across agencies, with ground truth.

    python bench/linkage/generate.py --left 20000 --right 3000 --out /tmp/translit

writes ``left.csv`` (a registry), ``right.csv`` (a camp or police list) and
``truth.csv`` (``left_id,right_id`` of the true matches). All names are random
combinations of common given names, family names and places: never a real
person.

The right list repeats a share of the registry's people, written the way foreign
and intermediary lists write them: Cyrillic, Arabic- and English-mediated
spellings, dropped diacritics, year-only dates, 1 January for an unknown day,
day and month swapped, given and family name swapped, the father's name written
into the given name, married names, typos. The rest are other people, many of
them namesakes and siblings of registry people, so that agreement on common
names (Krasniqi, Gashi, Berisha) has to be weighed, not trusted.
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

# ---------------------------------------------------------------------------- pools

ALB_MALE = """Valon Arben Bekim Driton Fatmir Ilir Besnik Agron Burim Labinot Xhevdet Shkëlzen
Përparim Gëzim Ardian Blerim Artan Luan Mentor Naim Qëndrim Lulzim Adem Hysen Bajram Rexhep
Fadil Skënder Ymer Ramadan Isa Jetmir Egzon Fisnik Kushtrim Dardan Ermal Florent Visar Alban
Avni Bujar Çlirim Dritan Enver Faton Granit Hajrullah Ibrahim Jeton Kreshnik Liridon Mërgim
Nexhat Osman Petrit Qazim Rrahim Sabri Shpëtim Taulant Uran Vehbi Xhemajl Ylber Zenel
Abdullah Ahmet Bedri Behxhet Ekrem Fehmi Gani Halil Idriz Jakup Kadri Lutfi Muharrem""".split()
ALB_FEMALE = """Drita Dritë Fatime Hatixhe Blerta Valbona Shqipe Vjosa Teuta Mimoza Lindita Arjeta
Fjolla Donjeta Qëndresa Merita Besa Albulena Mirlinda Shpresa Zana Ganimete Lumnije Nazmije
Xhemile Rukije Ajshe Bukurije Dafina Edona Flutura Gresa Hana Ilirjana Jehona Kaltrina Liridona
Majlinda Nora Pranvera Rina Saranda Shkurte Trëndafile Vlora Yllka Zyrafete Emine Hajrije
Kimete Mihrije Nexhmije Qamile Sevdije Xhevahire Afërdita Bardha Çiljeta Elmaze""".split()
BOS_MALE = """Emir Adnan Haris Mirza Jasmin Edin Senad Nermin Almir Armin Džemal Ćazim Šefik
Nedžad Hamza Kenan Tarik Damir Elvir Samir Mehmed Husein Ibrahim Muhamed Suad Enes Dževad
Safet Fikret Đulaga Ćamil Šaban Huso Mujo Ismet Nihad Zijad Redžep Fuad Sead Mevludin""".split()
BOS_FEMALE = """Amra Lejla Emina Selma Aida Ajla Džana Šejla Merima Azra Alma Mirela Sabina
Jasmina Elma Hana Dženana Nejra Ćamila Šemsa Fatima Zehra Hajra Ermina Belma Đula Hatidža
Mejra Senada Razija Fadila Hasiba Ljiljana Šaćira Dželila""".split()
# Albanian family names with a steep frequency: the first few are shared by
# thousands of unrelated people.
ALB_FAMILY = """Krasniqi Gashi Berisha Morina Shala Hoxha Bytyqi Kelmendi Rexhepi Hasani Ahmeti
Mustafa Thaçi Zeqiri Sylejmani Halili Osmani Hyseni Ibrahimi Maloku Kryeziu Islami Musliu Rama
Avdiu Jashari Bajrami Latifi Salihu Dervishi Xhaferi Qerimi Haziri Selimi Gjoka Dauti Ramadani
Përvizi Çeku Veseli Bislimi Kastrati Hajdari Elshani Mehmeti Aliu Sopi Zhuniqi Dibra Lushaku
Gjinovci Nuhiu Uka Ymeri Haliti Sadiku Abazi Fazliu Rrahmani Ukshini Shabani""".split()
BOS_FAMILY = """Hodžić Đulić Hadžić Begić Delić Hasanović Mujić Šehić Čaušević Kovačević Ćatić
Džafić Alić Softić Omerović Mehmedović Salihović Suljić Bešić Đozić Ibrišimović Halilović
Kurtović Zukić Ahmetović Jašarević Ćosić Husić Karić Džananović Ljubović Njemčević""".split()
PLACES = {
    "Prishtinë": ["Prishtina", "Pristina", "Priština", "Приштина"],
    "Prizren": ["Prizreni", "Призрен"],
    "Pejë": ["Peja", "Peć", "Пећ"],
    "Gjakovë": ["Gjakova", "Đakovica", "Ђаковица"],
    "Mitrovicë": ["Mitrovica", "Митровица"],
    "Ferizaj": ["Uroševac", "Урошевац"],
    "Gjilan": ["Gjilani", "Gnjilane", "Гњилане"],
    "Vushtrri": ["Vučitrn", "Вучитрн"],
    "Podujevë": ["Podujeva", "Podujevo"],
    "Sarajevo": ["Сарајево"],
    "Zenica": ["Зеница"],
    "Tuzla": ["Тузла"],
    "Bihać": ["Bihac", "Бихаћ"],
    "Novi Pazar": ["Нови Пазар"],
    "Tetovë": ["Tetovo", "Тетово"],
    "Shkup": ["Skopje", "Скопје"],
}


# Family names are mostly patronymic in origin (Hasani, Rexhepi; Hasanović,
# Mujić), which gives the long tail beyond the few very common names.
ALB_SUFFIXES = ["i", "aj", "ku", "llari", "ja", "olli", "daj"]
BOS_SUFFIXES = ["ović", "ić", "agić", "bašić", "begović", "spahić"]
# Share of people carrying one of the listed common family names; the rest carry a
# long-tail name. With it Krasniqi is about 4 % of Albanians: thousands in a
# registry of a million, as in Kosovo.
COMMON_FAMILY_SHARE = 0.35


def _tail(roots: list[str], suffixes: list[str], common: list[str]) -> list[str]:
    names = set()
    for root in roots:
        base = root.rstrip("aeiouë")
        for suffix in suffixes:
            names.add(base + suffix)
    return sorted(names - set(common))


def _zipf(items: list[str], s: float) -> list[float]:
    return [1 / (i + 1) ** s for i in range(len(items))]


# ---------------------------------------------------------------- transformations

_ALB_TO_CYR = [
    ("xh", "џ"),
    ("gj", "ђ"),
    ("sh", "ш"),
    ("zh", "ж"),
    ("nj", "њ"),
    ("dh", "д"),
    ("th", "т"),
    ("ll", "л"),
    ("rr", "р"),
    ("ç", "ч"),
    ("q", "ћ"),
    ("ë", "е"),
    ("y", "и"),
    ("x", "дз"),
]
_LAT_TO_CYR = [
    ("dž", "џ"),
    ("lj", "љ"),
    ("nj", "њ"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("đ", "ђ"),
    ("e", "е"),
    ("ž", "ж"),
    ("z", "з"),
    ("i", "и"),
    ("j", "ј"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("ć", "ћ"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("c", "ц"),
    ("č", "ч"),
    ("š", "ш"),
    ("w", "в"),
]


def to_cyrillic(name: str) -> str:
    """How a Serbian-language office writes a name (Albanian names adapted first)."""
    out = []
    for word in name.split(" "):
        low = word.lower()
        for a, b in _ALB_TO_CYR:
            low = low.replace(a, b)
        for a, b in _LAT_TO_CYR:
            low = low.replace(a, b)
        out.append(low[:1].upper() + low[1:])
    return " ".join(out)


def strip_diacritics(name: str) -> str:
    """A keyboard without the letters: "Đulić" -> "Dulic", "Thaçi" -> "Thaci"."""
    name = name.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))


def arabic_mediated(name: str, rng: random.Random) -> str:
    """A name written in Arabic script and read back into Latin by someone else.

    Arabic has no p, v, e or o, writes no double letters and has one letter for
    the several Albanian and Bosnian sibilants; each is rewritten with a chance,
    as real transcribers are inconsistent.
    """
    s = strip_diacritics(name.lower()) if rng.random() < 0.5 else name.lower()
    rules = [
        ("xh", "j"),
        ("dž", "j"),
        ("ç", rng.choice(["tsh", "ch", "j"])),
        ("č", "ch"),
        ("ć", "ch"),
        ("q", rng.choice(["k", "ch", "q"])),
        ("đ", "j"),
        ("gj", "j"),
        ("š", "sh"),
        ("ž", "j"),
        ("ë", rng.choice(["a", "i", ""])),
        ("th", "t"),
        ("dh", "d"),
        ("p", "b"),
        ("v", "f"),
        ("e", "i"),
        ("o", "u"),
        ("y", "i"),
    ]
    for a, b in rules:
        if rng.random() < 0.8:
            s = s.replace(a, b)
    for double in ("ll", "rr", "mm", "nn", "ss"):
        s = s.replace(double, double[0])
    if s.endswith("a") and rng.random() < 0.3:
        s += "h"
    return " ".join(w[:1].upper() + w[1:] for w in s.split(" "))


def english_mediated(name: str, rng: random.Random) -> str:
    """How an English-speaking official spells a name heard aloud."""
    # Bosnian j is English y ("Jusuf" -> "Yusuf"); done first so that the j
    # produced by later rules ("Đ" -> "Dj") is left alone.
    s = name.replace("j", "y") if rng.random() < 0.8 else name
    s = s.replace("J", "Y") if rng.random() < 0.8 else s
    rules = [
        ("ç", "ch"),
        ("Ç", "Ch"),
        ("č", "ch"),
        ("Č", "Ch"),
        ("ć", "ch"),
        ("Ć", "Ch"),
        ("xh", "j"),
        ("Xh", "J"),
        ("dž", "j"),
        ("Dž", "J"),
        ("š", "sh"),
        ("Š", "Sh"),
        ("ž", "zh"),
        ("Ž", "Zh"),
        ("đ", "dj"),
        ("Đ", "Dj"),
        ("q", "ch"),
        ("ë", "e"),
    ]
    for a, b in rules:
        if rng.random() < 0.8:
            s = s.replace(a, b)
    return s


def typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    op = rng.random()
    if op < 0.33:
        return name[:i] + name[i + 1 :]
    if op < 0.66:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice("aeiourstnlm") + name[i + 1 :]


# ---------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    father: str
    sex: str
    year: int
    month: int
    day: int
    place: str
    bosnian: bool


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.alb_family_w = _zipf(ALB_FAMILY, 0.8)
        self.bos_family_w = _zipf(BOS_FAMILY, 0.8)
        self.alb_tail = _tail(ALB_MALE, ALB_SUFFIXES, ALB_FAMILY)
        self.bos_tail = _tail(BOS_MALE, BOS_SUFFIXES, BOS_FAMILY)
        self.places = list(PLACES)

    def _given(self, sex: str, bosnian: bool) -> str:
        pool = (
            (BOS_MALE if sex == "M" else BOS_FEMALE)
            if bosnian
            else (ALB_MALE if sex == "M" else ALB_FEMALE)
        )
        return self.rng.choices(pool, weights=_zipf(pool, 0.7))[0]

    def person(
        self,
        family: str | None = None,
        father: str | None = None,
        bosnian: bool | None = None,
        place: str | None = None,
        avoid: frozenset[str] = frozenset(),
    ) -> Person:
        """A new person; ``avoid`` lists given names already used by siblings."""
        rng = self.rng
        bosnian = rng.random() < 0.25 if bosnian is None else bosnian
        sex = rng.choice("MF")
        if family is None:
            if rng.random() >= COMMON_FAMILY_SHARE:
                family = rng.choice(self.bos_tail if bosnian else self.alb_tail)
            elif bosnian:
                family = rng.choices(BOS_FAMILY, weights=self.bos_family_w)[0]
            else:
                family = rng.choices(ALB_FAMILY, weights=self.alb_family_w)[0]
        father = father or self._given("M", bosnian)
        year = rng.randint(1955, 2018)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        place = place or rng.choice(self.places[9:] if bosnian else self.places[:9])
        given = self._given(sex, bosnian)
        while given in avoid:  # parents do not give two children the same name
            given = self._given(sex, bosnian)
        return Person(given, family, father, sex, year, month, day, place, bosnian)

    def family(self) -> list[Person]:
        """One to four siblings: same family name, father and place of birth."""
        first = self.person()
        size = self.rng.choices([1, 2, 3, 4], weights=[60, 20, 12, 8])[0]
        members = [first]
        for _ in range(size - 1):
            used = frozenset(m.given for m in members)
            members.append(
                self.person(first.family, first.father, first.bosnian, first.place, used)
            )
        return members

    def namesake(self, p: Person) -> Person:
        """Another person with the same given and family name, born at another time."""
        other = self.person(family=p.family, bosnian=p.bosnian)
        return replace(other, given=p.given, sex=p.sex)


# ---------------------------------------------------------------------- rendering


def _dob_registry(p: Person, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.03:
        return ""
    if r < 0.08:
        return str(p.year)
    if r < 0.5:
        return f"{p.day:02d}.{p.month:02d}.{p.year}"
    return f"{p.year}-{p.month:02d}-{p.day:02d}"


def render_registry(p: Person, rng: random.Random) -> dict[str, str]:
    """A registry record: mostly complete, sometimes typed without diacritics."""
    plain = rng.random() < 0.15
    fix = strip_diacritics if plain else (lambda s: s)
    return {
        "given_name": fix(p.given),
        "family_name": fix(p.family),
        "father_name": fix(p.father) if rng.random() < 0.85 else "",
        "sex": p.sex,
        "date_of_birth": _dob_registry(p, rng),
        "place_of_birth": p.place if rng.random() < 0.7 else "",
    }


def _dob_foreign(p: Person, rng: random.Random) -> str:
    year, month, day = p.year, p.month, p.day
    r = rng.random()
    if r < 0.05:
        return ""
    if r < 0.30:
        # Camp lists often know the year only; some are a year out (age estimated).
        return str(year + (rng.choice([-1, 1]) if rng.random() < 0.1 else 0))
    if r < 0.40:
        return f"{year}-01-01"  # "1 January" for an unknown day
    if r < 0.45:
        return f"{year}-{month:02d}"
    if r < 0.53 and day <= 12 and day != month:
        month, day = day, month  # day and month swapped
    elif r < 0.56:
        day = min(28, max(1, day + rng.choice([-1, 1, 10, -10])))  # one digit wrong
    return (
        f"{year}-{month:02d}-{day:02d}" if rng.random() < 0.6 else f"{day:02d}/{month:02d}/{year}"
    )


def render_foreign(p: Person, rng: random.Random) -> dict[str, str]:
    """A record of the same person on a foreign, camp or police list."""
    given, family, father = p.given, p.family, p.father
    if p.sex == "F" and rng.random() < 0.06:
        # married name
        family = rng.choices(ALB_FAMILY + BOS_FAMILY)[0]
    # typing errors happen in the script the clerk types in; made first so that a
    # Latin letter never lands in a Cyrillic name
    if rng.random() < 0.06:
        given = typo(given, rng)
    if rng.random() < 0.06:
        family = typo(family, rng)
    r = rng.random()
    if r < 0.15:
        given, family, father = (to_cyrillic(x) for x in (given, family, father))
    elif r < 0.35:
        given, family, father = (arabic_mediated(x, rng) for x in (given, family, father))
    elif r < 0.50:
        given, family, father = (english_mediated(x, rng) for x in (given, family, father))
    elif r < 0.75:
        given, family, father = (strip_diacritics(x) for x in (given, family, father))
    if rng.random() < 0.45:
        father = ""
    elif rng.random() < 0.15:
        given, father = f"{given} {father}", ""  # father's name in the given name
    if rng.random() < 0.03:
        given = (
            f"Abu {rng.choice(['Hamza', 'Omar', 'Ali', 'Khalid'])} {given}"
            if p.sex == "M"
            else f"Umm {rng.choice(['Khalid', 'Hamza', 'Yusuf'])} {given}"
        )
    if rng.random() < 0.07:
        given, family = family, given  # swapped
    place = p.place
    if rng.random() < 0.5:
        place = ""
    elif p.place in PLACES and rng.random() < 0.5:
        place = rng.choice(PLACES[p.place])
    return {
        "given_name": given,
        "family_name": family,
        "father_name": father,
        "sex": "" if rng.random() < 0.2 else p.sex,
        "date_of_birth": _dob_foreign(p, rng),
        "place_of_birth": place,
        # present on real lists, ignored by the matcher (and named in a warning)
        "camp_section": rng.choice(["A", "B", "C", "Phase 4", ""]),
    }


def generate(n_left: int, n_right: int, *, overlap: float = 0.8, seed: int = 1):
    """Return (left rows, right rows, truth pairs)."""
    gen = Generator(seed)
    rng = gen.rng
    people: list[Person] = []
    while len(people) < n_left:
        people.extend(gen.family())
    people = people[:n_left]
    left = []
    for i, p in enumerate(people):
        left.append({"record_id": f"L{i:07d}", **render_registry(p, rng)})
    n_true = int(n_right * overlap)
    chosen = rng.sample(range(n_left), n_true)
    right_people: list[tuple[Person, int | None]] = [(people[i], i) for i in chosen]
    while len(right_people) < n_right:
        # Others: half namesakes or siblings of registry people, half strangers.
        base = people[rng.randrange(n_left)]
        r = rng.random()
        if r < 0.3:
            other = gen.namesake(base)
        elif r < 0.5:
            # a sibling of a registry person who is not in the registry
            other = gen.person(
                base.family, base.father, base.bosnian, base.place, frozenset({base.given})
            )
        else:
            other = gen.person()
        right_people.append((other, None))
    rng.shuffle(right_people)
    right, truth = [], []
    for j, (p, i) in enumerate(right_people):
        rid = f"R{j:07d}"
        right.append({"record_id": rid, **render_foreign(p, rng)})
        if i is not None:
            truth.append((left[i]["record_id"], rid))
    return left, right, truth


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--left", type=int, default=20_000)
    parser.add_argument("--right", type=int, default=3_000)
    parser.add_argument("--overlap", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    left, right, truth = generate(args.left, args.right, overlap=args.overlap, seed=args.seed)
    _write(args.out / "left.csv", left)
    _write(args.out / "right.csv", right)
    with (args.out / "truth.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["left_id", "right_id"])
        w.writerows(truth)
    print(f"{len(left)} left, {len(right)} right, {len(truth)} true pairs -> {args.out}")


if __name__ == "__main__":
    main()
