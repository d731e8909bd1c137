"""Every shipped instrument validates; a bad file is refused with file, line and reason."""

import textwrap

import pytest

from reintegra.assessments.instruments import (
    InstrumentFileError,
    parse_instrument,
    shipped_files,
    shipped_instruments,
)

GOOD = textwrap.dedent("""\
    code: demo-needs
    version: 1
    title: A demo instrument
    purpose: needs
    compartment: programme
    applies_to:
      categories: [adult_woman]
    validation:
      status: not_validated
      note: Not validated.
      ask: Ask someone who knows.
    training: An induction.
    licence:
      licensed: false
      notice: Free.
    scales:
      yn:
        - {value: "no", label: "No"}
        - {value: "yes", label: "Yes"}
    domains:
      - code: D1
        title: Domain one
        items:
          - {code: D1.1, label: The first item, scale: yn}
    overall:
      required: true
      label: Overall
      levels:
        - {value: low, label: Low}
    """)


def _problems(text: str) -> list[str]:
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument(text, name="bad.yaml")
    return caught.value.problems


def test_all_shipped_instruments_validate():
    found = shipped_instruments()
    assert {d.code for d in found} == {"VERA-2R", "ERG22+", "needs-pathways", "child-wellbeing",
                                       "education-profile", "carer-suitability", "family-biography"}
    assert len(shipped_files()) == 7
    for definition in found:
        assert definition.licence_notice["en"]
        if not definition.licensed:
            # Each open instrument says it is not validated and whom to ask.
            assert definition.validation_status == "not_validated" and definition.ask["en"], definition.code


def test_the_needs_instrument_covers_the_eight_pathways():
    needs = next(d for d in shipped_instruments() if d.code == "needs-pathways")
    assert [d.title["en"] for d in needs.domains] == [
        "Accommodation", "Health and mental health", "Education, training and work",
        "Finance, benefits and identity documents", "Family and relationships", "Community and belonging",
        "Attitudes and thinking", "Legal"]


def test_the_child_screening_decides_referral_and_never_rates_a_security_threat():
    child = next(d for d in shipped_instruments() if d.code == "child-wellbeing")
    assert (child.min_age, child.max_age, child.compartment, child.sets_supervision) == (2, 17, "health", False)
    assert [lv.value for lv in child.overall_levels] == ["no_referral", "refer", "urgent"]


def test_a_good_file_parses():
    definition = parse_instrument(GOOD, name="good.yaml")
    assert definition.code == "demo-needs" and definition.items[0].code == "D1.1"


@pytest.mark.parametrize("old,new,expected", [
    ("version: 1", "version: one", "bad.yaml:2: 'version' must be a whole number"),
    ("purpose: needs", "purpose: gossip", "bad.yaml:4: 'purpose' must be one of"),
    ("compartment: programme", "compartment: secrets", "bad.yaml:5: 'compartment' must be one of"),
    ("categories: [adult_woman]", "categories: [grown_up]", "bad.yaml:7: unknown category 'grown_up'"),
    ("scale: yn}", "scale: abc}", "bad.yaml:24: item D1.1: unknown scale 'abc'"),
    ("  ask: Ask someone who knows.\n", "", "bad.yaml:8: 'ask' is missing"),
    ("training: An induction.", "trainnig: An induction.", "bad.yaml:12: instrument: unknown key 'trainnig'"),
    ("    title: Domain one\n", "    title: Domain one\n    code: D2\n",
     "bad.yaml:23: the key 'code' appears twice (first on line 21)"),
    ("title: A demo instrument", "title: [unclosed", "bad.yaml:4: not valid YAML"),
])
def test_a_bad_file_names_file_line_and_reason(old, new, expected):
    assert old in GOOD
    problems = _problems(GOOD.replace(old, new, 1))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_licensed_instrument_with_item_wording_is_refused():
    text = GOOD.replace("licensed: false", "licensed: true\n  holder: A rights holder").replace(
        "status: not_validated", "status: published")
    problems = _problems(text)
    assert any("bad.yaml:25: item D1.1: a licensed instrument ships without item wording ('label')" in p
               for p in problems), problems


def test_an_instrument_for_children_cannot_rate_a_security_threat():
    text = (GOOD.replace("purpose: needs", "purpose: risk").replace("compartment: programme", "compartment: security")
            .replace("categories: [adult_woman]", "categories: [minor]"))
    problems = _problems(text)
    assert any("never rates a child as a security threat" in p for p in problems), problems


def test_a_risk_instrument_lives_in_security_and_sets_supervision_with_three_levels():
    text = GOOD.replace("purpose: needs", "purpose: risk").replace("required: true", "required: true\n  sets_supervision: true")
    problems = _problems(text)
    assert any("bad.yaml:5: a risk instrument belongs to the security compartment" in p for p in problems)
    assert any("has the levels low, moderate, high" in p for p in problems)


def test_load_instruments_check_command_validates_the_shipped_files(capsys):
    from django.core.management import call_command

    call_command("load_instruments", "--check")
    assert "7 instrument files validate." in capsys.readouterr().out
