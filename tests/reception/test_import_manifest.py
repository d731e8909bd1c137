"""`reintegra import_manifest` and `reintegra protocol_status`: the 110-person Kosovo
flight, and every malformed file refused with a clear message, exit 1, nothing written."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from reintegra.audit.models import AuditEvent
from reintegra.cases.models import Case, Stage
from reintegra.people.models import Consent, Household, Person, Relationship
from reintegra.reception import services
from reintegra.reception.models import Operation, OperationMember, Step, StepStatus
from reintegra.reception.protocols import get_protocol
from reintegra.reception.synthetic import kosovo_2019_rows, to_csv, to_xlsx
from tests import factories

from .helpers import ARRIVAL, family_rows, hours_after, superuser_role

ARRIVAL_ARG = "2019-04-20T06:00+02:00"


def _import(path, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_manifest", str(path), "--operation", "April 2019", "--arrival", ARRIVAL_ARG,
                 "--protocol", "kosovo", "--municipality", "Prishtinë", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _status(at: str) -> list[dict]:
    out = io.StringIO()
    call_command("protocol_status", "--operation", "April 2019", "--at", at, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.django_db
def test_the_110_person_kosovo_flight_at_hour_50_and_hour_73(tmp_path):
    path = tmp_path / "april-2019.csv"
    path.write_bytes(to_csv(kosovo_2019_rows()))
    out, _err = _import(path)
    assert "110 people imported" in out
    operation = Operation.objects.get(name="April 2019")
    assert operation.arrival_at == ARRIVAL
    members = OperationMember.objects.filter(operation=operation)
    assert members.count() == 110
    assert Case.objects.filter(stage=Stage.RECEPTION).count() == 110
    assert Relationship.objects.filter(kind="mother").count() == 70
    assert Household.objects.count() == 32
    assert Consent.objects.count() == 70
    assert Case.objects.filter(unaccompanied_minor=True).count() == 4  # the orphans
    categories = {c: members.filter(category=c).count() for c in ("adult_man", "adult_woman", "minor", "unaccompanied_minor")}
    assert categories == {"adult_man": 4, "adult_woman": 32, "minor": 70, "unaccompanied_minor": 4}
    protocol = get_protocol("kosovo")
    expected = sum(len(protocol.steps_for(c)) * n for c, n in categories.items())
    assert Step.objects.count() == expected
    # Deadlines from the arrival (06:00 in Prishtina = 04:00 UTC).
    for key, hours in [("arrest_on_arrival", 2), ("security_screening", 12), ("medical_checkup", 24),
                       ("citizenship_verification", 48), ("psychological_assessment", 72), ("accommodation", 72)]:
        assert set(Step.objects.filter(key=key).values_list("due_at", flat=True)) == {ARRIVAL + timedelta(hours=hours)}
    assert set(Step.objects.filter(key="school_enrolment").values_list("due_at", flat=True)) == {
        ARRIVAL.replace(month=9)}  # P5M: 20 September, in calendar months

    # Work the plan: everything due within 48 hours is done at hour 40, except one
    # citizenship check; one medical check-up is waived.
    worker = factories.user("allrounder", "coordinator", factories.agency("Reception centre", "coordinating_unit"))
    worker.staff.roles.add(superuser_role())
    waived = Step.objects.filter(key="medical_checkup").order_by("pk").first()
    services.step_waive(actor=worker, step=waived, reason="Examined in hospital on the way in",
                        waived_at=hours_after(10))
    skipped = Step.objects.filter(key="citizenship_verification").order_by("pk").last()
    for step in Step.objects.filter(due_at__lte=hours_after(48), status=StepStatus.OPEN).exclude(pk=skipped.pk).order_by("due_at", "pk"):
        spec = protocol.step(step.key)
        services.step_complete(actor=worker, step=step, outcome=spec.outcomes[0].key if spec.outcomes else "",
                               done_at=hours_after(40), findings="ok")
    arrested = Case.objects.filter(operation_members__category="adult_man")
    assert set(arrested.values_list("stage", flat=True)) == {Stage.CUSTODY}

    rows = _status("2019-04-22T08:00+02:00")  # hour 50
    assert len(rows) == expected
    still_open = {(r["ref"], r["step"]) for r in rows if r["status"] == "open"}
    assert still_open == {(s.member.ref, s.key) for s in Step.objects.select_related("member")
                          if s.due_at > hours_after(50)}
    assert [(r["ref"], r["step"]) for r in rows if r["status"] == "overdue"] == [(skipped.member.ref, skipped.key)]
    assert sum(r["status"] == "waived" for r in rows) == 1
    assert {r["status"] for r in rows} == {"open", "done", "waived", "overdue"}

    rows = _status("2019-04-23T07:00+02:00")  # hour 73
    overdue = {(r["ref"], r["step"]) for r in rows if r["status"] == "overdue"}
    assert overdue == {(s.member.ref, s.key) for s in Step.objects.select_related("member")
                       if s.status == StepStatus.OPEN and s.due_at < hours_after(73)}
    assert {k for _ref, k in overdue} == {"citizenship_verification", "psychological_assessment", "identity_documents",
                                         "needs_assessment", "social_assistance_enrolment", "accommodation"}
    # As of hour 30, what was done at hour 40 is not done yet.
    early = _status("2019-04-21T12:00+02:00")
    assert not any(r["status"] == "done" for r in early)


def _count():
    return (Person.objects.count(), Case.objects.count(), Step.objects.count(), OperationMember.objects.count(),
            Operation.objects.count(), AuditEvent.objects.count())


def _refused(path, *extra) -> str:
    before = _count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_manifest", str(path), "--operation", "Refused", "--arrival", ARRIVAL_ARG,
                     "--protocol", "kosovo", *extra, stdout=io.StringIO(), stderr=err)
    assert _count() == before
    return err.getvalue()


def _write(tmp_path, rows, name="m.csv") -> object:
    path = tmp_path / name
    path.write_bytes(to_csv(rows))
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date_of_birth": "2016-13-40"}, "row 4, column date_of_birth: “2016-13-40” is not a date"),
        ({"date_of_birth": "yesterday"}, "row 4, column date_of_birth: “yesterday” is not a date"),
        ({"sex": "X"}, "row 4, column sex: “X” is not a sex"),
        ({"given_name": ""}, "row 4, column given_name: A value is required."),
        ({"mother_ref": "99"}, "row 4, column mother_ref: No row has the reference 99."),
        ({"ref": "2"}, "row 4, column ref: The reference 2 is already used in row 3."),
        ({"date_of_birth": "1980"}, "row 4, column date_of_birth: The child is born before its mother (row 3)."),
        ({"notes": "=HYPERLINK(\"http://x\")"}, "row 4, column notes: The cell starts with “=”"),
        ({"notes": "+1"}, "row 4, column notes: The cell starts with “+”"),
        ({"held_at": "-cmd"}, "row 4, column held_at: The cell starts with “-”"),
        ({"place_of_birth": "@SUM(A1)"}, "row 4, column place_of_birth: The cell starts with “@”"),
        ({"mother_consent": "maybe"}, "row 4, column mother_consent: “maybe” is not yes or no."),
    ],
)
def test_a_malformed_row_is_refused_whole(tmp_path, change, expected):
    rows = family_rows()
    rows[2].update(change)
    err = _refused(_write(tmp_path, rows))
    assert expected in err


@pytest.mark.django_db
def test_every_error_is_listed_by_row_and_column(tmp_path):
    rows = family_rows()
    rows[0]["sex"] = "male"
    rows[1]["date_of_birth"] = "1992-02-30"
    rows[2]["mother_ref"] = "nobody"
    err = _refused(_write(tmp_path, rows))
    assert "row 2, column sex" in err and "row 3, column date_of_birth" in err and "row 4, column mother_ref" in err


@pytest.mark.django_db
def test_a_missing_required_column_is_refused(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("ref,given_name,sex\n1,Arben,M\n", encoding="utf-8")
    assert "row 1, column family_name: The required column is missing." in _refused(path)


@pytest.mark.django_db
def test_a_windows_1250_export_needs_its_encoding(tmp_path):
    rows = family_rows()
    rows[0]["family_name"] = "Đulić"  # not in Latin-1, in Windows-1250
    path = tmp_path / "export.csv"
    path.write_bytes(to_csv(rows, encoding="cp1250"))
    err = _refused(path)
    assert "row 2: The file is not valid UTF-8" in err and "--encoding cp1250" in err
    out, _err = _import(path, "--encoding", "cp1250")
    assert "3 people imported" in out
    assert Person.objects.filter(display_name="Arben Đulić").exists()


@pytest.mark.django_db
def test_unknown_columns_are_reported_not_guessed(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("ref,given_name,family_name,sex,passport\n1,Arben,Kelmendi,M,X1\n", encoding="utf-8")
    out, err = _import(path)
    assert "1 people imported" in out
    assert "warning: row 1, column passport: Unknown column: it is not imported." in err


@pytest.mark.django_db
def test_xlsx_imports_and_a_formula_cell_is_refused(tmp_path):
    good = tmp_path / "m.xlsx"
    good.write_bytes(to_xlsx(family_rows()))
    out, _err = _import(good)
    assert "3 people imported" in out

    from openpyxl import load_workbook

    bad = tmp_path / "formula.xlsx"
    bad.write_bytes(to_xlsx(family_rows("x")))
    book = load_workbook(bad)
    book.active["L3"] = "=1+1"  # notes of the second row: a real formula cell
    book.save(bad)
    err = _refused(bad)
    assert "row 3, column notes: The cell starts with “=”" in err


@pytest.mark.django_db
def test_an_existing_operation_keeps_its_arrival_and_refs(tmp_path):
    path = _write(tmp_path, family_rows())
    _import(path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_manifest", str(path), "--operation", "April 2019", stdout=io.StringIO(), stderr=err)
    assert "row 2, column ref: The reference 1 is already on this operation." in err.getvalue()
    with pytest.raises(CommandError, match="follows the protocol kosovo"):
        call_command("import_manifest", str(path), "--operation", "April 2019", "--protocol", "germany",
                     stdout=io.StringIO(), stderr=io.StringIO())
