"""The matching engine: score candidate pairs of person records with Splink.

A pure library (no Django): give it lists of dicts or pandas DataFrames with
``record_id`` and person columns, get back a DataFrame of scored pairs
``left_id, right_id, match_probability, match_weight``.

    result = link(left_records, right_records)            # train (EM) and score
    result.pairs                                          # at the recommended threshold
    save_model(result.model, "model.json")
    link(other_left, other_right, model=load_model("model.json"))
    dedupe(records)                                       # duplicates within one list

Training is unsupervised: u probabilities come from random pairs, m
probabilities from expectation maximisation on blocks of likely matches, and the
prior (the share of pairs that match) first from near-certain pairs, then from
the model's own scores. No labelled pairs are needed. Lists too small to train
on are scored with the model in settings/default_model.json.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .model import build_settings, deterministic_rules, training_rules
from .prepare import (
    PERSON_COLUMNS,
    InputError,
    infer_sex_from_names,
    prepare_records,
    to_arrow,
)

__all__ = [
    "RECOMMENDED_THRESHOLD",
    "InputError",
    "LinkResult",
    "ModelError",
    "best_partners_only",
    "dedupe",
    "default_model",
    "explain_pair",
    "link",
    "load_model",
    "save_model",
]

# Match probability at or above which a pair is reported by default: "more
# likely than not the same person". It is meaningful because the prior is
# re-estimated from the model's own scores (see _refine_prior), which keeps the
# probabilities close to calibrated, and because, linking two lists, a pair's
# probability weighs the other candidates of its records (_exclusive_sql): at
# 0.5 at most one partner per record can pass. It is not tuned on the benchmark
# (bench/RESULTS.md, "Record linkage").
RECOMMENDED_THRESHOLD = 0.5

# The share of true matches the deterministic rules are assumed to find; only
# used to turn their count into the prior probability of a match.
_DETERMINISTIC_RECALL = 0.7
# Random pairs for estimating u probabilities: enough for stable estimates of
# rare levels, small enough to take seconds.
_U_SAMPLE_PAIRS = 2e6
_SEED = 7
# Smallest m probability a trained level keeps. EM on clean training blocks can
# drive the m of "names disagree" to almost 0, a veto of 14 bits or more against
# one misspelt name; real lists have nicknames and clerical errors, so at least
# one true match in a thousand is assumed to fall in any level.
M_FLOOR = 1e-3
# Below this many records (both lists together) the model is not trained but
# taken from settings/default_model.json.
MIN_TRAINING_RECORDS = 2_000
DEFAULT_MODEL_PATH = Path(__file__).with_name("settings") / "default_model.json"

Backend = Literal["duckdb", "spark"]
Progress = Callable[[str], None]

OUTPUT_COLUMNS = ["left_id", "right_id", "match_probability", "match_weight"]


class ModelError(ValueError):
    """A saved model that cannot be used."""


@dataclass
class LinkResult:
    pairs: pd.DataFrame
    model: dict[str, Any]
    threshold: float
    timings: dict[str, float] = field(default_factory=dict)


def _as_frame(records: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    if isinstance(records, pd.DataFrame):
        return records
    return pd.DataFrame(list(records))


def _check_ids(df: pd.DataFrame, which: str, row_offset: int) -> None:
    if "record_id" not in df.columns:
        raise InputError(f"{which}: no record_id column")
    ids = df["record_id"]
    missing = ids.isna() | (ids.astype(str).str.strip() == "")
    if missing.any():
        row = int(missing.to_numpy().nonzero()[0][0]) + row_offset
        raise InputError(f"{which}: row {row}, column record_id: empty record_id")
    dup = ids.astype(str).duplicated(keep="first")
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        value = str(ids.iloc[i])
        first = int((ids.astype(str) == value).to_numpy().nonzero()[0][0]) + row_offset
        raise InputError(
            f"{which}: row {i + row_offset}, column record_id: duplicate id {value!r}"
            f" (first used in row {first})"
        )


def _prepare(
    records: pd.DataFrame | Iterable[Mapping[str, Any]],
    which: str,
    *,
    strict: bool,
    row_offset: int,
    extra: Mapping[str, str],
) -> tuple[pd.DataFrame, set[str]]:
    df = _as_frame(records)
    _check_ids(df, which, row_offset)
    try:
        prepared = prepare_records(df, strict=strict, row_offset=row_offset)
    except InputError as exc:
        raise InputError(f"{which}: {exc}") from None
    for name in extra:
        if name not in df.columns:
            raise InputError(f"{which}: no column {name!r} (asked for as an extra column)")
        col = df[name].astype(object).where(df[name].notna(), None)
        prepared[f"x_{name}"] = col.map(
            lambda v: (str(v).strip().lower() or None) if v is not None else None
        )
    # Columns with at least one value; comparisons of the others are left out.
    present = {
        c
        for c in PERSON_COLUMNS
        if c in df.columns and (df[c].notna() & (df[c].astype(str).str.strip() != "")).any()
    }
    return prepared, present


# DuckDB may use this much memory before spilling to disk. Its own default (80 %
# of RAM) makes a national-scale run take the whole machine; a server running
# Reintegra needs the rest.
DUCKDB_MEMORY_LIMIT = "4GB"


def _db_api(backend: Backend, spark_session: Any = None):
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(
            config={
                "memory_limit": DUCKDB_MEMORY_LIMIT,
                # Row order is irrelevant here; keeping it costs memory.
                "preserve_insertion_order": False,
            }
        )
        return DuckDBAPI(connection=connection)
    if backend == "spark":
        from .spark import spark_api

        return spark_api(spark_session)
    raise ValueError(f"unknown backend {backend!r}; use 'duckdb' or 'spark'")


def _backend_table(df: pd.DataFrame, extra_cols: list[str], backend: Backend, db_api):
    table = to_arrow(df, extra_cols)
    if backend == "spark":
        from .spark import arrow_to_spark

        return arrow_to_spark(table, db_api)
    return table


def _settings_from_model(
    model: Mapping[str, Any], link_type: str, dialect: str | None = None
) -> dict[str, Any]:
    if not isinstance(model, Mapping) or "comparisons" not in model:
        raise ModelError("not a Splink model: no 'comparisons' in it")
    settings = copy.deepcopy(dict(model))
    # A model trained on two lists can be reused for duplicates in one and back.
    settings["link_type"] = link_type
    settings.pop("linker_uid", None)
    if dialect and settings.get("sql_dialect", "duckdb") != dialect:
        _translate_levels(settings, dialect)
    return settings


def _translate_levels(settings: dict[str, Any], target: str) -> None:
    """Rewrite a saved model's comparison SQL for another backend.

    Splink stores comparison levels as SQL of the backend that trained them and
    does not translate them when the model is loaded elsewhere (in Spark SQL
    "col" is a string, not a column). Blocking rules carry their dialect and are
    translated by Splink itself.
    """
    import re

    import sqlglot
    from splink.internals.dialects import SplinkDialect

    source = settings.get("sql_dialect", "duckdb")
    src, dst = SplinkDialect.from_string(source), SplinkDialect.from_string(target)
    # String-similarity functions have a different name on each backend (and
    # sqlglot renames them its own way): they cross the translation under a
    # placeholder name that sqlglot leaves alone.
    functions = {
        "reintegra_jw": (src.jaro_winkler_function_name, dst.jaro_winkler_function_name),
        "reintegra_lev": (src.levenshtein_function_name, dst.levenshtein_function_name),
        "reintegra_dl": (
            src.damerau_levenshtein_function_name,
            dst.damerau_levenshtein_function_name,
        ),
    }
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            sql = level.get("sql_condition")
            if not sql or sql.strip().upper() == "ELSE":
                continue
            for placeholder, (old, _) in functions.items():
                sql = re.sub(rf"\b{re.escape(old)}\s*\(", f"{placeholder}(", sql, flags=re.I)
            sql = sqlglot.transpile(sql, read=src.sqlglot_dialect, write=dst.sqlglot_dialect)[0]
            for placeholder, (_, new) in functions.items():
                sql = re.sub(rf"\b{placeholder}\s*\(", f"{new}(", sql, flags=re.I)
            level["sql_condition"] = sql
    settings["sql_dialect"] = target


def _fallback_prior(sizes: list[int]) -> float:
    """A prior for lists too small or too unusual to estimate one from.

    Two lists: half the smaller list is assumed to be on the other one. One list:
    one record in twenty is assumed to have a duplicate.
    """
    if len(sizes) == 2:
        n_left, n_right = max(sizes[0], 1), max(sizes[1], 1)
        return min(0.5, 0.5 * min(n_left, n_right) / (n_left * n_right))
    n = max(sizes[0], 2)
    return min(0.5, 0.1 / (n - 1))


def _estimate_prior(linker, sizes: list[int], progress: Progress) -> None:
    """Estimate the probability that two random records match, with a fallback.

    Splink counts the pairs that near-certain rules find; on small or odd lists
    it finds none (probability 0, which breaks everything after) or more than the
    assumed recall allows (an error). Either way the fallback prior is used.
    """
    progress("estimating how likely two random records are the same person")
    settings = linker._settings_obj  # Splink has no public setter for the prior
    splink_log = logging.getLogger("splink")
    level = splink_log.level
    # Splink warns at length when the rules find nothing; the fallback handles it.
    splink_log.setLevel(logging.ERROR)
    try:
        linker.training.estimate_probability_two_random_records_match(
            deterministic_rules(), recall=_DETERMINISTIC_RECALL
        )
        prior = settings._probability_two_random_records_match
    except Exception:  # any failure here has the same remedy
        prior = 0.0
    finally:
        splink_log.setLevel(level)
    if not 0.0 < prior < 1.0:
        settings._probability_two_random_records_match = _fallback_prior(sizes)


def floor_m_probabilities(model: Mapping[str, Any], floor: float = M_FLOOR) -> dict[str, Any]:
    """A copy of ``model`` where no trained m probability is below ``floor``.

    The m probabilities of each comparison are renormalised to sum to 1; fixed
    ones (set by hand in model.py) are kept as they are. A level without a u
    probability gets u = m (weight 0).
    """
    model = copy.deepcopy(dict(model))
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for lv in levels:
            # a level never seen in training gets the floor, not Splink's default
            if lv.get("m_probability") is None:
                lv["m_probability"] = floor
        trained = [lv for lv in levels if not lv.get("fix_m_probability")]
        if not trained:
            continue
        for lv in trained:
            lv["m_probability"] = max(lv["m_probability"], floor)
        fixed_total = sum(lv["m_probability"] for lv in levels if lv.get("fix_m_probability"))
        total = sum(lv["m_probability"] for lv in trained)
        for lv in trained:
            lv["m_probability"] *= (1.0 - fixed_total) / total
        for lv in levels:
            # A level that no random pair reached (e.g. two different but similar
            # places, where the lists name only a few places) has no measured u;
            # it is made neutral rather than left to Splink's default.
            if lv.get("u_probability") is None:
                lv["u_probability"] = lv["m_probability"]
    return model


def _train(
    linker, sizes: list[int], columns: set[str], extra: Mapping[str, str], progress: Progress
) -> None:
    t = linker.training
    _estimate_prior(linker, sizes, progress)
    progress("estimating u probabilities from random pairs")
    t.estimate_u_using_random_sampling(max_pairs=_U_SAMPLE_PAIRS, seed=_SEED)
    for rule in training_rules(columns, extra):
        progress("expectation maximisation")
        t.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )


def _run(
    tables: list[pd.DataFrame],
    present: set[str],
    link_type: str,
    *,
    model: Mapping[str, Any] | None,
    threshold: float | None,
    backend: Backend,
    extra: Mapping[str, str],
    progress: Progress,
    spark_session: Any,
    exclusive: bool = False,
) -> LinkResult:
    from splink import Linker

    threshold = RECOMMENDED_THRESHOLD if threshold is None else threshold
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    timings: dict[str, float] = {}
    start = time.perf_counter()

    small = sum(len(t) for t in tables) < MIN_TRAINING_RECORDS
    if model is None and small:
        # EM needs hundreds of true matches to learn from; small files are scored
        # with the model shipped with Reintegra instead.
        progress(f"fewer than {MIN_TRAINING_RECORDS} records: using the default model")
        model = default_model()
    if small:
        # How common a name is cannot be measured on a few records (in a file of
        # five, every name is "common"), so term-frequency adjustments are off.
        model = _without_term_frequencies(model)
    infer_sex_from_names(tables)
    db_api = _db_api(backend, spark_session)
    names = ["left", "right"][: len(tables)]
    extra_cols = [f"x_{name}" for name in extra]
    sdfs = [
        db_api.register(
            _backend_table(df, extra_cols, backend, db_api), table_name=f"reintegra_{n}"
        )
        for df, n in zip(tables, names, strict=True)
    ]
    if model is None:
        settings: Any = build_settings(link_type, extra=extra, columns=present)
    else:
        settings = _settings_from_model(model, link_type, db_api.sql_dialect.sql_dialect_str)
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level=logging.WARNING)

    sizes = [len(t) for t in tables]
    if model is None:
        _train(linker, sizes, present, extra, progress)
        trained = floor_m_probabilities(linker.misc.save_model_to_json())
        linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], trained, log_level=logging.WARNING)
    # With a saved model, m and u describe how people's records differ and carry
    # over; the prior depends on the sizes and overlap of these lists and is
    # re-estimated from the scores below, starting from the saved one.
    timings["train"] = time.perf_counter() - start

    progress("scoring candidate pairs")
    # Pairs far below any useful threshold carry no weight in the prior's
    # estimate and are never reported; leaving them out keeps the table small.
    predictions = linker.inference.predict(threshold_match_weight=_SCORED_MIN_WEIGHT)
    progress("re-estimating the share of matching pairs from the scores")
    prior = settings_prior = linker._settings_obj._probability_two_random_records_match
    prior = _refine_prior(linker, predictions, settings_prior, _total_pairs(sizes))
    shift = _logit2(prior) - _logit2(settings_prior)
    if link_type == "link_only" and exclusive:
        sql = _exclusive_sql(predictions.physical_name, shift, threshold)
    else:
        sources = "source_dataset_l, source_dataset_r, " if link_type == "link_only" else ""
        sql = f"""
        SELECT * FROM (
            SELECT {sources}unique_id_l, unique_id_r,
                   match_weight + {shift!r} AS match_weight,
                   1.0 / (1.0 + pow(2.0, -(match_weight + {shift!r}))) AS match_probability
            FROM {predictions.physical_name}
        ) WHERE match_probability >= {threshold!r}
        """
    raw = linker.misc.query_sql(sql, output_type="pandas")
    timings["predict"] = time.perf_counter() - start - timings["train"]

    pairs = _orient(raw, link_type)
    saved = linker.misc.save_model_to_json()
    saved["probability_two_random_records_match"] = prior
    return LinkResult(pairs=pairs, model=saved, threshold=threshold, timings=timings)


def _exclusive_sql(table: str, shift: float, threshold: float) -> str:
    """Pairs whose probability accounts for the other candidates of both records.

    Linking two lists in which each person appears at most once (a registry and
    a camp list, each deduplicated), a record is the same person as at most one
    record of the other list. A pair's Fellegi-Sunter odds o(l, r) weigh l
    against "not l" in isolation; once r's other candidates k are on the table,
    the hypotheses "r is l", "r is k" (for each k) and "r is nobody on the
    list" exclude each other, and likewise for l's candidates. To first order
    (ignoring that r may be k while l is someone else at the same time) the
    posterior of the pair is

        p(l, r) = o(l, r) / (1 + sum_k o(k, r) + sum_k o(l, k) - o(l, r))

    which equals the pair's own probability o / (1 + o) when neither record has
    another candidate, and splits it when two strong candidates compete: a camp
    record "Emir Hodžić, 1979" that matches one registry record on every field
    makes a second "Emir Hodžić, 1979" with another father much less likely.
    This is Splink's match weight turned into the probability the system reports;
    the match weight itself is left as the pair's own evidence.
    """
    w = f"(match_weight + {shift!r})"
    return f"""
        WITH s AS (
            SELECT source_dataset_l, source_dataset_r, unique_id_l, unique_id_r,
                   {w} AS match_weight, pow(2.0, {w}) AS odds
            FROM {table}
        ),
        totals AS (
            SELECT ds, id, sum(odds) AS odds FROM (
                SELECT source_dataset_l AS ds, unique_id_l AS id, odds FROM s
                UNION ALL
                SELECT source_dataset_r AS ds, unique_id_r AS id, odds FROM s
            ) GROUP BY ds, id
        )
        SELECT * FROM (
            SELECT s.source_dataset_l, s.source_dataset_r, s.unique_id_l, s.unique_id_r,
                   s.match_weight,
                   s.odds / (1.0 + tl.odds + tr.odds - s.odds) AS match_probability
            FROM s
            JOIN totals AS tl ON tl.ds = s.source_dataset_l AND tl.id = s.unique_id_l
            JOIN totals AS tr ON tr.ds = s.source_dataset_r AND tr.id = s.unique_id_r
        ) WHERE match_probability >= {threshold!r}
        """


# Candidate pairs below this match weight (with the first prior) are dropped
# before the prior is refined: even after refining they stay far below 1 %.
_SCORED_MIN_WEIGHT = -12.0
_PRIOR_ITERATIONS = 500


def _logit2(p: float) -> float:
    return math.log2(p / (1.0 - p))


def _total_pairs(sizes: list[int]) -> float:
    if len(sizes) == 2:
        return float(sizes[0]) * float(sizes[1])
    return sizes[0] * (sizes[0] - 1) / 2.0


def _refine_prior(linker, predictions, prior: float, total_pairs: float) -> float:
    """The prior that agrees with the model's own scores (EM on the prior alone).

    The first estimate counts pairs found by near-certain rules and divides by
    an assumed recall, a guess. With m and u trained, the expected number of
    matches is the sum of the match probabilities over the candidate pairs; the
    prior is iterated until it equals that sum divided by all possible pairs.
    Non-candidate pairs are assumed not to match (blocking recall > 0.99).
    """
    if total_pairs <= 0:
        return prior
    table = predictions.physical_name
    evidence = linker.misc.query_sql(
        f"SELECT round(match_weight - {_logit2(prior)!r}, 2) AS w, count(*) AS n "
        f"FROM {table} GROUP BY 1",
        output_type="pandas",
    )
    if evidence.empty:
        return prior
    weights, counts = evidence["w"].to_numpy(float), evidence["n"].to_numpy(float)
    for _ in range(_PRIOR_ITERATIONS):
        offset = _logit2(prior)
        expected = float((counts / (1.0 + 2.0 ** (-(weights + offset)))).sum())
        updated = min(max(expected / total_pairs, 1e-12), 0.5)
        converged = abs(updated - prior) <= 1e-9 * prior
        prior = updated
        if converged:
            break
    return prior


def _orient(raw: pd.DataFrame, link_type: str) -> pd.DataFrame:
    """Left ids from the first list, right ids from the second, best pairs first."""
    if raw.empty:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    left, right = raw["unique_id_l"].astype(str), raw["unique_id_r"].astype(str)
    if link_type == "link_only":
        flipped = raw["source_dataset_l"].astype(str).str.endswith("right")
        left, right = left.where(~flipped, right), right.where(~flipped, left)
    pairs = pd.DataFrame(
        {
            "left_id": left,
            "right_id": right,
            "match_probability": raw["match_probability"].astype(float),
            "match_weight": raw["match_weight"].astype(float),
        }
    )
    return pairs.sort_values(
        ["match_probability", "left_id", "right_id"], ascending=[False, True, True]
    ).reset_index(drop=True)


def best_partners_only(pairs: pd.DataFrame) -> pd.DataFrame:
    """Keep each record's best partner only (one-to-one linking).

    Greedy, best pair first: a pair is kept when neither of its records is
    already in a kept pair. Right for two lists that each hold a person once (a
    camp list against a deduplicated registry); wrong for lists with duplicates,
    so it is an option, not the default. At a threshold of 0.5 or more with the
    default (exclusive) probabilities it changes nothing; below, it keeps one
    pair per record where the probabilities leave several.
    """
    used_left: set[str] = set()
    used_right: set[str] = set()
    keep = []
    ordered = pairs.sort_values("match_probability", ascending=False, kind="stable")
    for index, left_id, right_id in zip(
        ordered.index, ordered["left_id"], ordered["right_id"], strict=True
    ):
        if left_id in used_left or right_id in used_right:
            continue
        used_left.add(left_id)
        used_right.add(right_id)
        keep.append(index)
    return ordered.loc[keep].reset_index(drop=True)


def _noop(_: str) -> None:
    pass


def link(
    left: pd.DataFrame | Iterable[Mapping[str, Any]],
    right: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    model: Mapping[str, Any] | None = None,
    threshold: float | None = None,
    backend: Backend = "duckdb",
    extra: Mapping[str, str] | None = None,
    strict: bool = True,
    progress: Progress | None = None,
    spark_session: Any = None,
    row_offset: int = 2,
    labels: tuple[str, str] = ("left", "right"),
    one_to_one: bool = False,
    exclusive: bool = True,
) -> LinkResult:
    """Link two lists of people; pairs at or above ``threshold`` (default recommended).

    ``model`` reuses a saved model (see :func:`load_model`) instead of training.
    ``extra`` maps additional columns to a kind (``identifier``, ``code``, ``text``).
    Raises :class:`InputError` naming the list (``labels``, e.g. file names), row
    and column of bad input. ``one_to_one`` keeps each record's best partner only
    (see :func:`best_partners_only`).

    ``exclusive`` (the default) assumes that each list holds a person at most
    once, and a pair's probability then accounts for the other candidates of
    its two records (see :func:`_exclusive_sql`); every candidate pair at or
    above the threshold is still reported. Pass ``exclusive=False`` for a list
    that still holds duplicates (or run :func:`dedupe` on it first): two records
    of one person would otherwise share the probability between them.
    """
    progress = progress or _noop
    extra = dict(extra or {})
    progress(f"reading and folding {labels[0]}")
    lp, lcols = _prepare(left, labels[0], strict=strict, row_offset=row_offset, extra=extra)
    progress(f"reading and folding {labels[1]}")
    rp, rcols = _prepare(right, labels[1], strict=strict, row_offset=row_offset, extra=extra)
    result = _run(
        [lp, rp],
        lcols & rcols,
        "link_only",
        model=model,
        threshold=threshold,
        backend=backend,
        extra=extra,
        progress=progress,
        spark_session=spark_session,
        exclusive=exclusive,
    )
    if one_to_one:
        result.pairs = best_partners_only(result.pairs)
    return result


def dedupe(
    records: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    model: Mapping[str, Any] | None = None,
    threshold: float | None = None,
    backend: Backend = "duckdb",
    extra: Mapping[str, str] | None = None,
    strict: bool = True,
    progress: Progress | None = None,
    spark_session: Any = None,
    row_offset: int = 2,
    label: str = "input",
) -> LinkResult:
    """Find records of the same person within one list; each pair is reported once."""
    progress = progress or _noop
    extra = dict(extra or {})
    progress(f"reading and folding {label}")
    prepared, cols = _prepare(records, label, strict=strict, row_offset=row_offset, extra=extra)
    result = _run(
        [prepared],
        cols,
        "dedupe_only",
        model=model,
        threshold=threshold,
        backend=backend,
        extra=extra,
        progress=progress,
        spark_session=spark_session,
    )
    return result


def _without_term_frequencies(model: Mapping[str, Any]) -> dict[str, Any]:
    model = copy.deepcopy(dict(model))
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
    return model


def explain_pair(
    left: Mapping[str, Any],
    right: Mapping[str, Any],
    *,
    model: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Score one pair and say why: for each comparison, the level and its weight.

    Returns ``{"match_probability", "match_weight", "comparisons": {name:
    {"level": label, "match_weight": bits}}}``. Term-frequency adjustments are
    left out: two records say nothing about how common a name is.
    """
    from splink import DuckDBAPI, Linker

    settings = _settings_from_model(
        _without_term_frequencies(model or default_model()), "link_only"
    )
    # Every pair of the two one-record tables is scored, whatever the blocking.
    settings["blocking_rules_to_generate_predictions"] = [{"blocking_rule": "1=1"}]
    settings["retain_intermediate_calculation_columns"] = True
    settings["retain_matching_columns"] = True
    tables = []
    for which, record in (("left", left), ("right", right)):
        prepared, _ = _prepare([dict(record)], which, strict=True, row_offset=1, extra={})
        tables.append(prepared)
    db_api = DuckDBAPI()
    sdfs = [
        db_api.register(to_arrow(t), table_name=f"explain_{n}")
        for t, n in zip(tables, "lr", strict=True)
    ]
    linker = Linker(sdfs, settings, log_level=logging.ERROR)
    row = linker.inference.predict().as_pandas_dataframe().iloc[0]
    comparisons: dict[str, Any] = {}
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        gamma = int(row[f"gamma_{name}"])
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        # Splink numbers the non-null levels from the last (0) to the first.
        label = (
            "missing"
            if gamma == -1
            else levels[len(levels) - 1 - gamma].get(
                "label_for_charts", levels[len(levels) - 1 - gamma]["sql_condition"]
            )
        )
        comparisons[name] = {"level": label, "match_weight": float(row[f"mw_{name}"])}
    return {
        "match_probability": float(row["match_probability"]),
        "match_weight": float(row["match_weight"]),
        "comparisons": comparisons,
    }


def default_model() -> dict[str, Any]:
    """The model shipped with Reintegra (trained by EM on synthetic lists, see bench/)."""
    return load_model(DEFAULT_MODEL_PATH)


def save_model(model: Mapping[str, Any], path: str | Path) -> None:
    """Write a trained model as JSON (Splink's own format, readable by Splink)."""
    Path(path).write_text(json.dumps(model, indent=2, ensure_ascii=False), encoding="utf-8")


def load_model(path: str | Path) -> dict[str, Any]:
    """Read a model saved by :func:`save_model`; :class:`ModelError` if unusable."""
    try:
        model = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"model file {str(path)!r} not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model file {str(path)!r} is not JSON: {exc}") from None
    _settings_from_model(model, "link_only")  # validates
    return model
