"""Instruments as versioned data: the YAML files under `instruments/` and their validation.

An instrument file says what is assessed and how: code, version, title, purpose, the
compartment its assessments belong to, whom it applies to (categories and ages), its
domains and items (code, label, guidance, rating scale), whether an overall judgement is
required and its levels, the training an assessor needs, and its licence. A file that
does not validate is refused whole, with file, line and reason for every problem.

Licensed instruments (VERA-2R, ERG22+) ship as STRUCTURE ONLY: item codes and domain
names, never item wording; a licensed user loads the wording into the database with
`reintegra load_instrument_text`. The validator refuses a licensed file whose items carry
a label or guidance, so wording cannot slip into the repository unnoticed.

This module only reads files; `services.instrument_load` stores a validated definition
as a versioned row (code + version unique), which assessments then point to.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language

from reintegra.access.compartments import ALL_COMPARTMENTS
from reintegra.cases.category import Category

from . import yamlines
from .yamlines import LineDict, LineList

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"

PURPOSES = ("risk", "needs", "protective", "wellbeing", "education", "carer_suitability", "family")
SUBJECTS = ("person", "carer")  # the case's own person, or a carer/guardian of a child's case
LANGUAGES = ("en", "sq", "sr-latn")
SUPERVISION_LEVELS = ("low", "moderate", "high")
ADULT_AGE = 18
# The compartment an instrument's assessments must live in, by purpose (domain.md:
# risk in security, wellbeing in health, education in education).
REQUIRED_COMPARTMENT = {"risk": "security", "protective": "security", "wellbeing": "health",
                        "education": "education"}
CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+._-]{0,39}$")


class InstrumentFileError(ValueError):
    """A file that does not validate; `problems` holds every "file:line: reason"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- Text in several languages ----------------------------------------------------------


def localized(text: dict[str, str] | str, language: str | None = None) -> str:
    """The text in the current (or given) language, falling back to English."""
    if isinstance(text, str):
        return text
    language = (language or get_language() or "en").lower()
    return text.get(language) or text.get(language.split("-")[0]) or text.get("en", "")


# --- The definition, as validated -------------------------------------------------------


@dataclass(frozen=True)
class ScaleOption:
    value: str
    label: dict[str, str]
    rank: int | None  # position on the scale from 0; None for "cannot rate"


@dataclass(frozen=True)
class ItemDef:
    code: str
    domain: str
    label: dict[str, str]  # empty for licensed instruments until their wording is loaded
    guidance: dict[str, str]
    scale: str
    order: int


@dataclass(frozen=True)
class DomainDef:
    code: str
    title: dict[str, str]
    additional: bool  # e.g. VERA-2R's additional indicators
    items: tuple[ItemDef, ...]


@dataclass(frozen=True)
class LevelDef:
    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class InstrumentDef:
    code: str
    version: int
    title: dict[str, str]
    purpose: str
    compartment: str
    description: dict[str, str]
    categories: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    subject: str
    validation_status: str  # "not_validated" or "published"
    validation_note: dict[str, str]
    ask: dict[str, str]
    training: dict[str, str]
    licensed: bool
    licence_holder: str
    licence_notice: dict[str, str]
    scales: dict[str, tuple[ScaleOption, ...]]
    domains: tuple[DomainDef, ...]
    overall_required: bool
    overall_label: dict[str, str]
    overall_levels: tuple[LevelDef, ...]
    sets_supervision: bool
    starts: str  # a consequence on locking, e.g. "education_plan"
    path: str = ""
    sha256: str = ""
    raw: dict = field(default_factory=dict, compare=False)

    @property
    def items(self) -> list[ItemDef]:
        return [item for domain in self.domains for item in domain.items]


# --- Validation -----------------------------------------------------------------------


_TOP_KEYS = {
    "code", "version", "title", "purpose", "compartment", "description", "applies_to", "subject",
    "validation", "training", "licence", "scales", "domains", "overall", "starts",
}
_STARTS = ("", "education_plan")


class _Checker:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[str] = []

    def error(self, line: int | None, reason: str) -> None:
        self.problems.append(f"{self.name}:{line or 1}: {reason}")

    # Typed getters: each reports a problem and returns a safe default.

    def mapping(self, parent: LineDict, key: str, *, required: bool = True) -> LineDict:
        value = parent.get(key)
        if value is None:
            if required:
                self.error(parent.line_of(key) if key in parent else parent.line, f"'{key}' is missing")
            empty = LineDict()
            empty.line, empty.key_lines = parent.line_of(key), {}
            return empty
        if not isinstance(value, LineDict):
            self.error(parent.line_of(key), f"'{key}' must be a mapping")
            empty = LineDict()
            empty.line, empty.key_lines = parent.line_of(key), {}
            return empty
        return value

    def sequence(self, parent: LineDict, key: str, *, required: bool = True) -> LineList:
        value = parent.get(key)
        if value is None or not isinstance(value, LineList) or (required and not value):
            if required or value is not None:
                self.error(parent.line_of(key), f"'{key}' must be a non-empty list")
            empty = LineList()
            empty.line, empty.item_lines = parent.line_of(key), []
            return empty
        return value

    def text(self, parent: LineDict, key: str, *, required: bool = True) -> dict[str, str]:
        """A string, or a mapping of language -> string with English required."""
        value = parent.get(key)
        line = parent.line_of(key)
        if value is None or value == "":
            if required:
                self.error(line, f"'{key}' is missing")
            return {}
        if isinstance(value, str):
            return {"en": value.strip()}
        if isinstance(value, LineDict):
            unknown = [k for k in value if k not in LANGUAGES]
            if unknown:
                self.error(value.line_of(unknown[0]), f"'{key}': unknown language {unknown[0]!r}; use {', '.join(LANGUAGES)}")
            if not isinstance(value.get("en"), str) or not value.get("en").strip():
                self.error(line, f"'{key}' needs an English text ('en')")
            return {k: str(v).strip() for k, v in value.items() if k in LANGUAGES and isinstance(v, str)}
        self.error(line, f"'{key}' must be text, or a mapping of language to text")
        return {}

    def code(self, parent: LineDict, key: str = "code") -> str:
        value = parent.get(key)
        if not isinstance(value, str) or not CODE_RE.match(value):
            self.error(parent.line_of(key), f"'{key}' must be a short code of letters, digits and . _ - + (got {value!r})")
            return str(value or "")
        return value

    def unknown_keys(self, mapping: LineDict, allowed: set[str], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(mapping.line_of(key), f"{where}: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")


def parse_instrument(text: str, *, name: str = "<instrument>") -> InstrumentDef:
    """Validate one instrument file's text; raise InstrumentFileError naming every problem."""
    check = _Checker(name)
    try:
        data = yamlines.load(text)
    except yamlines.YamlError as exc:
        raise InstrumentFileError([f"{name}:{exc.line or 1}: {exc.message}"]) from exc
    if not isinstance(data, LineDict):
        raise InstrumentFileError([f"{name}:1: an instrument file is a mapping (code, version, title, ...)"])
    check.unknown_keys(data, _TOP_KEYS, "instrument")

    code = check.code(data)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.error(data.line_of("version"), f"'version' must be a whole number from 1 (got {version!r})")
        version = 0
    title = check.text(data, "title")
    purpose = data.get("purpose")
    if purpose not in PURPOSES:
        check.error(data.line_of("purpose"), f"'purpose' must be one of {', '.join(PURPOSES)} (got {purpose!r})")
    compartment = data.get("compartment")
    if compartment not in ALL_COMPARTMENTS:
        check.error(data.line_of("compartment"), f"'compartment' must be one of {', '.join(ALL_COMPARTMENTS)} (got {compartment!r})")
    elif purpose in REQUIRED_COMPARTMENT and compartment != REQUIRED_COMPARTMENT[purpose]:
        check.error(data.line_of("compartment"),
                    f"a {purpose} instrument belongs to the {REQUIRED_COMPARTMENT[purpose]} compartment, not {compartment}")
    description = check.text(data, "description", required=False)

    applies = check.mapping(data, "applies_to")
    check.unknown_keys(applies, {"categories", "min_age", "max_age"}, "applies_to")
    categories = check.sequence(applies, "categories")
    for i, category in enumerate(categories):
        if category not in Category.values or category == Category.UNKNOWN:
            check.error(categories.line_of(i), f"unknown category {category!r}; use {', '.join(c for c in Category.values if c != 'unknown')}")
    ages = {}
    for key in ("min_age", "max_age"):
        value = applies.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120):
            check.error(applies.line_of(key), f"'{key}' must be an age in years (got {value!r})")
            value = None
        ages[key] = value
    if ages["min_age"] is not None and ages["max_age"] is not None and ages["min_age"] > ages["max_age"]:
        check.error(applies.line_of("max_age"), "'max_age' is below 'min_age'")
    subject = data.get("subject", "person")
    if subject not in SUBJECTS:
        check.error(data.line_of("subject"), f"'subject' must be one of {', '.join(SUBJECTS)} (got {subject!r})")

    validation = check.mapping(data, "validation")
    check.unknown_keys(validation, {"status", "note", "ask"}, "validation")
    status = validation.get("status")
    if status not in ("not_validated", "published"):
        check.error(validation.line_of("status"), "validation 'status' must be not_validated or published")
    validation_note = check.text(validation, "note")
    ask = check.text(validation, "ask", required=status == "not_validated")
    training = check.text(data, "training")

    licence = check.mapping(data, "licence")
    check.unknown_keys(licence, {"licensed", "holder", "notice"}, "licence")
    licensed = licence.get("licensed")
    if not isinstance(licensed, bool):
        check.error(licence.line_of("licensed"), "licence 'licensed' must be true or false")
        licensed = False
    holder = licence.get("holder", "")
    if licensed and not (isinstance(holder, str) and holder.strip()):
        check.error(licence.line_of("holder"), "a licensed instrument names its rights holder ('holder')")
    notice = check.text(licence, "notice")
    if licensed and status == "not_validated":
        check.error(validation.line_of("status"), "a licensed instrument's validation is the rights holder's: use 'published'")

    scales = _scales(check, data)
    domains = _domains(check, data, scales, licensed)
    overall = check.mapping(data, "overall")
    check.unknown_keys(overall, {"required", "label", "levels", "sets_supervision"}, "overall")
    required = overall.get("required")
    if not isinstance(required, bool):
        check.error(overall.line_of("required"), "overall 'required' must be true or false")
        required = True
    overall_label = check.text(overall, "label")
    levels = _levels(check, overall)
    sets_supervision = overall.get("sets_supervision", False)
    if not isinstance(sets_supervision, bool):
        check.error(overall.line_of("sets_supervision"), "overall 'sets_supervision' must be true or false")
        sets_supervision = False
    if sets_supervision:
        if purpose != "risk":
            check.error(overall.line_of("sets_supervision"), "only a risk instrument sets the supervision level")
        if not required:
            check.error(overall.line_of("required"), "an instrument that sets the supervision level requires an overall judgement")
        if {lv.value for lv in levels} != set(SUPERVISION_LEVELS):
            check.error(overall.line_of("levels"), f"an instrument that sets the supervision level has the levels {', '.join(SUPERVISION_LEVELS)}")
    # Children are never rated as security threats (domain.md): an instrument that
    # applies only to minors cannot be a risk instrument, live in security or set supervision.
    child_only = bool(categories) and all(c in (Category.MINOR, Category.UNACCOMPANIED_MINOR) for c in categories)
    if (child_only or (ages["max_age"] is not None and ages["max_age"] < ADULT_AGE)) and (
        purpose in ("risk", "protective") or compartment == "security" or sets_supervision
    ):
        check.error(data.line_of("purpose"), "an instrument for children never rates a child as a security threat: "
                    "no risk purpose, security compartment or supervision level")
    starts = data.get("starts", "")
    if starts not in _STARTS:
        check.error(data.line_of("starts"), f"'starts' must be one of {', '.join(s for s in _STARTS if s)} (got {starts!r})")

    if check.problems:
        raise InstrumentFileError(check.problems)
    return InstrumentDef(
        code=code, version=version, title=title, purpose=purpose, compartment=compartment,
        description=description, categories=tuple(categories), min_age=ages["min_age"],
        max_age=ages["max_age"], subject=subject, validation_status=status,
        validation_note=validation_note, ask=ask, training=training, licensed=licensed,
        licence_holder=(holder or "").strip(), licence_notice=notice, scales=scales,
        domains=domains, overall_required=required, overall_label=overall_label,
        overall_levels=levels, sets_supervision=sets_supervision, starts=starts or "",
        path=name, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), raw=data,
    )


def _scales(check: _Checker, data: LineDict) -> dict[str, tuple[ScaleOption, ...]]:
    scales_map = check.mapping(data, "scales")
    if not scales_map:
        check.error(scales_map.line, "'scales' needs at least one rating scale")
    scales: dict[str, tuple[ScaleOption, ...]] = {}
    for name, options in scales_map.items():
        line = scales_map.line_of(name)
        if not isinstance(options, LineList) or len(options) < 2:
            check.error(line, f"scale {name!r} needs a list of at least two options")
            continue
        seen: set[str] = set()
        parsed, rank = [], 0
        for i, option in enumerate(options):
            if not isinstance(option, LineDict):
                check.error(options.line_of(i), f"scale {name!r}: each option is a mapping with value and label")
                continue
            check.unknown_keys(option, {"value", "label", "not_rated"}, f"scale {name!r}")
            value = check.code(option, "value")
            if value in seen:
                check.error(option.line_of("value"), f"scale {name!r}: the value {value!r} appears twice")
            seen.add(value)
            not_rated = option.get("not_rated", False) is True
            parsed.append(ScaleOption(value, check.text(option, "label"), None if not_rated else rank))
            rank += 0 if not_rated else 1
        scales[name] = tuple(parsed)
    return scales


def _domains(check: _Checker, data: LineDict, scales: dict, licensed: bool) -> tuple[DomainDef, ...]:
    domains_list = check.sequence(data, "domains")
    domain_codes: set[str] = set()
    item_codes: dict[str, int] = {}
    result, order = [], 0
    for i, domain in enumerate(domains_list):
        if not isinstance(domain, LineDict):
            check.error(domains_list.line_of(i), "each domain is a mapping with code, title and items")
            continue
        check.unknown_keys(domain, {"code", "title", "additional", "items"}, "domain")
        dcode = check.code(domain)
        if dcode in domain_codes:
            check.error(domain.line_of("code"), f"the domain code {dcode!r} appears twice")
        domain_codes.add(dcode)
        items = []
        item_list = check.sequence(domain, "items")
        for j, item in enumerate(item_list):
            if not isinstance(item, LineDict):
                check.error(item_list.line_of(j), "each item is a mapping with code, label, guidance and scale")
                continue
            check.unknown_keys(item, {"code", "label", "guidance", "scale"}, f"item in domain {dcode!r}")
            icode = check.code(item)
            if icode in item_codes:
                check.error(item.line_of("code"), f"the item code {icode!r} appears twice (first on line {item_codes[icode]})")
            item_codes.setdefault(icode, item.line_of("code"))
            if licensed:
                for key in ("label", "guidance"):
                    if key in item:
                        check.error(item.line_of(key), f"item {icode}: a licensed instrument ships without item wording "
                                    f"('{key}'); load it with `reintegra load_instrument_text`")
                label, guidance = {}, {}
            else:
                label = check.text(item, "label")
                guidance = check.text(item, "guidance", required=False)
            scale = item.get("scale")
            if scale not in scales:
                check.error(item.line_of("scale"), f"item {icode}: unknown scale {scale!r}; define it under 'scales'")
            order += 1
            items.append(ItemDef(icode, dcode, label, guidance, str(scale), order))
        additional = domain.get("additional", False)
        if not isinstance(additional, bool):
            check.error(domain.line_of("additional"), "domain 'additional' must be true or false")
        result.append(DomainDef(dcode, check.text(domain, "title"), additional is True, tuple(items)))
    return tuple(result)


def _levels(check: _Checker, overall: LineDict) -> tuple[LevelDef, ...]:
    levels = check.sequence(overall, "levels")
    seen: set[str] = set()
    result = []
    for i, level in enumerate(levels):
        if not isinstance(level, LineDict):
            check.error(levels.line_of(i), "each level is a mapping with value and label")
            continue
        check.unknown_keys(level, {"value", "label"}, "overall level")
        value = check.code(level, "value")
        if value in seen:
            check.error(level.line_of("value"), f"the level {value!r} appears twice")
        seen.add(value)
        result.append(LevelDef(value, check.text(level, "label")))
    return tuple(result)


def read_instrument_file(path: Path) -> InstrumentDef:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentFileError([f"{path}:1: cannot read the file: {exc}"]) from exc
    return parse_instrument(text, name=str(path))


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def shipped_instruments() -> list[InstrumentDef]:
    """Every shipped file, validated; raises with the problems of all files at once."""
    problems: list[str] = []
    found: list[InstrumentDef] = []
    seen: dict[tuple[str, int], str] = {}
    for path in shipped_files():
        try:
            definition = read_instrument_file(path)
        except InstrumentFileError as exc:
            problems.extend(exc.problems)
            continue
        key = (definition.code, definition.version)
        if key in seen:
            problems.append(f"{path}:1: {definition.code} version {definition.version} is also defined in {seen[key]}")
        seen[key] = str(path)
        found.append(definition)
    if problems:
        raise InstrumentFileError(problems)
    return found
