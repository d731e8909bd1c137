"""A new version of an instrument never changes the assessments made with an old one."""

import pytest

from reintegra.assessments import selectors, services
from reintegra.assessments.instruments import SHIPPED_DIR, InstrumentFileError
from reintegra.assessments.models import Instrument

from .conftest import complete


def _version_2(tmp_path):
    text = (SHIPPED_DIR / "needs-pathways.yaml").read_text(encoding="utf-8")
    text = text.replace("version: 1", "version: 2", 1)
    # Version 2 rewords an item, drops one and adds one.
    text = text.replace("A safe and stable place to live for the next six months",
                        "A safe place to live for the coming year")
    text = text.replace("      - code: HLT.3\n        label: Alcohol, drugs or medication misuse\n        scale: need\n",
                        "      - code: HLT.4\n        label: Sleep and daily rhythm\n        scale: need\n")
    path = tmp_path / "needs-pathways-v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_new_version_leaves_old_assessments_as_they_were(aw, tmp_path):
    old = services.assessment_start(actor=aw.probation, case=aw.adult_case, instrument_code="needs-pathways")
    complete(old, aw.probation, rating="some")
    services.assessment_submit(actor=aw.probation, assessment=old)
    services.assessment_countersign(actor=aw.coordinator, assessment=old)
    before = selectors.instrument_view(old.instrument)

    services.instruments_sync(paths=[_version_2(tmp_path)])
    assert list(Instrument.objects.filter(code="needs-pathways").values_list("version", flat=True)) == [2, 1]

    old.refresh_from_db()
    assert old.instrument.version == 1
    assert selectors.instrument_view(old.instrument) == before
    assert "HLT.3" in selectors.items_of(old.instrument) and old.ratings.filter(item_code="HLT.3").exists()
    labels = {i["code"]: i["label"] for d in before["domains"] for i in d["items"]}
    assert labels["ACC.1"] == "A safe and stable place to live for the next six months"

    new = services.assessment_start(actor=aw.probation, case=aw.adult_case, instrument_code="needs-pathways")
    assert new.instrument.version == 2
    assert "HLT.4" in selectors.items_of(new.instrument) and "HLT.3" not in selectors.items_of(new.instrument)
    # The diff matches items by code across versions and names the one that went away.
    complete(new, aw.probation, rating="none")
    diff = {r["code"]: r for r in selectors.item_diff(new, old)}
    assert diff["ACC.1"]["changed"] and diff["HLT.3"]["label"] == "(not in this version)"


@pytest.mark.django_db
def test_a_changed_file_without_a_new_version_is_refused(aw, tmp_path):
    text = (SHIPPED_DIR / "needs-pathways.yaml").read_text(encoding="utf-8").replace("Legal", "Law")
    path = tmp_path / "needs.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentFileError, match="already loaded with different content"):
        services.instruments_sync(paths=[path])
    # Loading the shipped files again changes nothing.
    assert services.instruments_sync() == []
