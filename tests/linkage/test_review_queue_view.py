"""The review queue pages: the list and the pair page for reviewers (the coordinator),
404 for everyone else; reading a pair is an audited read of both persons; decisions."""

from datetime import date

import pytest
from django.test import Client

from reintegra.audit.models import AuditEvent
from reintegra.linkage.models import Merge, PairStatus
from tests import factories

from .review_helpers import duplicate_with_everything, pair_of


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_reviewer_sees_the_queue_and_the_pair_side_by_side(world):
    kept, other, _child = duplicate_with_everything(world)
    pair = pair_of(kept, other)
    client = _client(world.coordinator)
    page = client.get("/linkage/duplicates/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dritë Thaçi" in html and "Дрите Тачи" in html and "97.0 %" in html
    assert 'href="/linkage/duplicates/"' in client.get("/").content.decode()  # in the menu

    before = AuditEvent.objects.filter(action="read", object_type="person").count()
    page = client.get(f"/linkage/duplicates/{pair.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Дрите Тачи", "Umm Ahmed", "ETD-0042", world.case_in.reference, "Year",
                 "same name, other transliteration", "Family name", "8.10", "274.40"):
        assert text in html, text
    reads = AuditEvent.objects.filter(action="read", object_type="person").order_by("seq")[before:]
    assert {e.person_id for e in reads} == {kept.pk, other.pk}
    assert all(e.detail == {"candidate_pair": pair.pk} for e in reads)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["social", "school", "police", "dpo"])
def test_others_get_404(world, username):
    other = factories.person("Drite", "Thaci", born=None)
    pair = pair_of(world.case_in.person, other)
    merge = Merge.objects.create(kept=world.case_in.person, absorbed=other, merged_at=pair.created_at)
    client = _client(getattr(world, username))
    assert client.get("/linkage/duplicates/").status_code == 404
    assert client.get(f"/linkage/duplicates/{pair.pk}/").status_code == 404
    assert client.post(f"/linkage/duplicates/{pair.pk}/decide/", {"decision": "same"}).status_code == 404
    assert client.post(f"/linkage/merges/{merge.pk}/unmerge/").status_code == 404
    assert 'href="/linkage/duplicates/"' not in client.get("/").content.decode()
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING


@pytest.mark.django_db
def test_signed_out_is_sent_to_sign_in(world):
    assert Client().get("/linkage/duplicates/").status_code == 302


@pytest.mark.django_db
def test_decide_same_then_undo_from_the_pair_page(world):
    kept, other, _child = duplicate_with_everything(world)
    pair = pair_of(kept, other)
    client = _client(world.coordinator)
    response = client.post(f"/linkage/duplicates/{pair.pk}/decide/", {"decision": "same", "keep": ""}, follow=True)
    assert "Merged" in response.content.decode()
    merge = Merge.objects.get(pair=pair)
    assert merge.kept == kept
    assert client.get("/linkage/duplicates/?status=same").content.decode().count(f"/linkage/duplicates/{pair.pk}/") == 1
    page = client.get(f"/linkage/duplicates/{pair.pk}/").content.decode()
    assert f"/linkage/merges/{merge.pk}/unmerge/" in page
    response = client.post(f"/linkage/merges/{merge.pk}/unmerge/", follow=True)
    assert "The merge is undone" in response.content.decode()
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert other.names.count() == 2


@pytest.mark.django_db
def test_decide_different_and_keep_the_other(world):
    a = factories.person("Drite", "Thaci", born=None)
    b = factories.person("Дрите", "Тачи", born=date(1990, 1, 1), precision="year")
    pair = pair_of(a, b)
    client = _client(world.coordinator)
    response = client.post(f"/linkage/duplicates/{pair.pk}/decide/", {"decision": "same", "keep": str(b.pk)})
    assert response.status_code == 302
    assert Merge.objects.get(pair=pair).kept == b


@pytest.mark.django_db
def test_bad_input_is_shown_and_nothing_changes(world):
    twin = factories.person("Drite", "Thaci", born=None)
    factories.case(twin)
    pair = pair_of(world.case_in.person, twin)
    client = _client(world.coordinator)
    for data, message in [({"decision": "maybe"}, "same&#x27; or &#x27;different"),
                          ({"decision": "same", "keep": "x"}, "must be one of the two"),
                          ({"decision": "same"}, "Both persons have a case")]:
        response = client.post(f"/linkage/duplicates/{pair.pk}/decide/", data, follow=True)
        assert message in response.content.decode(), data
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING and not Merge.objects.exists()
    assert client.get("/linkage/duplicates/999999/").status_code == 404
    assert client.get(f"/linkage/duplicates/{pair.pk}/decide/").status_code == 405
