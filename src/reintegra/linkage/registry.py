"""Scoring the registry for duplicates with the matching engine (`reintegra find_duplicates`).

Each name of each person (primary names, aliases and spellings, in every script) is a
record for the engine's dedupe mode, with the person's date of birth at its precision,
sex, place of birth and the father's name written with that name. Pairs of records of
two different persons become a pair of persons, scored by their best pair of names.
Persons merged into another are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reintegra.people.models import DatePrecision, NameKind, PersonName

from .models import CandidatePair, PairSource, PairStatus
from .services import ProposedPair, absorbed_ids, pairs_propose, settled_keys


def _dob(born, precision: str) -> str | None:
    if born is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return f"{born.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{born.year:04d}-{born.month:02d}"
    return born.isoformat()


def registry_records() -> list[dict]:
    """One engine record per name with a given or family name (kunyas left out),
    `record_id` "person.name"."""
    merged = set(absorbed_ids())
    rows = (
        # A kunya ("Abu Hamza") is shared by thousands and names nobody: not compared.
        PersonName.objects.exclude(person_id__in=merged).exclude(kind=NameKind.KUNYA)
        .values_list("pk", "person_id", "given_name", "family_name", "father_name",
                     "person__sex", "person__birth_date", "person__birth_date_precision", "person__place_of_birth")
        .order_by("person_id", "pk")
    )
    records = []
    for pk, person_id, given, family, father, sex, born, precision, place in rows.iterator(chunk_size=5000):
        if not (given or family):
            continue  # a name written only as one string: nothing to compare field by field
        records.append({
            "record_id": f"{person_id}.{pk}",
            "given_name": given or None,
            "family_name": family or None,
            "father_name": father or None,
            "sex": sex if sex in ("M", "F") else None,
            "date_of_birth": _dob(born, precision),
            "place_of_birth": place or None,
        })
    return records


@dataclass
class FindResult:
    records: int
    candidates: int  # person pairs at or above the threshold
    added: int  # new pairs in the queue
    threshold: float


def _explain(left: dict, right: dict, model) -> dict:
    from .engine import explain_pair

    found = explain_pair(left, right, model=model)
    comparisons = {}
    for name, level in found["comparisons"].items():
        weight = level["match_weight"]
        comparisons[name] = {
            "level": level["level"],
            "match_weight": round(weight, 3),
            "bayes_factor": round(2.0 ** weight, 3),
            "agrees": weight > 0,
        }
    return {"comparisons": comparisons, "method": "model"}


def duplicates_find(
    *, actor=None, model: dict | None = None, threshold: float | None = None,
    progress: Callable[[str], None] | None = None, channel: str = "cli",
) -> FindResult:
    """Score every person of the registry against every other and put the pairs at or
    above `threshold` (default: the engine's recommended threshold) that are not yet in
    the queue, decided or not, into it. `model`: a saved model; by default the model
    shipped with Reintegra."""
    from .engine import RECOMMENDED_THRESHOLD, dedupe, default_model

    progress = progress or (lambda _message: None)
    threshold = RECOMMENDED_THRESHOLD if threshold is None else threshold
    model = model or default_model()
    progress("reading the registry")
    records = registry_records()
    by_id = {r["record_id"]: r for r in records}
    if len({r["record_id"].split(".")[0] for r in records}) < 2:
        return FindResult(records=len(records), candidates=0, added=0, threshold=threshold)
    result = dedupe(records, model=model, threshold=threshold, progress=progress, label="registry")
    best: dict[tuple[int, int], tuple[float, float, str, str]] = {}
    for left, right, probability, weight in result.pairs.itertuples(index=False):
        a, b = int(left.split(".")[0]), int(right.split(".")[0])
        if a == b:
            continue  # two names of one person
        key, names = ((a, b), (left, right)) if a < b else ((b, a), (right, left))
        if key not in best or probability > best[key][0]:
            best[key] = (float(probability), float(weight), *names)
    settled = settled_keys()
    fresh = {k: v for k, v in best.items() if k not in settled}
    # Pending pairs from an arrival check have no score yet: they get this one.
    waiting = set(CandidatePair.objects.filter(status=PairStatus.PENDING, match_probability__isnull=True)
                  .values_list("person_a_id", "person_b_id"))
    unscored = {k: v for k, v in best.items() if k in waiting}
    progress(f"{len(best)} pairs of persons at or above {threshold}; {len(fresh)} new; explaining them")
    proposed = []
    for (a, b), (probability, weight, left, right) in {**unscored, **fresh}.items():
        proposed.append(ProposedPair(a, b, probability, weight, _explain(by_id[left], by_id[right], model)))
    made = pairs_propose(actor=actor, pairs=proposed, source=PairSource.FIND_DUPLICATES, channel=channel)
    return FindResult(records=len(records), candidates=len(best), added=len(made), threshold=threshold)
