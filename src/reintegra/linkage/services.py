"""Every write of the duplicate review: proposing pairs, deciding them, merge and unmerge.

Merging moves every row that points to the absorbed person (names, aliases, name tokens,
documents, relationships, consents, household memberships, the case, and whatever any
app adds later) to the kept person. The rows are found through Django's model meta
(every foreign key and one-to-one to `people.Person`), so an app added later is covered
without a change here. The ids of the moved rows are kept on the `Merge`, and `unmerge`
moves exactly those rows back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.access import policy
from reintegra.audit.services import AuditEntry, audit_record_many
from reintegra.people.models import NameKind, NameToken, Person, PersonName

from .models import CandidatePair, Merge, PairSource, PairStatus

REVIEW_PERMISSION = "linkage.review"


class LinkageError(ValueError):
    """A decision, merge or unmerge that cannot be made; the message says why."""


def _user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# --- Proposing pairs ---------------------------------------------------------------------


@dataclass
class ProposedPair:
    person_a: int
    person_b: int
    match_probability: float | None = None
    match_weight: float | None = None
    explanation: dict = field(default_factory=dict)


def absorbed_ids() -> dict[int, int]:
    """{absorbed person id: kept person id} of every merge in force."""
    return dict(Merge.objects.filter(undone_at__isnull=True).values_list("absorbed_id", "kept_id"))


def settled_keys() -> set[tuple[int, int]]:
    """Every pair already in the queue (pending or decided), and the same pairs seen
    through the merges in force: when B was merged into A and "B is not C" was decided,
    A and C are not proposed either."""
    keys = set(CandidatePair.objects.values_list("person_a_id", "person_b_id"))
    into = absorbed_ids()

    def final(pk: int) -> int:
        seen = set()
        while pk in into and pk not in seen:
            seen.add(pk)
            pk = into[pk]
        return pk

    mapped = set()
    for a, b in keys:
        fa, fb = final(a), final(b)
        if fa != fb:
            mapped.add(_ordered(fa, fb))
    return keys | mapped


def pairs_propose(
    *, actor, pairs: Iterable[ProposedPair], source: str, request=None, channel: str = "cli"
) -> list[CandidatePair]:
    """Put new candidate pairs in the review queue; one audit event each.

    A pair already in the queue (pending or decided either way), a pair of one person
    with themselves and a pair with a person merged into another are skipped, so running
    a search twice adds nothing the second time. A pending pair that has no score yet
    (an arrival check) gets the score a later search finds for it."""
    if source not in PairSource.values:
        raise LinkageError(_("Unknown source of a candidate pair: %(source)s.") % {"source": source})
    with transaction.atomic():
        settled = settled_keys()
        merged = set(absorbed_ids())
        unscored = {
            (p.person_a_id, p.person_b_id): p
            for p in CandidatePair.objects.filter(status=PairStatus.PENDING, match_probability__isnull=True)
        }
        new: dict[tuple[int, int], CandidatePair] = {}
        rescored: list[CandidatePair] = []
        for proposed in pairs:
            a, b = int(proposed.person_a), int(proposed.person_b)
            if a == b or a in merged or b in merged:
                continue
            key = _ordered(a, b)
            if key in unscored and proposed.match_probability is not None:
                pair = unscored.pop(key)
                pair.match_probability, pair.match_weight = proposed.match_probability, proposed.match_weight
                pair.explanation = proposed.explanation
                rescored.append(pair)
                continue
            if key in settled or key in new:
                continue
            new[key] = CandidatePair(
                person_a_id=key[0], person_b_id=key[1], match_probability=proposed.match_probability,
                match_weight=proposed.match_weight, explanation=proposed.explanation, source=source,
                created_by=_user_or_none(actor),
            )
        made = CandidatePair.objects.bulk_create(list(new.values()))
        for pair in rescored:
            pair.save(update_fields=["match_probability", "match_weight", "explanation"])
        audit_record_many(user=actor, request=request, channel=channel, events=[
            AuditEntry(action="create", object_type="candidate_pair", object_id=p.pk, person_id=p.person_a_id,
                       compartments=["identity"],
                       detail={"person_b": p.person_b_id, "source": source,
                               "match_probability": p.match_probability})
            for p in made
        ] + [
            AuditEntry(action="update", object_type="candidate_pair", object_id=p.pk, person_id=p.person_a_id,
                       compartments=["identity"],
                       detail={"person_b": p.person_b_id, "match_probability": p.match_probability})
            for p in rescored
        ])
    return made


# --- Arrival checks ----------------------------------------------------------------------


def _birth_years_compatible(a: Person, b: Person) -> bool:
    if a.birth_date is None or b.birth_date is None:
        return True
    return a.birth_date.year == b.birth_date.year


# People born the same year whose names are compared word by word in loose folding (which
# unifies scripts and transliterations: Тачи, Thaçi, Thachi); past this many names of one
# year the check keeps to the name tokens.
_SAME_YEAR_NAMES = 20_000


def _loose_words(text: str) -> set[str]:
    from .folding import fold_loose

    return {w for w in fold_loose(text).split() if w}


def person_arrival_check(*, actor, person: Person, request=None, channel: str = "page") -> list[CandidatePair]:
    """A new person entered by hand, checked against the registry without a model run.

    Candidates: people with a given-name word and a family-name word in common with one
    of the new person's names, found two ways: through the name tokens search uses (same
    spelling up to case and diacritics), and, among people born the same year, by the
    loose folding that also unifies scripts and transliterations. A year of birth that
    differs rules a candidate out; an unknown one does not. They become pending pairs
    of the review queue; `reintegra find_duplicates` scores them later."""
    from .folding import fold_for_search

    names = list(person.names.all())
    found: set[int] = set()
    for name in names:
        given = [w[:100] for w in fold_for_search(name.given_name).split()]
        family = [w[:100] for w in fold_for_search(name.family_name).split()]
        if not given or not family:
            continue
        with_given = NameToken.objects.filter(token__in=given).values("person_id")
        found.update(
            NameToken.objects.filter(token__in=family, person_id__in=with_given)
            .exclude(person_id=person.pk).values_list("person_id", flat=True).distinct()[:50]
        )
    if person.birth_date is not None:
        mine = [(_loose_words(n.given_name), _loose_words(n.family_name)) for n in names]
        same_year = (
            PersonName.objects.filter(person__birth_date__year=person.birth_date.year)
            .exclude(person_id=person.pk).values_list("person_id", "given_name", "family_name")
        )
        for pk, given, family in same_year[:_SAME_YEAR_NAMES]:
            theirs_given, theirs_family = _loose_words(given), _loose_words(family)
            if any(g & theirs_given and f & theirs_family for g, f in mine):
                found.add(pk)
    proposed = []
    for other in Person.objects.filter(pk__in=found):
        if not _birth_years_compatible(person, other):
            continue
        dated = person.birth_date is not None and other.birth_date is not None
        explanation = {"comparisons": {"given_name": {"agrees": True}, "family_name": {"agrees": True},
                                       "date_of_birth": {"agrees": dated}}, "method": "name_tokens"}
        proposed.append(ProposedPair(person.pk, other.pk, explanation=explanation))
    if not proposed:
        return []
    return pairs_propose(actor=actor, pairs=proposed, source=PairSource.NEW_PERSON, request=request,
                         channel=channel)


def pairs_from_registry_candidates(*, actor, candidates, request=None, channel: str = "page") -> list[CandidatePair]:
    """The candidates reception found for the people of a manifest (`RegistryCandidate`:
    same name, exact or folded, and a compatible date of birth) as pairs of the queue."""
    proposed = [
        ProposedPair(c.member.person_id, c.candidate_id,
                     explanation={"comparisons": {"given_name": {"agrees": True}, "family_name": {"agrees": True},
                                                  "date_of_birth": {"agrees": True}},
                                  "method": "manifest", "reason": c.reason})
        for c in candidates
    ]
    return pairs_propose(actor=actor, pairs=proposed, source=PairSource.MANIFEST, request=request, channel=channel)


# --- Deciding ----------------------------------------------------------------------------


def _mark_reception_reviewed(pair: CandidatePair) -> None:
    """Reception lists its manifest candidates until the review queue has decided them."""
    try:
        RegistryCandidate = apps.get_model("reception", "RegistryCandidate")
    except LookupError:
        return
    a, b = pair.person_a_id, pair.person_b_id
    RegistryCandidate.objects.filter(member__person_id=a, candidate_id=b).update(reviewed=True)
    RegistryCandidate.objects.filter(member__person_id=b, candidate_id=a).update(reviewed=True)


def pair_decide(
    *, actor, pair: CandidatePair, decision: str, keep: int | None = None, request=None, channel: str = "page"
) -> CandidatePair:
    """"same": merge the two (the person with a case is kept, else the one registered
    first, unless `keep` names one of the two); "different": remembered, never proposed
    again."""
    policy.require_permission(actor, REVIEW_PERMISSION)
    if decision not in ("same", "different"):
        raise LinkageError(_("Decide 'same' or 'different', not %(d)s.") % {"d": decision})
    with transaction.atomic():
        pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
        if pair.status != PairStatus.PENDING:
            raise LinkageError(_("This pair was already decided."))
        merged = absorbed_ids()
        if pair.person_a_id in merged or pair.person_b_id in merged:
            raise LinkageError(_("One of the two was merged into another person since; undo that merge first."))
        pair.decided_at, pair.decided_by = timezone.now(), _user_or_none(actor)
        if decision == "different":
            pair.status = PairStatus.DIFFERENT
            pair.save(update_fields=["status", "decided_at", "decided_by"])
            _audit_decision(actor, pair, decision, request, channel)
        else:
            kept, absorbed = _kept_and_absorbed(pair, keep)
            pair.status = PairStatus.SAME
            pair.save(update_fields=["status", "decided_at", "decided_by"])
            _audit_decision(actor, pair, decision, request, channel)
            person_merge(actor=actor, kept=kept, absorbed=absorbed, pair=pair, request=request, channel=channel)
        _mark_reception_reviewed(pair)
    return pair


def _audit_decision(actor, pair, decision, request, channel) -> None:
    audit_record_many(user=actor, request=request, channel=channel, events=[
        AuditEntry(action="review", object_type="candidate_pair", object_id=pair.pk, person_id=pk,
                   compartments=["identity"], detail={"decision": decision, "pair": [pair.person_a_id,
                                                                                     pair.person_b_id]})
        for pk in (pair.person_a_id, pair.person_b_id)
    ])


def _has_case(person: Person) -> bool:
    from reintegra.cases.models import Case

    return Case.objects.filter(person=person).exists()


def _kept_and_absorbed(pair: CandidatePair, keep: int | None) -> tuple[Person, Person]:
    a, b = Person.objects.get(pk=pair.person_a_id), Person.objects.get(pk=pair.person_b_id)
    if keep is not None:
        if keep not in (a.pk, b.pk):
            raise LinkageError(_("The person to keep must be one of the two of the pair."))
        return (a, b) if keep == a.pk else (b, a)
    if _has_case(b) and not _has_case(a):
        return b, a
    return a, b


# --- Merge and unmerge -------------------------------------------------------------------


def person_links() -> list[tuple[type, object]]:
    """(model, field) of every foreign key and one-to-one to Person, in every installed
    app but this one (the queue and the merges themselves stay as they are)."""
    links = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete) or rel.many_to_many:
            continue
        model = rel.related_model
        if model._meta.app_label == "linkage" or model._meta.proxy:
            continue
        links.append((model, rel.field))
    return sorted(links, key=lambda link: _key(*link))


def _key(model, fk) -> str:
    return f"{model._meta.label}.{fk.name}"


def _link_of(key: str):
    label, name = key.rsplit(".", 1)
    model = apps.get_model(label)
    return model, model._meta.get_field(name)


def _person_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person]


def _move(model, fk, ids: list[int], to_pk: int) -> tuple[list[int], list[int]]:
    """Point the rows `ids` of `model` at `to_pk` through `fk`. Returns (moved, kept
    back): a row that would then break a unique rule or a check (both persons already
    in one household, a relationship between the two) stays where it is."""
    if not ids:
        return [], []
    manager = model._base_manager
    try:
        with transaction.atomic():
            manager.filter(pk__in=ids).update(**{fk.attname: to_pk})
        return ids, []
    except IntegrityError:
        pass
    moved, back = [], []
    for pk in ids:
        try:
            with transaction.atomic():
                manager.filter(pk=pk).update(**{fk.attname: to_pk})
            moved.append(pk)
        except IntegrityError:
            back.append(pk)
    return moved, back


def _state(person: Person) -> dict:
    return {
        "display_name": person.display_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "birth_date_precision": person.birth_date_precision,
        "place_of_birth": person.place_of_birth,
        "country_of_birth": person.country_of_birth,
        "citizenship_status": person.citizenship_status,
    }


def person_merge(
    *, actor, kept: Person, absorbed: Person, pair: CandidatePair | None = None, request=None,
    channel: str = "page",
) -> Merge:
    """Merge `absorbed` into `kept`: every row pointing to `absorbed` is repointed to
    `kept`; the absorbed person remains, empty, as the record of the merge. Refused
    when both have a case (a case is the file of one person: close or transfer one
    first), and for persons already merged."""
    policy.require_permission(actor, REVIEW_PERMISSION)
    if kept.pk == absorbed.pk:
        raise LinkageError(_("A person cannot be merged with themselves."))
    with transaction.atomic():
        # One merge at a time on these two persons.
        list(Person.objects.select_for_update().filter(pk__in=[kept.pk, absorbed.pk]).values_list("pk"))
        merged = absorbed_ids()
        if kept.pk in merged or absorbed.pk in merged:
            raise LinkageError(_("One of the two was already merged into another person."))
        if Merge.objects.filter(kept=absorbed, undone_at__isnull=True).exists():
            raise LinkageError(_(
                "%(name)s already holds the records of a merged person: keep %(name)s and merge the other "
                "one into it.") % {"name": absorbed.display_name})
        if _has_case(kept) and _has_case(absorbed):
            raise LinkageError(_(
                "Both persons have a case. A merge would join two case files into one, which this "
                "review cannot do: close one case or have it transferred first, then merge."))
        state = _state(absorbed)
        moved: dict[str, list[int]] = {}
        kept_back: dict[str, list[int]] = {}
        primary_names = list(PersonName.objects.filter(person=absorbed, kind=NameKind.PRIMARY)
                             .values_list("pk", flat=True))
        for model, fk in person_links():
            ids = list(model._base_manager.filter(**{fk.attname: absorbed.pk}).values_list("pk", flat=True))
            if not ids:
                continue
            # A row that also points to the kept person through another field would
            # point to one person twice (a relationship between the two, a consent the
            # one gave for the other): it stays where it is.
            twice = set()
            for other in _person_fields(model):
                if other.name != fk.name:
                    twice.update(model._base_manager.filter(pk__in=ids, **{other.attname: kept.pk})
                                 .values_list("pk", flat=True))
            go, back = _move(model, fk, [pk for pk in ids if pk not in twice], kept.pk)
            back = sorted(back + list(twice))
            if go:
                moved[_key(model, fk)] = sorted(go)
            if back:
                kept_back[_key(model, fk)] = back
        names_moved = set(moved.get(_key(PersonName, PersonName._meta.get_field("person")), []))
        renamed = sorted(pk for pk in primary_names if pk in names_moved)
        # The kept person's primary name stays the primary one; the other becomes a spelling.
        PersonName.objects.filter(pk__in=renamed).update(kind=NameKind.SPELLING)
        # Search reads the display name from the tokens (people.services).
        NameToken.objects.filter(person=kept).update(sort_name=kept.display_name)
        merge = Merge.objects.create(
            pair=pair, kept=kept, absorbed=absorbed, moved=moved, kept_back=kept_back, renamed=renamed,
            absorbed_state=state, merged_at=timezone.now(), merged_by=_user_or_none(actor),
        )
        _audit_merge(actor, merge, "merge", request, channel)
    return merge


def _case_id(person_id: int) -> int | None:
    from reintegra.cases.models import Case

    return Case.objects.filter(person_id=person_id).values_list("pk", flat=True).first()


def _audit_merge(actor, merge: Merge, what: str, request, channel) -> None:
    """Two events in the transaction of the change: on the kept and on the absorbed
    person, each naming every row moved (table, field, ids) and every row kept back."""
    detail = {what: merge.pk, "kept": merge.kept_id, "absorbed": merge.absorbed_id,
              "moved": merge.moved, "kept_back": merge.kept_back, "renamed": merge.renamed}
    audit_record_many(user=actor, request=request, channel=channel, events=[
        AuditEntry(action="update", object_type="person", object_id=pk, person_id=pk, case_id=_case_id(pk),
                   compartments=["identity", "family"], detail=detail)
        for pk in (merge.kept_id, merge.absorbed_id)
    ])


def person_unmerge(*, actor, merge: Merge, request=None, channel: str = "page") -> Merge:
    """Undo a merge: every row it moved goes back to the absorbed person, whose primary
    name is primary again. Rows added to the kept person since stay with the kept one.
    The pair returns to the queue, to be decided again."""
    policy.require_permission(actor, REVIEW_PERMISSION)
    with transaction.atomic():
        merge = Merge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise LinkageError(_("This merge was already undone."))
        if Merge.objects.filter(absorbed_id=merge.kept_id, undone_at__isnull=True).exists():
            raise LinkageError(_(
                "The kept person was merged into another person since: undo that merge first."))
        absorbed = Person.objects.get(pk=merge.absorbed_id)
        for key, ids in merge.moved.items():
            try:
                model, fk = _link_of(key)
            except LookupError as exc:
                raise LinkageError(_("The merge moved rows of %(table)s, which no longer exists.")
                                   % {"table": key}) from exc
            still = list(model._base_manager.filter(pk__in=ids, **{fk.attname: merge.kept_id})
                         .values_list("pk", flat=True))
            _moved, back = _move(model, fk, still, absorbed.pk)
            if back:
                raise LinkageError(_("Rows of %(table)s cannot go back to %(name)s: %(ids)s.") % {
                    "table": key, "name": absorbed.display_name, "ids": ", ".join(map(str, back))})
        PersonName.objects.filter(pk__in=merge.renamed, person=absorbed).update(kind=NameKind.PRIMARY)
        NameToken.objects.filter(person=absorbed).update(sort_name=absorbed.display_name)
        merge.undone_at, merge.undone_by = timezone.now(), _user_or_none(actor)
        merge.save(update_fields=["undone_at", "undone_by"])
        if merge.pair_id is not None:
            CandidatePair.objects.filter(pk=merge.pair_id).update(
                status=PairStatus.PENDING, decided_at=None, decided_by=None)
        _audit_merge(actor, merge, "unmerge", request, channel)
    return merge
