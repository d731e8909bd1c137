from django.core.management.base import BaseCommand, CommandError

from reintegra.audit.verify import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits 1 naming the first bad or missing event."

    def handle(self, *args, **options):
        result = audit_chain_verify()
        if not result.ok:
            raise CommandError(f"Audit log FAILED verification: {result.problem}.")
        self.stdout.write(f"Audit log verified: {result.checked} events, chain intact.")
