from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from reintegra.audit.services import audit_record


class Command(BaseCommand):
    help = "Give a user a TOTP device for two-factor sign-in; prints the otpauth:// URI to scan."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator", help="a name for the device")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
            audit_record(
                user=None, action="create", channel="cli", object_type="otp_totp.totpdevice",
                object_id=device.pk, detail={"for": username},
            )
        self.stdout.write(f"TOTP device {name!r} created for {username}. Scan or enter in an authenticator app:")
        self.stdout.write(device.config_url)
