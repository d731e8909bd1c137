"""Notifications: one per user and event, shown only while the case part is readable,
e-mailed without case content where configured."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from reintegra.cases import selectors, services
from reintegra.cases.models import Notification


@pytest.mark.django_db
def test_dedupe_key_tells_a_user_once_until_read(world):
    kwargs = {"users": [world.social], "message": "Referral 4 stalled", "case": world.case_in,
              "compartment": "programme", "dedupe_key": "referral:4:stalled"}
    assert len(services.notify(**kwargs)) == 1
    assert services.notify(**kwargs) == []
    services.notification_mark_read(actor=world.social)
    assert len(services.notify(**kwargs)) == 1


@pytest.mark.django_db
def test_a_notification_about_an_unreadable_part_is_not_shown(world):
    services.notify(users=[world.school], message="Security screening done", case=world.case_in,
                    compartment="security")
    services.notify(users=[world.school], message="Enrolment confirmed", case=world.case_in,
                    compartment="education")
    services.notify(users=[world.school], message="System maintenance tonight")
    messages = sorted(selectors.notifications_for(world.school).values_list("message", flat=True))
    assert messages == ["Enrolment confirmed", "System maintenance tonight"]
    assert selectors.unread_count(world.school) == 2


@pytest.mark.django_db
def test_the_unread_count_follows_a_rule_change_at_once(world):
    """The count's query is compiled once per process and subject: a changed rule is a
    new subject, so the next page counts by the new rule."""
    from django.contrib.auth import get_user_model

    from reintegra.access.models import PolicyRule

    services.notify(users=[world.school], message="Enrolment confirmed", case=world.case_in,
                    compartment="education")
    fresh = lambda: get_user_model().objects.get(pk=world.school.pk)  # noqa: E731  a new request's user
    assert selectors.unread_count(fresh()) == 1
    PolicyRule.objects.filter(role__code="school", compartment="education").update(can_read=False)
    assert selectors.unread_count(fresh()) == 0
    PolicyRule.objects.filter(role__code="school", compartment="education").update(can_read=True)
    assert selectors.unread_count(fresh()) == 1
    services.notification_mark_read(actor=world.school)
    assert selectors.unread_count(fresh()) == 0


@pytest.mark.django_db
def test_agency_members_are_all_told(world):
    made = services.notify_agency(agency=world.social.staff.agency, message="Home visits this week")
    assert [n.user for n in made] == [world.social]


@pytest.mark.django_db
def test_page_shows_count_and_marks_read(client, world):
    services.notify(users=[world.social], message="Home visit due", case=world.case_in,
                    compartment="social_support", url=f"/cases/{world.case_in.pk}/social_support/")
    client.force_login(world.social)
    home = client.get("/").content.decode()
    assert 'class="badge unread">1<' in home
    page = client.get("/notifications/").content.decode()
    assert "Home visit due" in page
    client.post("/notifications/")
    assert not Notification.objects.filter(user=world.social, read_at__isnull=True).exists()


@pytest.mark.django_db
@override_settings(
    REINTEGRA_EMAIL_NOTIFICATIONS=True,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
)
def test_email_says_only_that_something_waits(world, django_capture_on_commit_callbacks):
    world.social.email = "sw@example.org"
    world.social.save()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.notify(users=[world.social, world.school], message="Dritë Thaçi: referral declined",
                        case=world.case_in, compartment="programme")
    assert len(mail.outbox) == 1  # the school user has no address
    sent = mail.outbox[0]
    assert sent.to == ["sw@example.org"]
    assert "Thaçi" not in sent.body and "referral" not in sent.body.lower()


@pytest.mark.django_db
def test_no_email_when_not_configured(world):
    world.social.email = "sw@example.org"
    world.social.save()
    services.notify(users=[world.social], message="Anything")
    assert mail.outbox == []
