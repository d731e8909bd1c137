"""`seed_demo` end to end on an empty database, as `make demo` runs it. Its own module:
the other demo tests share one seeded cohort (tests/conftest.py `demo_world`), which a
module-scoped fixture keeps in the database until its module ends."""

import pytest
from django.core.management import call_command

from reintegra.cases.models import Case


@pytest.mark.django_db
def test_prints_a_generated_password(capsys):
    # The command on an empty database, as `make demo` runs it (DEBUG off in tests).
    assert not Case.objects.exists()
    call_command("seed_demo")
    assert Case.objects.exists()
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.strip().startswith("coordinator"))
    assert len(line.split()[1]) >= 10
