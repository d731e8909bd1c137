"""`reintegra run_periodic` runs every registered job with the given moment."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reintegra.cases import periodic


@pytest.fixture
def recorder():
    seen = []

    @periodic.job("test_recorder")
    def record(now):
        seen.append(now)
        return 3

    yield seen
    del periodic._JOBS["test_recorder"]


@pytest.mark.django_db
def test_runs_the_job_at_the_given_moment(recorder):
    out = StringIO()
    call_command("run_periodic", "--only", "test_recorder", "--at", "2019-04-22T08:00+02:00", stdout=out)
    assert recorder == [datetime(2019, 4, 22, 6, 0, tzinfo=UTC)]
    assert "test_recorder: 3" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args,message",
    [(["--only", "nope"], "unknown job"), (["--at", "2019-04-22T08:00"], "offset"), (["--at", "soon"], "offset")],
)
def test_bad_arguments(recorder, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("run_periodic", *args)
    assert recorder == []
