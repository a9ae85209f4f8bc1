from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from vk.access.demo_data import seed_access_demo
from vk.activities.demo_data import seed_activities
from vk.centres.demo_data import CENTRES, FIRST_NAMES, LAST_NAMES, STAFF_SLOTS
from vk.centres.models import Centre, PostcodeRange, RoleGrant, Team, User
from vk.complaints.demo_data import seed_complaints
from vk.dossiers.demo_data import seed_dossier_demo
from vk.intake.demo_data import seed_intake_demo
from vk.mano.demo_data import seed_mano_demo
from vk.stats.demo_data import seed_history_demo

DEMO_PASSWORD = "vk-demo-2026"  # noqa: S105  (fictional demo accounts only)
DEMO_DOMAIN = "vk.test"


class Command(BaseCommand):
    help = (
        "Load fictional demo data: all six centres with staff in every role and an intake "
        "queue in each. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help="Password for every demo login."
        )
        parser.add_argument(
            "--without-reports",
            action="store_true",
            help="Only centres and staff, no demo intake queues (used by tests).",
        )

    def handle(self, *args: Any, password: str, without_reports: bool, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with VK_ENVIRONMENT=production.")
        today = timezone.localdate()
        reports: list[tuple[str, int]] = []
        dossiers: list[tuple[str, int]] = []
        with transaction.atomic():
            logins = self._seed(
                password,
                today=today,
                reports=None if without_reports else reports,
                dossiers=dossiers,
            )
        self.stdout.write(self.style.SUCCESS("Demo data loaded (fictional)."))
        for centre_name, count in reports:
            added = f"{count} demo reports" if count else "reports already present, none added"
            self.stdout.write(f"  {centre_name}: {added}")
        for centre_name, count in dossiers:
            added = f"{count} demo dossiers" if count else "dossiers already present, none added"
            self.stdout.write(f"  {centre_name}: {added}")
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for centre_name, email, roles in logins:
            self.stdout.write(f"  {centre_name:<20} {email:<45} {roles}")

    def _seed(
        self,
        password: str,
        *,
        today: date,
        reports: list[tuple[str, int]] | None,
        dossiers: list[tuple[str, int]],
    ) -> list[tuple[str, str, str]]:
        logins: list[tuple[str, str, str]] = []
        name_index = 0
        for spec in CENTRES:
            centre, _ = Centre.objects.update_or_create(
                province=spec["province"],
                defaults={
                    "name": spec["name"],
                    "street": "Voorbeeldstraat 1",
                    "postcode": spec["postcode"],
                    "city": spec["city"],
                    "phone": "000 00 00 00",
                    "email": f"info.{spec['code']}@{DEMO_DOMAIN}",
                    "opening_hours": "Werkdagen 9.00–12.30 en 13.30–17.00 uur",
                },
            )
            centre.postcode_ranges.all().delete()
            PostcodeRange.objects.bulk_create(
                PostcodeRange(centre=centre, first=first, last=last)
                for first, last in spec["ranges"]
            )
            teams = [
                Team.objects.get_or_create(centre=centre, name=name)[0] for name in spec["teams"]
            ]
            for slot, (prefix, roles, discipline, in_team) in enumerate(STAFF_SLOTS):
                email = f"{prefix}.{spec['code']}@{DEMO_DOMAIN}"
                user, created = User.objects.update_or_create(
                    email=email,
                    defaults={
                        "first_name": FIRST_NAMES[name_index % len(FIRST_NAMES)],
                        "last_name": LAST_NAMES[name_index % len(LAST_NAMES)],
                        "centre": centre,
                        "discipline": discipline,
                        "is_active": True,
                    },
                )
                name_index += 1
                if created or not user.has_usable_password():
                    # Argon2 is slow on purpose: hash only for new accounts, so a rerun
                    # of `make demo` starts quickly.
                    user.set_password(password)
                    user.save(update_fields=["password"])
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                RoleGrant.objects.filter(user=user).exclude(role__in=roles).delete()
                for role in roles:
                    RoleGrant.objects.get_or_create(user=user, role=role)
                if in_team:
                    user.teams.set([teams[slot % len(teams)]])
                logins.append(
                    (str(spec["name"]), email, ", ".join(str(role.label) for role in roles))
                )
            if reports is None:
                continue
            count = seed_intake_demo(
                centre,
                intake_worker=User.objects.get(email=f"onthaal.{spec['code']}@{DEMO_DOMAIN}"),
                team_lead=User.objects.get(
                    email=f"teamverantwoordelijke.{spec['code']}@{DEMO_DOMAIN}"
                ),
                today=today,
            )
            reports.append((spec["name"], count))
            team_lead = User.objects.get(
                email=f"teamverantwoordelijke.{spec['code']}@{DEMO_DOMAIN}"
            )
            opened = seed_dossier_demo(
                centre,
                team_lead=team_lead,
                case_workers=[
                    User.objects.get(email=f"{prefix}.{spec['code']}@{DEMO_DOMAIN}")
                    for prefix in ("hulpverlener", "psycholoog", "arts")
                ],
                today=today,
            )
            dossiers.append((spec["name"], opened))
            seed_mano_demo(centre, team_lead=team_lead, today=today)
            seed_history_demo(
                centre,
                intake_worker=User.objects.get(email=f"onthaal.{spec['code']}@{DEMO_DOMAIN}"),
                team_lead=team_lead,
                case_workers=[
                    User.objects.get(email=f"{prefix}.{spec['code']}@{DEMO_DOMAIN}")
                    for prefix in ("hulpverlener", "psycholoog", "arts")
                ],
                year=today.year - 1,
            )
            seed_access_demo(
                centre, standby=User.objects.get(email=f"onthaal.{spec['code']}@{DEMO_DOMAIN}")
            )
            seed_complaints(
                centre,
                User.objects.get(email=f"klachten.{spec['code']}@{DEMO_DOMAIN}"),
                today=today,
            )
            seed_activities(
                centre,
                [
                    User.objects.get(email=f"{prefix}.{spec['code']}@{DEMO_DOMAIN}")
                    for prefix in ("onthaal", "hulpverlener", "psycholoog", "teamverantwoordelijke")
                ],
                today=today,
            )
        return logins
