"""Country reception protocols as data: `protocols/<code>.yaml`.

A protocol has phases; a phase has steps. Each step says who it applies to (adult man,
adult woman, minor, unaccompanied minor), which agency type owns it, which compartment
of the case it belongs to, its deadline (an ISO 8601 duration after the arrival or after
another step's deadline), the steps it depends on, what it records (a checklist, a
decision with outcomes that may move the case's stage, a document issued, an assessment
to start, a referral to make) and how many staff-minutes of which profession it takes
per person. A file that does not validate is refused with the file, line and reason.

    code: kosovo
    name: Kosovo 2019, the 72-hour reception plan
    country: XK
    source: {file: 002_0c457b4fa8f7596c.txt, section: "V. Kosovo: Short Quarantine ..."}
    phases:
      - key: first_72_hours
        title: The first 72 hours
        steps:
          - key: security_screening
            title: Security screening
            applies_to: [adult_man, adult_woman, minor, unaccompanied_minor]
            owner: police
            compartment: security
            deadline: {after: arrival, within: PT24H}
            records: checklist
            checklist: [Identity confirmed against the manifest, ...]
            staff: {police_officer: 45}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import yaml

from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.access.models import AgencyType
from reintegra.cases.category import Category
from reintegra.cases.models import Stage
from reintegra.people.models import DocumentKind

from .durations import Duration, DurationError, parse_duration

PROTOCOL_DIR = Path(__file__).resolve().parent / "protocols"
CATEGORIES = (Category.ADULT_MAN, Category.ADULT_WOMAN, Category.MINOR, Category.UNACCOMPANIED_MINOR)
RECORDS = ("checklist", "decision", "document", "assessment", "referral")
ARRIVAL = "arrival"
# A protocol is written in English; titles and labels may carry translations for the
# languages that ship: `title_sq:`, `title_sr_Latn:` (and `label_...`, `name_...`).
LANGUAGES = ("sq", "sr_Latn")


def _lang_key(language: str | None) -> str:
    """Django's active language ("sr-latn") as the suffix used in the files ("sr_Latn")."""
    language = (language or "").lower()
    return next((code for code in LANGUAGES if code.lower().replace("_", "-") == language), "")


class ProtocolError(ValueError):
    """A protocol file that does not validate; `errors` are "file:line: reason" strings."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# --- A YAML loader that keeps line numbers ------------------------------------------------------


class _Map(dict):
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class _Seq(list):
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line: int):
        self.key, self.line = key, line
        super().__init__(f"the key {key!r} appears twice")


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader, node):
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_seq(loader, node):
    result = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


# --- The protocol as Python ---------------------------------------------------------------------


def _translated(text: str, translations: tuple[tuple[str, str], ...]) -> str:
    from django.utils.translation import get_language

    return dict(translations).get(_lang_key(get_language()), text)


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    stage: str = ""  # the case's new stage when this outcome is recorded
    labels: tuple[tuple[str, str], ...] = ()

    @property
    def local_label(self) -> str:
        return _translated(self.label, self.labels)


@dataclass(frozen=True)
class StepSpec:
    key: str
    title: str
    phase: str
    applies_to: tuple[str, ...]
    owner: str
    compartment: str
    after: str
    within: Duration
    depends_on: tuple[str, ...]
    records: str
    checklist: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    document: str = ""
    assessment: str = ""
    referral: str = ""
    staff: tuple[tuple[str, int], ...] = ()
    line: int = 0
    deadline_line: int = 0
    titles: tuple[tuple[str, str], ...] = ()

    @property
    def local_title(self) -> str:
        return _translated(self.title, self.titles)

    def outcome(self, key: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.key == key), None)


@dataclass(frozen=True)
class Phase:
    key: str
    title: str


@dataclass(frozen=True)
class Protocol:
    code: str
    name: str
    country: str
    source_file: str
    source_section: str
    summary: str
    phases: tuple[Phase, ...]
    steps: tuple[StepSpec, ...]
    path: str = ""
    names: tuple[tuple[str, str], ...] = ()
    _by_key: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def local_name(self) -> str:
        return _translated(self.name, self.names)

    def step(self, key: str) -> StepSpec:
        if not self._by_key:
            self._by_key.update({s.key: s for s in self.steps})
        return self._by_key[key]

    def steps_for(self, category: str) -> list[StepSpec]:
        return [s for s in self.steps if category in s.applies_to]

    def due(self, step: StepSpec, arrival: datetime) -> datetime:
        """The step's deadline: its duration after the arrival or after its anchor's deadline."""
        anchor = arrival if step.after == ARRIVAL else self.due(self.step(step.after), arrival)
        return step.within.after(anchor)

    def professions(self) -> list[str]:
        return sorted({p for s in self.steps for p, _m in s.staff})


def protocol_category(category: str) -> str:
    """The category a protocol is applied for. Without a date of birth a person is taken to
    be a minor, as child-protection practice gives the benefit of the doubt to youth."""
    return Category.MINOR if category == Category.UNKNOWN else category


# --- Validation -------------------------------------------------------------------------------------


class _Errors:
    def __init__(self, path: Path):
        self.path, self.items = path, []

    def add(self, line: int, reason: str) -> None:
        self.items.append(f"{self.path}:{line}: {reason}")


def _text(errors: _Errors, data: _Map, key: str, where: str, required: bool = True) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(data.line, f"{where}: '{key}' is required")
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        errors.add(data.line_of(key), f"{where}: '{key}' must be text")
        return ""
    return str(value).strip()


def _list_of_text(errors: _Errors, data: _Map, key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(data.line_of(key), f"{where}: '{key}' must be a list of text")
        return ()
    return tuple(v.strip() for v in value)


_STEP_KEYS = {
    "key", "title", "applies_to", "owner", "compartment", "deadline", "depends_on", "records",
    "checklist", "outcomes", "document", "assessment", "referral", "staff", "note",
    *(f"title_{code}" for code in LANGUAGES),
}


def _translations(errors: _Errors, data: _Map, base: str, where: str) -> tuple[tuple[str, str], ...]:
    found = []
    for code in LANGUAGES:
        text = _text(errors, data, f"{base}_{code}", where, required=False)
        if text:
            found.append((code, text))
    return tuple(found)


def _step(errors: _Errors, data, phase: str, index_line: int) -> StepSpec | None:
    if not isinstance(data, _Map):
        errors.add(index_line, f"phase {phase!r}: a step must be a mapping")
        return None
    key = _text(errors, data, "key", "step")
    where = f"step {key or '?'!r}"
    for unknown in sorted(set(data) - _STEP_KEYS, key=str):
        errors.add(data.line_of(unknown), f"{where}: unknown field {unknown!r}")
    title = _text(errors, data, "title", where)
    applies = _list_of_text(errors, data, "applies_to", where)
    if not applies:
        errors.add(data.line_of("applies_to"), f"{where}: 'applies_to' needs at least one of {', '.join(CATEGORIES)}")
    for category in applies:
        if category not in CATEGORIES:
            errors.add(data.line_of("applies_to"), f"{where}: unknown category {category!r}; use {', '.join(CATEGORIES)}")
    owner = _text(errors, data, "owner", where)
    if owner and owner not in AgencyType.values:
        errors.add(data.line_of("owner"), f"{where}: unknown agency type {owner!r}; use {', '.join(AgencyType.values)}")
    compartment = _text(errors, data, "compartment", where)
    if compartment and compartment not in ALL_COMPARTMENTS:
        errors.add(data.line_of("compartment"), f"{where}: unknown compartment {compartment!r}; use {', '.join(ALL_COMPARTMENTS)}")
    deadline = data.get("deadline")
    after, within = ARRIVAL, None
    if not isinstance(deadline, _Map):
        errors.add(data.line_of("deadline"), f"{where}: 'deadline' must be {{after: arrival or a step key, within: an ISO 8601 duration}}")
    else:
        after = _text(errors, deadline, "after", f"{where}, deadline") or ARRIVAL
        try:
            within = parse_duration(deadline.get("within"))
        except DurationError as exc:
            errors.add(deadline.line_of("within"), f"{where}, deadline: {exc}")
    depends = _list_of_text(errors, data, "depends_on", where)
    records = _text(errors, data, "records", where)
    if records and records not in RECORDS:
        errors.add(data.line_of("records"), f"{where}: 'records' must be one of {', '.join(RECORDS)}, not {records!r}")
    checklist = _list_of_text(errors, data, "checklist", where)
    if records == "checklist" and not checklist:
        errors.add(data.line_of("records"), f"{where}: a checklist step needs 'checklist' items")
    outcomes: list[Outcome] = []
    raw_outcomes = data.get("outcomes")
    if records == "decision":
        if not isinstance(raw_outcomes, list) or not raw_outcomes:
            errors.add(data.line_of("records"), f"{where}: a decision step needs 'outcomes'")
        else:
            for i, item in enumerate(raw_outcomes):
                if not isinstance(item, _Map):
                    errors.add(raw_outcomes.line_of(i), f"{where}: an outcome is {{key, label, stage}}")
                    continue
                okey = _text(errors, item, "key", f"{where}, outcome")
                stage = _text(errors, item, "stage", f"{where}, outcome {okey!r}", required=False)
                if stage and stage not in Stage.values:
                    errors.add(item.line_of("stage"), f"{where}, outcome {okey!r}: unknown stage {stage!r}; use {', '.join(Stage.values)}")
                for unknown in sorted(set(item) - {"key", "label", "stage", *(f"label_{c}" for c in LANGUAGES)}, key=str):
                    errors.add(item.line_of(unknown), f"{where}, outcome {okey!r}: unknown field {unknown!r}")
                outcomes.append(Outcome(okey, _text(errors, item, "label", f"{where}, outcome {okey!r}"), stage,
                                        _translations(errors, item, "label", f"{where}, outcome {okey!r}")))
            if len({o.key for o in outcomes}) != len(outcomes):
                errors.add(data.line_of("outcomes"), f"{where}: two outcomes have the same key")
    elif raw_outcomes is not None:
        errors.add(data.line_of("outcomes"), f"{where}: only a decision step has outcomes")
    document = _text(errors, data, "document", where, required=records == "document")
    if document and document not in DocumentKind.values:
        errors.add(data.line_of("document"), f"{where}: unknown document {document!r}; use {', '.join(DocumentKind.values)}")
    assessment = _text(errors, data, "assessment", where, required=records == "assessment")
    referral = _text(errors, data, "referral", where, required=records == "referral")
    staff: list[tuple[str, int]] = []
    raw_staff = data.get("staff")
    if raw_staff is not None:
        if not isinstance(raw_staff, _Map):
            errors.add(data.line_of("staff"), f"{where}: 'staff' is {{profession: minutes per person}}")
        else:
            for profession, minutes in raw_staff.items():
                if not isinstance(profession, str) or not profession.replace("_", "").isalnum():
                    errors.add(raw_staff.line_of(profession), f"{where}: profession {profession!r} must be a word such as psychiatrist")
                elif not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                    errors.add(raw_staff.line_of(profession), f"{where}: minutes for {profession} must be a positive whole number")
                else:
                    staff.append((profession, minutes))
    if within is None or not key:
        return None
    return StepSpec(
        key=key, title=title, phase=phase, applies_to=applies, owner=owner, compartment=compartment,
        after=after, within=within, depends_on=depends, records=records, checklist=checklist,
        outcomes=tuple(outcomes), document=document, assessment=assessment, referral=referral,
        staff=tuple(staff), line=data.line, deadline_line=data.line_of("deadline"),
        titles=_translations(errors, data, "title", where),
    )


def _check_references(errors: _Errors, steps: list[StepSpec]) -> None:
    by_key: dict[str, StepSpec] = {}
    for step in steps:
        if step.key in by_key:
            errors.add(step.line, f"step {step.key!r}: the key is used twice")
        by_key[step.key] = step
    for step in steps:
        if step.after != ARRIVAL:
            anchor = by_key.get(step.after)
            if anchor is None:
                errors.add(step.deadline_line, f"step {step.key!r}: deadline after an unknown step {step.after!r}")
            elif not set(step.applies_to) <= set(anchor.applies_to):
                errors.add(step.deadline_line, f"step {step.key!r}: its deadline counts from {step.after!r}, which does not apply to all of {', '.join(step.applies_to)}")
        for dep in step.depends_on:
            if dep not in by_key:
                errors.add(step.line, f"step {step.key!r}: depends on an unknown step {dep!r}")
    # No step may wait for itself, through deadlines or dependencies.
    edges = {s.key: {*s.depends_on, *([s.after] if s.after != ARRIVAL else [])} for s in steps}
    state: dict[str, int] = {}

    def visit(key: str, trail: list[str]) -> None:
        if state.get(key) == 2 or key not in edges:
            return
        if state.get(key) == 1:
            errors.add(by_key[key].line, f"step {key!r}: a cycle of deadlines or dependencies: {' -> '.join([*trail, key])}")
            return
        state[key] = 1
        for nxt in sorted(edges[key]):
            visit(nxt, [*trail, key])
        state[key] = 2

    for step in steps:
        visit(step.key, [])


def parse_protocol(text: str, path: Path | str) -> Protocol:
    """Validate a protocol's YAML text; raise ProtocolError naming the file, line and reason."""
    path = Path(path)
    errors = _Errors(path)
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise ProtocolError([f"{path}:{exc.line}: {exc}"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ProtocolError([f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}"]) from exc
    if not isinstance(data, _Map):
        raise ProtocolError([f"{path}:1: a protocol is a mapping with code, name, country, source and phases"])
    for unknown in sorted(set(data) - {"code", "name", "country", "source", "summary", "phases",
                                       *(f"name_{c}" for c in LANGUAGES)}, key=str):
        errors.add(data.line_of(unknown), f"unknown field {unknown!r}")
    code = _text(errors, data, "code", "protocol")
    if code and code != path.stem:
        errors.add(data.line_of("code"), f"the code {code!r} must be the file name ({path.stem!r})")
    name = _text(errors, data, "name", "protocol")
    country = _text(errors, data, "country", "protocol")
    if country and (len(country) != 2 or not country.isupper()):
        errors.add(data.line_of("country"), f"country {country!r} must be a two-letter code such as XK")
    source = data.get("source")
    source_file = source_section = ""
    if not isinstance(source, _Map):
        errors.add(data.line_of("source"), "'source' must say {file, section} of the report the protocol follows")
    else:
        source_file = _text(errors, source, "file", "source")
        source_section = _text(errors, source, "section", "source")
    steps: list[StepSpec] = []
    phases: list[Phase] = []
    raw_phases = data.get("phases")
    if not isinstance(raw_phases, list) or not raw_phases:
        errors.add(data.line_of("phases"), "'phases' must be a list with at least one phase")
        raw_phases = []
    for i, raw in enumerate(raw_phases):
        if not isinstance(raw, _Map):
            errors.add(raw_phases.line_of(i), "a phase must be a mapping with key, title and steps")
            continue
        pkey = _text(errors, raw, "key", "phase")
        phases.append(Phase(pkey, _text(errors, raw, "title", f"phase {pkey!r}")))
        raw_steps = raw.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            errors.add(raw.line_of("steps"), f"phase {pkey!r}: 'steps' must be a list with at least one step")
            continue
        for j, raw_step in enumerate(raw_steps):
            step = _step(errors, raw_step, pkey, raw_steps.line_of(j))
            if step is not None:
                steps.append(step)
    _check_references(errors, steps)
    if errors.items:
        raise ProtocolError(errors.items)
    return Protocol(
        code=code, name=name, country=country, source_file=source_file, source_section=source_section,
        summary=_text(errors, data, "summary", "protocol", required=False), phases=tuple(phases),
        steps=tuple(steps), path=str(path), names=_translations(errors, data, "name", "protocol"),
    )


def load_protocol_file(path: Path | str) -> Protocol:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProtocolError([f"{path}:1: cannot be read: {exc}"]) from exc
    return parse_protocol(text, path)


@cache
def shipped_protocols() -> dict[str, Protocol]:
    """Every protocol under protocols/, by code. A broken file stops the start-up loudly."""
    return {p.code: p for p in (load_protocol_file(f) for f in sorted(PROTOCOL_DIR.glob("*.yaml")))}


def get_protocol(code: str) -> Protocol:
    try:
        return shipped_protocols()[code]
    except KeyError as exc:
        raise ProtocolError([f"no protocol {code!r}; shipped: {', '.join(sorted(shipped_protocols()))}"]) from exc


def protocol_choices() -> list[tuple[str, str]]:
    return [(code, p.local_name) for code, p in sorted(shipped_protocols().items())]


def step_title(step) -> str:
    """A stored step's title in the active language, when its protocol translates it."""
    protocol = shipped_protocols().get(step.protocol)
    if protocol is None:
        return step.title
    try:
        return protocol.step(step.key).local_title
    except KeyError:
        return step.title
