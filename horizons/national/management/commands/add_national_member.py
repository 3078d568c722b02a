"""Give an existing account the national overview (a national body's analyst)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from horizons.accounts.models import Membership, Role, User


class Command(BaseCommand):
    help = "Give an existing account the national overview: every hub's figures, no child's."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account uses {options['email']}: invite or create it first.")
        _, created = Membership.objects.get_or_create(user=user, role=Role.NATIONAL)
        self.stdout.write(
            f"{user.email} {'now has' if created else 'already had'} the national overview."
        )
