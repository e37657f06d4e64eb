from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_scopes import scopes_disabled

from nahbar.directory.models import Organization
from nahbar.tenancy.management.commands.create_municipality import _format
from nahbar.tenancy.models import Municipality, Role
from nahbar.tenancy.services import membership_grant, user_create


class Command(BaseCommand):
    help = (
        "Create an account with a role in a municipality: nahbar create-user --municipality SLUG --role ROLE "
        "--username NAME [--email …] [--password …] [--organization ID …]. "
        "The password may also come from the NAHBAR_NEW_USER_PASSWORD environment variable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="slug of the municipality (not needed with --superuser)")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)
        parser.add_argument(
            "--organization",
            type=int,
            action="append",
            default=[],
            help="id of an organization a provider acts for (repeatable)",
        )
        parser.add_argument("--superuser", action="store_true", help="an installation-wide administrator")

    def handle(self, *args: Any, **options: Any) -> None:
        import os

        password = options["password"] or os.environ.get("NAHBAR_NEW_USER_PASSWORD") or None
        if not options["superuser"] and not (options["municipality"] and options["role"]):
            raise CommandError("--municipality and --role are required (or --superuser)")
        try:
            with transaction.atomic(), scopes_disabled():
                user = user_create(
                    actor=None,
                    username=options["username"],
                    email=options["email"],
                    password=password,
                    is_superuser=options["superuser"],
                )
                if options["municipality"]:
                    municipality = Municipality.objects.filter(slug=options["municipality"]).first()
                    if municipality is None:
                        raise CommandError(f"no municipality with slug {options['municipality']!r}")
                    orgs = list(Organization.objects.filter(pk__in=options["organization"], municipality=municipality))
                    missing = set(options["organization"]) - {o.pk for o in orgs}
                    if missing:
                        raise CommandError(f"organizations not found in {municipality.slug}: {sorted(missing)}")
                    membership_grant(
                        actor=None, user=user, municipality=municipality, role=options["role"], organizations=orgs
                    )
        except ValidationError as exc:
            raise CommandError(_format(exc)) from None
        note = "" if password else " (no password set: use `nahbar changepassword` before logging in)"
        self.stdout.write(self.style.SUCCESS(f"created user {user.get_username()}{note}"))
