from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vk.centres.models import Centre, Discipline, Province, Role
from vk.centres.services import StaffError, create_staff_member


class Command(BaseCommand):
    help = (
        "Create a centre's first administrator and mail them the link to choose a password. "
        "From then on the centre manages its own staff in the application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--centre", required=True, choices=Province.values)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        centre = Centre.objects.filter(province=options["centre"]).first()
        if centre is None:
            raise CommandError(
                f"No centre for province {options['centre']!r}; add it in the admin."
            )
        try:
            member = create_staff_member(
                centre=centre,
                by=None,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                discipline=Discipline.SECRETARIAT,
                roles=[Role.CENTRE_ADMIN],
            )
        except StaffError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Centre administrator {member.pk} created for {centre}; invitation queued."
        )
