from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reintegra.access.policy_data import PolicyFileError, policy_load


class Command(BaseCommand):
    help = "Load the access policy (roles and rules) from a YAML file; replaces the named roles' rules."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.REINTEGRA_POLICY_FILE))

    def handle(self, *args, path, **options):
        try:
            count = policy_load(path=Path(path))
        except (OSError, PolicyFileError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Loaded {count} policy rules from {path}.")
