"""Every shipped protocol validates; a broken file is refused with file, line and reason."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reintegra.reception.durations import DurationError, parse_duration
from reintegra.reception.protocols import (
    PROTOCOL_DIR,
    ProtocolError,
    load_protocol_file,
    parse_protocol,
)

COUNTRIES = {
    "kosovo", "netherlands", "germany", "kazakhstan", "kyrgyzstan", "tajikistan", "uzbekistan",
    "france_minors", "albania", "bosnia_herzegovina", "north_macedonia", "montenegro", "serbia",
}
SEEDS = {"000_ef6d8163f3494b0f.txt", "001_ad09fe11f60d48da.txt", "002_0c457b4fa8f7596c.txt",
         "003_2bc099d5b9b374a1.txt", "004_6998dd406536801a.txt"}


def test_every_country_of_the_issue_ships_and_validates_citing_its_source():
    found = {p.stem for p in PROTOCOL_DIR.glob("*.yaml")}
    assert found == COUNTRIES
    for path in PROTOCOL_DIR.glob("*.yaml"):
        protocol = load_protocol_file(path)
        assert protocol.source_file in SEEDS
        assert protocol.source_section
        assert protocol.steps


def test_the_kosovo_plan_has_its_72_hour_steps():
    protocol = load_protocol_file(PROTOCOL_DIR / "kosovo.yaml")
    keys = {s.key for s in protocol.steps}
    assert {"arrest_on_arrival", "security_screening", "medical_checkup", "psychological_assessment",
            "citizenship_verification", "identity_documents", "needs_assessment", "family_notified",
            "social_assistance_enrolment", "accommodation"} <= keys
    arrival = datetime(2019, 4, 20, 4, tzinfo=UTC)
    assert protocol.due(protocol.step("accommodation"), arrival) == datetime(2019, 4, 23, 4, tzinfo=UTC)
    # A month after the check-up's deadline, in calendar months.
    assert protocol.due(protocol.step("medical_follow_up"), arrival) == datetime(2019, 5, 21, 4, tzinfo=UTC)


GOOD_STEP = """
      - key: a
        title: A
        applies_to: [minor]
        owner: health
        compartment: health
        deadline: {after: arrival, within: PT24H}
        records: checklist
        checklist: [x]
"""


def _protocol(steps: str, code: str = "demo") -> str:
    return f"""code: {code}
name: Demo
country: XK
source: {{file: 002_0c457b4fa8f7596c.txt, section: V. Kosovo}}
phases:
  - key: p
    title: P
    steps:{steps}"""


def _errors(text: str) -> list[str]:
    with pytest.raises(ProtocolError) as info:
        parse_protocol(text, Path("demo.yaml"))
    return info.value.errors


def test_a_good_file_parses():
    assert parse_protocol(_protocol(GOOD_STEP), Path("demo.yaml")).step("a").within.text == "PT24H"


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (("owner: health", "owner: hospital"), 12, "unknown agency type 'hospital'"),
        (("within: PT24H", "within: 72 hours"), 14, "is not an ISO 8601 duration"),
        (("compartment: health", "compartment: medical"), 13, "unknown compartment 'medical'"),
        (("applies_to: [minor]", "applies_to: [child]"), 11, "unknown category 'child'"),
        (("records: checklist", "records: form"), 15, "'records' must be one of"),
        (("after: arrival", "after: nowhere"), 14, "deadline after an unknown step 'nowhere'"),
        (("title: A\n", "title: A\n        title: B\n"), 11, "the key 'title' appears twice"),
    ],
)
def test_a_broken_file_names_file_line_and_reason(change, line, reason):
    errors = _errors(_protocol(GOOD_STEP.replace(*change)))
    assert any(e.startswith(f"demo.yaml:{line}: ") and reason in e for e in errors), errors


def test_the_code_must_be_the_file_name_and_cycles_are_refused():
    cyclic = GOOD_STEP + GOOD_STEP.replace("key: a", "key: b").replace("after: arrival", "after: a") \
        .replace("records: checklist", "depends_on: [a]\n        records: checklist")
    cyclic = cyclic.replace("        records: checklist\n        checklist: [x]\n", "        depends_on: [b]\n        records: checklist\n        checklist: [x]\n", 1)
    errors = _errors(_protocol(cyclic, code="other"))
    assert any("demo.yaml:1: the code 'other' must be the file name" in e for e in errors)
    assert any("a cycle of deadlines or dependencies" in e for e in errors)


def test_not_yaml_at_all_names_the_line():
    errors = _errors("code: demo\nname: [unclosed\n")
    assert errors[0].startswith("demo.yaml:") and "not valid YAML" in errors[0]


def test_check_protocols_command_reports_and_exits_1(tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "demo.yaml"
    bad.write_text(_protocol(GOOD_STEP.replace("owner: health", "owner: hospital")), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("check_protocols", str(bad))
    call_command("check_protocols")  # the shipped ones pass


def test_durations_use_calendar_months():
    three_months = parse_duration("P3M")
    assert three_months.after(datetime(2019, 4, 20, 4, tzinfo=UTC)) == datetime(2019, 7, 20, 4, tzinfo=UTC)
    assert parse_duration("P1M").after(datetime(2020, 1, 31, tzinfo=UTC)) == datetime(2020, 2, 29, tzinfo=UTC)
    assert parse_duration("P1DT12H").exact.total_seconds() == 36 * 3600
    assert parse_duration("P2W").exact.days == 14
    for bad in ("P", "PT", "3M", "P1.5D", "", None, "PT72"):
        with pytest.raises(DurationError):
            parse_duration(bad)
