import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reintegra.demo.seed import DEMO_USERS, database_has_data, reset_demo_data, seed_demo


class Command(BaseCommand):
    help = "Fill an empty database with the synthetic demo cohort and one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="password for every demo user (default: a random one, printed)")
        parser.add_argument("--reset", action="store_true", help="delete existing data first (DEBUG only)")
        parser.add_argument(
            "--keep-existing", action="store_true",
            help="on a database that already holds data, change nothing and exit 0 (for `make demo`)",
        )

    def handle(self, *args, password=None, reset=False, keep_existing=False, **options):
        if database_has_data():
            if keep_existing and not reset:
                self.stdout.write("The database already holds data; left as it is (make demo-reset starts over).")
                return
            if not reset:
                raise CommandError("The database already holds data; seed_demo only fills an empty one. "
                                   "Use --reset to delete it first (demo databases only).")
            if not settings.DEBUG:
                raise CommandError("--reset deletes case data and the audit log; it only runs with DEBUG on.")
            reset_demo_data()
        password = password or secrets.token_urlsafe(9)
        seeder = seed_demo(password=password)
        self.stdout.write(
            f"Demo data: {seeder.person_count} people, {seeder.case_count} cases, {len(seeder.agencies)} agencies."
        )
        self.stdout.write("Demo logins (username / password):")
        for username in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {password}")
