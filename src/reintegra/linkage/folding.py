"""Name folding: derived, comparable forms of names written in any script.

Names are stored as written (architecture: "folded forms are derived, never
typed"). This module derives three things from a stored name:

* ``to_latin``        lossless Serbian/Macedonian Cyrillic -> Latin (Gaj / Macedonian
                      official romanisation), everything else untouched;
* ``fold_for_search`` a strict, deterministic lowercase ASCII key used for search:
                      applied both to the stored name and to what a user types;
* ``fold_loose``      a looser key that also forgives the spellings that Arabic and
                      English intermediaries, and people without the right keyboard,
                      produce ("Berisha" ~ "Birisha", "Thaçi" ~ "Thachi" ~ "Taci");
* ``fold_variants``   the set of forms used for matching (strict, loose, without a
                      kunya, with Arabic compound names joined).

Pure Python, no Django import, so the matching engine, the importer and the search
can all use it. Generic ASCII folding (anyascii, unidecode) is only the last resort
for scripts with no rule here (Arabic script itself, Greek, Russian-only letters),
because it loses the distinctions that matter: it turns "đ" into "d" while Bosnian,
Croatian and Serbian writers without the letter write "dj".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = [
    "to_latin",
    "fold_for_search",
    "fold_loose",
    "fold_variants",
    "fold_skeleton",
    "strip_kunya",
    "split_patronymic",
]

# --------------------------------------------------------------------------------------
# Cyrillic -> Latin
# --------------------------------------------------------------------------------------

# Serbian (and Bosnian/Montenegrin) Cyrillic has an official one-to-one Latin
# counterpart (Gaj's alphabet); Macedonian adds Ѓ, Ќ, Ѕ. Using the official letters
# (with diacritics) keeps the conversion lossless: "Ћ" and "Ч" stay distinct as "Ć"
# and "Č". Only lowercase is listed; case is restored in _apply_case.
_CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "đ",
    "е": "e",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "ć",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "č",
    "џ": "dž",
    "ш": "š",
    # Macedonian: official romanisation uses ǵ / ḱ (ISO 9 letters) and dz.
    "ѓ": "ǵ",
    "ќ": "ḱ",
    "ѕ": "dz",
    # Accented vowels used in both languages to tell homographs apart
    # ("сѐ" vs "се"); the accent is kept so the conversion stays lossless.
    "ѐ": "è",
    "ѝ": "ì",
}


def _apply_case(latin: str, source: str, following: str) -> str:
    """Give a transliterated letter the case of its Cyrillic source.

    Digraphs need care: "Љубица" -> "Ljubica" but "ЉУБИЦА" -> "LJUBICA". A capital
    digraph is all-capitals when the next letter is also a capital (the word is in
    capitals), title case otherwise.
    """
    if not source.isupper():
        return latin
    if len(latin) > 1 and following.isupper():
        return latin.upper()
    return latin[0].upper() + latin[1:]


_WORD_RE = re.compile(r"\w+")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _word_to_latin(match: re.Match[str]) -> str:
    word = match.group(0)
    # A word with a Cyrillic letter that Serbian and Macedonian do not use ("Яна",
    # "Щукин") is Russian, Ukrainian, Kazakh...: transliterating only its shared
    # letters would give a mixed-script hybrid ("Яna"), so it is left whole.
    if any(_is_cyrillic(ch) and ch.lower() not in _CYRILLIC_TO_LATIN for ch in word):
        return word
    out: list[str] = []
    for i, ch in enumerate(word):
        latin = _CYRILLIC_TO_LATIN.get(ch.lower()) if _is_cyrillic(ch) else None
        if latin is None:
            out.append(ch)
            continue
        following = word[i + 1] if i + 1 < len(word) else ""
        out.append(_apply_case(latin, ch, following))
    return "".join(out)


def to_latin(text: str) -> str:
    """Convert Serbian/Macedonian Cyrillic to Latin without losing information.

    Letters of other scripts (Latin, Arabic) and words in other Cyrillic
    alphabets ("Яна") are left as they are: guessing a language from one letter
    is worse than leaving the decision to the caller.
    """
    if not text:
        return ""
    # NFC first, so "Г" + combining acute becomes the single letter "Ѓ".
    return _WORD_RE.sub(_word_to_latin, unicodedata.normalize("NFC", text))


# --------------------------------------------------------------------------------------
# Strict key for search
# --------------------------------------------------------------------------------------

# Letters whose plain "remove the accent" folding would be wrong or impossible.
# Each replacement is the spelling a writer without the letter actually uses.
_SPECIAL_LETTERS: dict[str, str] = {
    "đ": "dj",  # Bosnian/Croatian/Serbian: "Đulić" is typed "Djulic", never "Dulic" by choice
    "ǵ": "gj",  # Macedonian Ѓ: informal romanisation "Gjorgji", matches Albanian gj
    "ḱ": "kj",  # Macedonian Ќ: "Kjiro"
    "ð": "d",  # eth (Icelandic) has no combining decomposition
    "þ": "th",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",  # Polish ł does not decompose under NFD
    "ı": "i",  # Turkish dotless i
    "ħ": "h",
}

# Apostrophe-like marks inside a word are dropped rather than turned into a space:
# "Ja'far", "Sa‘id" and "Jafar" are the same token. ʿ and ʾ (ayn, hamza) come
# from scholarly transliteration of Arabic.
_APOSTROPHES = "'’‘ʼʻ`´ʿʾ"
_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def _strip_marks(text: str) -> str:
    """Remove combining accents (ë -> e, ç -> c, č -> c, ž -> z)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold_for_search(text: str) -> str:
    """Return the strict search key: lowercase ASCII words separated by one space.

    Deterministic and idempotent, so it can be applied to stored names and typed
    queries alike: ``fold_for_search("Хоџић") == fold_for_search("hodzic") == "hodzic"``.
    """
    if not text:
        return ""
    text = to_latin(text).lower()
    text = "".join(_SPECIAL_LETTERS.get(ch, ch) for ch in text)
    text = _strip_marks(text)
    # Last resort for scripts without a rule (Arabic, Greek, Russian-only Cyrillic).
    if not text.isascii():
        text = anyascii(text).lower()
    text = _APOSTROPHE_RE.sub("", text)
    return _NON_ALNUM_RE.sub(" ", text).strip()


# --------------------------------------------------------------------------------------
# Loose key for matching
# --------------------------------------------------------------------------------------

# Ordered rewrites applied to each strict-folded token. Order matters: longer
# spellings first, so "dzh" is not read as "dz" + "h".
_LOOSE_REWRITES: tuple[tuple[str, str], ...] = (
    # Arabic compound names: "Abdurrahman", "Abdul Rahman", "Abd al-Rahman" all
    # start with "abd" + (article); the article is assimilated differently by
    # every writer, so it is dropped ("abdrahman").
    # "Abdulah" is "Abdullah" (Abd Allah) with the double l dropped, as Arabic
    # script and the intermediaries who read it write it; without this rule the
    # article rule below would leave "ah" of it, and "lah" of "Abdullah".
    (r"^abd[aeiu]lah$", "abdullah"),
    (r"^abd(?:ul|ur|ar|al|el|ud|us|un|u)", "abd"),
    # Bosnian đ (strict "dj") loses its stroke on keyboards without it, and
    # "Dulic" is then as common as "Djulic" for "Đulić": both become "d".
    (r"dj", "d"),
    # The /dʒ/ sound: Albanian xh, Bosnian dž (strict "dz"), English "dzh"/"j",
    # and the near sound Albanian/Macedonian gj. Writers crossing languages use
    # them interchangeably ("Xhemajl" / "Džemajl" / "Gjemajl").
    (r"dzh|xh|dz|gj", "j"),
    # /tʃ/, /tɕ/, /ts/ and Albanian q (/c/): Albanian ç, q, c; Bosnian č, ć, c
    # (strict "c"); English "ch"/"tch". Albanians themselves confuse ç and q
    # ("Thaçi"/"Thaqi"), and Arabic-script lists return q as k (qaf and kaf are
    # both read as k): "Krasniqi" / "Krasnichi" / "Krasniki" / "Krasnici".
    (r"tch|ch|q|c", "k"),
    # Albanian digraphs that intermediaries drop or rewrite: sh/zh (strict folds of
    # š/ž give s/z, so "Berisha" and "Beriša" -> "berisa"), th/dh ("Thaçi" -> "Taci"),
    # and English kh/gh/ph for Arabic kha/ghayn and Greek-origin f.
    (r"sh", "s"),
    (r"zh", "z"),
    (r"th", "t"),
    (r"dh", "d"),
    (r"kh", "h"),
    (r"gh", "g"),
    (r"ph", "f"),
    (r"ck", "k"),
    # French-mediated spellings from camp lists kept by francophone staff: "Youssouf".
    (r"ou", "u"),
    # English-mediated long vowels: "Reem", "Noor".
    (r"ee", "i"),
    (r"oo", "u"),
    # Consonantal y before a vowel is Bosnian/Albanian j ("Yusuf" / "Jusuf");
    # elsewhere y is the Albanian vowel /y/ that Arabic writes as i ("Ylli" -> "Ili").
    (r"y(?=[aeiou])", "j"),
    (r"y", "i"),
    # Arabic has no p and no v: "Valon" comes back as "Falon", "Pajazit" as
    # "Bajazit". w (waw) is written v in Albanian and Bosnian.
    (r"p", "b"),
    (r"[vw]", "f"),
    # Arabic has three vowels: e is written i and o is written u ("Birisha").
    (r"e", "i"),
    (r"o", "u"),
    # An h after a vowel and not before one is dropped or added freely by English
    # intermediaries ("Fatimah" / "Fatima", "Ahmet" / "Amet").
    (r"(?<=[aiu])h(?![aiu])", ""),
    # j closing a syllable is the second half of a diphthong, written y or i in
    # English and Turkish spellings: "Gëzimaj" / "Gezimay", "Hajrije" / "Hayriye".
    (r"(?<=[aiu])j(?![aiu])", "i"),
    # The final vowel of Albanian and Bosnian names varies between the definite
    # and indefinite form and between languages ("Dritë" / "Drita", "Fatime" /
    # "Fatima", "Hatixhe" / "Hatixha"); it is dropped from words long enough to
    # stay distinctive.
    (r"(?<=[a-z]{3}[^aiu])[aiu]$", ""),
)
_LOOSE_PATTERNS = tuple((re.compile(p), r) for p, r in _LOOSE_REWRITES)
# Double letters are single in Arabic script and optional in Albanian ll/rr for
# writers who do not know the language ("Muhammad"/"Muhamad", "Ylli"/"Yli").
_DOUBLE_RE = re.compile(r"(.)\1+")

# Arabic articles written as separate words ("Abd al-Rahman", "el Amin"); they
# carry no identity and are attached or omitted at will.
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "an", "at", "ash", "ed"})


def _loose_token(token: str) -> str:
    for pattern, replacement in _LOOSE_PATTERNS:
        token = pattern.sub(replacement, token)
    return _DOUBLE_RE.sub(r"\1", token)


@lru_cache(maxsize=200_000)
def fold_loose(text: str) -> str:
    """Return the loose matching key (space-separated tokens, ASCII).

    Far coarser than :func:`fold_for_search` on purpose: it is one comparison
    level among several, whose weight the matching model learns from the data.
    """
    tokens = fold_for_search(text).split()
    tokens = _join_abd_compounds(tokens)
    tokens = [t for t in tokens if t not in _ARTICLES] or tokens
    return " ".join(_loose_token(t) for t in tokens)


def _join_abd_compounds(tokens: list[str]) -> list[str]:
    """Join "abd al rahman" / "abdul rahman" into "abdrahman" (before loose rewriting).

    "Abd" ("servant of") never stands alone as a name: it always belongs to the
    next word, and writers split or join it at will.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if re.fullmatch(r"abd(?:ul|ur|ar|al|el|u)?", tok) and i + 1 < len(tokens):
            j = i + 1
            if tokens[j] in _ARTICLES and j + 1 < len(tokens):
                j += 1
            out.append("abd" + tokens[j])
            i = j + 1
            continue
        out.append(tok)
        i += 1
    return out


# --------------------------------------------------------------------------------------
# Kunya and patronymics
# --------------------------------------------------------------------------------------

# A kunya ("Abu Hamza" = "father of Hamza", "Umm Khalid" = "mother of Khalid") is a
# by-name, often a nom de guerre in camp records; it says nothing about the legal
# name, so matching must be able to ignore it.
_KUNYA_WORDS = frozenset({"abu", "abou", "ebu", "umm", "um", "ummu", "em"})
# "bin"/"ibn"/"bint" introduce the father's name in Arabic naming ("Ahmed bin Salim").
# "bn" is what the last-resort folding of Arabic-script بن gives (no vowels).
_PATRONYMIC_WORDS = frozenset({"bin", "ibn", "ben", "bint", "binti", "bn"})


def strip_kunya(folded: str) -> str:
    """Remove "abu X" / "umm X" from a folded name, unless nothing else remains."""
    tokens = folded.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _KUNYA_WORDS and i + 1 < len(tokens):
            i += 2
            # "Abu al-Qasim": the article belongs to the kunya too.
            if i - 1 < len(tokens) and tokens[i - 1] in _ARTICLES and i < len(tokens):
                i += 1
            continue
        out.append(tokens[i])
        i += 1
    return " ".join(out) if out else folded


def split_patronymic(folded: str) -> tuple[str, str]:
    """Split "ahmed bin salim" into ("ahmed", "salim"); ("name", "") when absent."""
    tokens = folded.split()
    for i, tok in enumerate(tokens):
        if tok in _PATRONYMIC_WORDS and 0 < i < len(tokens) - 1:
            return " ".join(tokens[:i]), " ".join(tokens[i + 1 :])
    return folded, ""


_VOWELS_RE = re.compile(r"[aeiouy]")
# Below this many consonants a skeleton matches far too many names ("Ali" -> "l").
_MIN_SKELETON = 3


def fold_skeleton(text: str) -> str:
    """Consonants of the loose key, without vowels: "Muhammad" -> "mhmd".

    Arabic script writes no short vowels, so a name read off an Arabic-script list
    ("محمد" -> "mhmd") can only be compared with a Latin one on its consonants.
    Returns "" when the skeleton would be too short to mean anything.
    """
    skeleton = _DOUBLE_RE.sub(r"\1", _VOWELS_RE.sub("", fold_loose(text).replace(" ", "")))
    return skeleton if len(skeleton) >= _MIN_SKELETON else ""


def fold_variants(text: str) -> set[str]:
    """All derived forms of a name used for matching; never empty for a non-empty name.

    Two names are candidate matches when their variant sets intersect. Contains the
    strict key, the loose key, both without a kunya, the loose key with its words
    joined (compound names are written as one or two words: "Abdurrahman" /
    "Abdur Rahman"), and the consonant skeleton (for Arabic-script input). The
    skeleton is prefixed with "~" so it can only meet another skeleton.
    """
    strict = fold_for_search(text)
    if not strict:
        return set()
    loose = fold_loose(text)
    forms = {strict, loose, strip_kunya(strict), fold_loose(strip_kunya(strict))}
    forms.add(loose.replace(" ", ""))
    # The skeleton of the name without its kunya: a by-name's consonants would
    # otherwise dominate it.
    skeleton = fold_skeleton(strip_kunya(strict))
    if skeleton:
        forms.add("~" + skeleton)
    return {f for f in forms if f}
