"""E-mail for notifications, sent in the background (django-tasks, `reintegra db_worker`).

The e-mail says only that something waits in Reintegra and links to it: case content
never leaves the system by e-mail.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task


def send_email_later(notifications) -> None:
    if not settings.REINTEGRA_EMAIL_NOTIFICATIONS:
        return
    ids = [n.pk for n in notifications if n.pk and n.user.email]
    if ids:
        # After the commit: the worker must find the rows, and a rolled-back change
        # must not send mail.
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    from .models import Notification

    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        if not notification.user.email or notification.read_at is not None:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            link = f"{settings.REINTEGRA_SITE_URL.rstrip('/')}/notifications/" if settings.REINTEGRA_SITE_URL else ""
            body = _("Something in Reintegra waits for you (%(time)s).") % {
                "time": timezone.localtime(notification.created_at).strftime("%Y-%m-%d %H:%M")
            }
            if link:
                body += "\n\n" + link
            send_mail(_("Reintegra: a new notification"), body, None, [notification.user.email])
        sent += 1
    return sent
