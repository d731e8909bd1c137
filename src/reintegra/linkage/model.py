"""The Splink model for people: comparisons, blocking rules and training rules.

Everything here is written against the columns that :mod:`.prepare` derives and
uses only SQL that DuckDB and Spark both understand (plain comparisons,
``levenshtein``, and Splink's own Jaro-Winkler level). Splink writes a trained
model in the SQL of the backend that trained it; the engine translates it when
the model is used on the other backend (engine._translate_levels).
"""

from __future__ import annotations

from collections.abc import Mapping

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

__all__ = [
    "EXTRA_KINDS",
    "blocking_rules",
    "build_settings",
    "deterministic_rules",
    "training_rules",
]

# Kinds of optional extra columns (identity-document numbers, addresses...) that a
# caller of the library may add beyond the person columns; the command does not.
EXTRA_KINDS = ("identifier", "code", "text")


def _name_comparison(prefix: str, label: str) -> cl.CustomComparison:
    """Given or family name: exact, transliteration variant, swapped, fuzzy.

    Levels go from most to least specific; term-frequency adjustments on the
    exact levels make agreement on "Krasniqi" or "Gashi" count for less than
    agreement on a rare name.
    """
    strict, loose, skel = f"{prefix}_strict", f"{prefix}_loose", f"{prefix}_skel"
    first_col = "given_first"
    fuzzy = first_col if prefix == "given" else loose
    levels = [
        cll.NullLevel(loose),
        cll.ExactMatchLevel(strict).configure(
            tf_adjustment_column=strict, label_for_charts="same spelling"
        ),
        cll.ExactMatchLevel(loose).configure(
            tf_adjustment_column=loose, label_for_charts="same name, other transliteration"
        ),
    ]
    if prefix == "given":
        # The first word alone: a father's or second name written into the given name.
        levels.append(
            cll.ExactMatchLevel(first_col).configure(
                tf_adjustment_column=first_col, label_for_charts="same first word"
            )
        )
    levels += [
        # Given and family name swapped (camp lists often write family name first).
        *_swap_levels(prefix),
        # Only consonants agree: names read off an Arabic-script list.
        cll.ExactMatchLevel(skel).configure(label_for_charts="same consonants"),
        # Fuzzy levels compare the given name's first word: a second word (a
        # father's name written in) would otherwise drag the similarity down.
        cll.JaroWinklerLevel(fuzzy, 0.92).configure(label_for_charts="Jaro-Winkler >= 0.92"),
        cll.JaroWinklerLevel(fuzzy, 0.8).configure(label_for_charts="Jaro-Winkler >= 0.8"),
    ]
    if prefix == "family":
        # Women are often listed under a husband's family name (camp registers do
        # this), so a different family name says less when both records are women.
        levels.append(
            cll.CustomLevel("sex_any_l = 'f' AND sex_any_r = 'f'").configure(
                label_for_charts="different family name, both women"
            )
        )
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name=label)


def _swap_levels(prefix: str) -> list:
    """Levels for given and family name written in each other's field.

    They compare only the swap_* copies (first word of each name), so that
    blocking on a name never takes the comparison out of EM training. A full
    swap shows in both name comparisons: the given-name comparison weighs it and
    in the family-name comparison it is neutral (m = u), so it is not counted
    twice. A half swap (one name found in the other's field, the other name
    misspelt or replaced) is weighed the same way.
    """
    full = cll.CustomLevel(
        "swap_given_l = swap_family_r AND swap_family_l = swap_given_r",
        label_for_charts="given and family name swapped",
    )
    half = cll.CustomLevel(
        "swap_given_l = swap_family_r OR swap_family_l = swap_given_r",
        label_for_charts="one name found in the other's field",
    )
    # Swapped and read off an Arabic-script list: only the consonants agree,
    # crosswise ("Kndrimdaj Mirita" for "Merita Qëndrimdaj").
    consonants = cll.CustomLevel(
        "given_skel_l = family_skel_r AND family_skel_l = given_skel_r",
        label_for_charts="swapped, same consonants",
    )
    levels = [full, consonants, half]
    if prefix == "family":
        neutral = dict(
            m_probability=1e-3, u_probability=1e-3, fix_m_probability=True, fix_u_probability=True
        )
        levels = [level.configure(**neutral) for level in levels]
    return levels


def _dob_comparison() -> cl.CustomComparison:
    """Date of birth compared at the precision each side knows.

    A year-only date agrees with any date in that year, 1 January may mean
    "unknown", and day and month are often swapped; each case is its own level
    so that training learns how much it is worth.
    """
    both_days = "dob_prec_l = 'day' AND dob_prec_r = 'day'"
    return cl.CustomComparison(
        [
            cll.CustomLevel("dob_y_l IS NULL OR dob_y_r IS NULL").configure(is_null_level=True),
            cll.CustomLevel(
                f"{both_days} AND dob_iso_l = dob_iso_r AND NOT dob_jan1_l",
                label_for_charts="same full date",
            ),
            cll.CustomLevel(
                # day <> month: 01-01 or 05-05 swapped is the same date, not a swap
                f"{both_days} AND dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r"
                " AND dob_d_l <> dob_m_l",
                label_for_charts="day and month swapped",
            ),
            cll.CustomLevel(
                "dob_y_l = dob_y_r AND (dob_prec_l = 'year' OR dob_prec_r = 'year'"
                " OR dob_jan1_l OR dob_jan1_r"
                " OR ((dob_prec_l = 'month' OR dob_prec_r = 'month') AND dob_m_l = dob_m_r))",
                label_for_charts="same year, day or month unknown on one side",
            ),
            cll.CustomLevel(
                f"{both_days} AND levenshtein(dob_iso_l, dob_iso_r) <= 1",
                label_for_charts="one digit differs",
            ),
            cll.CustomLevel(
                "dob_y_l = dob_y_r AND dob_m_l = dob_m_r",
                label_for_charts="same year and month",
            ),
            # An age estimated in a camp gives a year that is often one off.
            cll.CustomLevel(
                "abs(dob_y_l - dob_y_r) <= 1 AND (dob_prec_l = 'year' OR dob_prec_r = 'year'"
                " OR dob_jan1_l OR dob_jan1_r)",
                label_for_charts="year within one, day unknown on one side",
            ),
            cll.CustomLevel(
                "abs(dob_y_l - dob_y_r) <= 1",
                label_for_charts="year within one",
            ),
            cll.ElseLevel(),
        ],
        output_column_name="date_of_birth",
    )


def _father_comparison() -> cl.CustomComparison:
    """Father's name: a strong discriminator between siblings and namesakes.

    Declared father's names that differ are strong evidence against a match; a
    name only guessed from the given name ("Valon Hysen") is weaker either way.
    """
    return cl.CustomComparison(
        [
            cll.CustomLevel("father_any_l IS NULL OR father_any_r IS NULL").configure(
                is_null_level=True
            ),
            cll.ExactMatchLevel("father_decl").configure(
                tf_adjustment_column="father_decl", label_for_charts="same father's name"
            ),
            cll.JaroWinklerLevel("father_decl", 0.88).configure(
                label_for_charts="similar father's name"
            ),
            cll.ExactMatchLevel("father_any").configure(
                label_for_charts="father's name agrees with a word of the given name"
            ),
            cll.CustomLevel(
                "father_decl_l IS NOT NULL AND father_decl_r IS NOT NULL",
                label_for_charts="different father's names",
            ),
            cll.ElseLevel(),
        ],
        output_column_name="father_name",
    )


def _simple_comparison(col: str, label: str, tf: bool) -> cl.CustomComparison:
    exact = cll.ExactMatchLevel(col)
    if tf:
        exact = exact.configure(tf_adjustment_column=col)
    return cl.CustomComparison(
        [cll.NullLevel(col), exact, cll.ElseLevel()], output_column_name=label
    )


def _sex_comparison() -> cl.CustomComparison:
    """Sex: fixed m probabilities instead of trained ones.

    Every training block is nearly single-sex (given names are gendered), so EM
    sees almost no disagreement among matches and would learn m = 0, i.e. an
    infinite penalty for one mistyped letter. One record in a hundred with the
    wrong sex is the assumption instead.
    """
    return cl.CustomComparison(
        [
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex").configure(m_probability=0.99, fix_m_probability=True),
            cll.ElseLevel().configure(m_probability=0.01, fix_m_probability=True),
        ],
        output_column_name="sex",
    )


def _place_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        [
            cll.NullLevel("place_loose"),
            cll.ExactMatchLevel("place_loose").configure(tf_adjustment_column="place_loose"),
            cll.JaroWinklerLevel("place_loose", 0.88),
            cll.ElseLevel(),
        ],
        output_column_name="place_of_birth",
    )


def _extra_comparison(name: str, kind: str) -> cl.CustomComparison:
    col = f"x_{name}"
    if kind == "identifier":
        levels = [
            cll.NullLevel(col),
            cll.ExactMatchLevel(col),
            cll.LevenshteinLevel(col, 1),
            cll.LevenshteinLevel(col, 2),
            cll.ElseLevel(),
        ]
    elif kind == "code":
        levels = [
            cll.NullLevel(col),
            cll.ExactMatchLevel(col).configure(tf_adjustment_column=col),
            cll.LevenshteinLevel(col, 1),
            cll.ElseLevel(),
        ]
    elif kind == "text":
        levels = [
            cll.NullLevel(col),
            cll.ExactMatchLevel(col).configure(tf_adjustment_column=col),
            cll.JaroWinklerLevel(col, 0.88),
            cll.ElseLevel(),
        ]
    else:
        raise ValueError(f"unknown kind {kind!r} for extra column {name!r}; use {EXTRA_KINDS}")
    return cl.CustomComparison(levels, output_column_name=name)


def blocking_rules(extra: Mapping[str, str] | None = None) -> list:
    """Candidate pairs: a pair is scored when any rule holds.

    Together the rules must keep recall above 0.99 while staying small enough
    for a million records; each rule survives a different kind of error.
    """
    rules = [
        block_on("family_loose", "given_first"),  # date missing or wrong
        block_on("given_first", "dob_y"),  # family name misspelt or changed
        block_on("family_loose", "dob_y"),  # given name misspelt
        block_on("father_any", "given_first"),  # family name changed (marriage)
        # Both names misspelt or swapped, full date right. 1 January is left out:
        # it is written for unknown days, and would make one huge block per year.
        block_on("dob_full"),
        block_on("given_skel", "family_skel"),  # Arabic-script records
        block_on("family_loose", "father_any"),  # given name misspelt, date missing
        block_on("given_first", "place_loose"),  # family name misspelt, date missing
        # both names misspelt: the family name's consonants or both names' first
        # letters still agree
        block_on("family_skel", "substr(given_first, 1, 2)"),
        block_on("dob_y", "substr(given_first, 1, 2)", "substr(family_loose, 1, 2)"),
        # given and family name swapped, possibly with a typo in one of them
        "l.swap_given = r.swap_family AND substr(l.swap_family, 1, 1) = substr(r.swap_given, 1, 1)",
        "l.swap_family = r.swap_given AND substr(l.swap_given, 1, 1) = substr(r.swap_family, 1, 1)",
    ]
    for name, kind in (extra or {}).items():
        # A document number or a postcode finds pairs whose names and dates are
        # all wrong; free text (addresses) is too varied to block on.
        if kind in ("identifier", "code"):
            rules.append(block_on(f"x_{name}"))
    return rules


def deterministic_rules() -> list:
    """Pairs almost certainly the same person, used to estimate the match prior."""
    return [
        block_on("given_loose", "family_loose", "dob_full"),
        block_on("given_loose", "family_loose", "father_decl", "dob_y"),
    ]


def training_rules(columns: set[str] | None = None, extra: Mapping[str, str] | None = None) -> list:
    """EM training blocks; each leaves out the comparisons whose columns it uses.

    Each block must hold mostly true matches, or EM drifts to another latent
    class: blocking on the family and given name alone is dominated by namesakes
    (thousands of "Valon Krasniqi"), so where fathers' names are known the first
    block uses family and father's name instead (siblings share both, but their
    given names tell them apart).
    """
    has_father = columns is None or "father_name" in columns
    has_place = columns is None or "place_of_birth" in columns
    if has_father and has_place:
        # Unrelated namesakes with the same father's name exist for common names;
        # they rarely share the place of birth too, so this block is nearly pure
        # and trains the date comparison without mistaking them for matches.
        first = block_on("given_first", "family_loose", "father_any", "place_loose")
    elif has_father:
        first = block_on("family_loose", "father_any")
    else:
        first = block_on("family_loose", "given_first")
    rules = [
        first,
        # Names the date columns the date comparison uses, so that Splink leaves
        # that comparison out of this session.
        "l.dob_iso = r.dob_iso AND l.dob_prec = 'day' AND r.dob_prec = 'day'"
        " AND NOT l.dob_jan1 AND l.dob_y = r.dob_y",
    ]
    for name, kind in (extra or {}).items():
        if kind == "identifier":
            rules.append(block_on(f"x_{name}"))
    return rules


def build_settings(
    link_type: str,
    *,
    extra: Mapping[str, str] | None = None,
    columns: set[str] | None = None,
) -> SettingsCreator:
    """Settings for a Splink linker over prepared records.

    ``columns`` lists the person columns present in the input; comparisons of
    absent columns are left out (a comparison that is always null only costs time).
    """
    present = set(columns) if columns is not None else None

    def has(col: str) -> bool:
        return present is None or col in present

    comparisons = []
    if has("given_name"):
        comparisons.append(_name_comparison("given", "given_name"))
    if has("family_name"):
        comparisons.append(_name_comparison("family", "family_name"))
    if has("date_of_birth"):
        comparisons.append(_dob_comparison())
    if has("father_name") or has("given_name"):
        comparisons.append(_father_comparison())
    if has("sex"):
        comparisons.append(_sex_comparison())
    if has("place_of_birth"):
        comparisons.append(_place_comparison())
    for name, kind in (extra or {}).items():
        comparisons.append(_extra_comparison(name, kind))
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking_rules(extra),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
