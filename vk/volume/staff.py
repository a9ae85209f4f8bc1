"""The six centres (created when missing, as the demo defines them) and their staff.

Staff per centre with a realistic role mix: intake workers, case workers of the three
disciplines in teams of about a dozen with a team lead each, the director, statistics,
complaints, administration and the data protection officer. Logins are
`bench.<role>.<n>.<province>@vk.test` with unusable passwords; the benchmark makes its
sessions directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vk.centres.demo_data import CENTRES
from vk.centres.models import Centre, PostcodeRange
from vk.intake.services import REFERENCE_PREFIX
from vk.volume import vocabulary
from vk.volume.bulk import esc
from vk.volume.context import Context

EMAIL_DOMAIN = "vk.test"
EMAIL_PREFIX = "bench."


@dataclass
class TeamPlan:
    id: int
    leads: list[int]
    workers: list[int]
    medical: list[int]


@dataclass
class CentreStaff:
    centre_id: int
    province: str
    name: str
    prefix: str
    postcodes: list[tuple[int, int]]
    cities: list[str]
    intake: list[int] = field(default_factory=list)
    workers: list[int] = field(default_factory=list)
    leads: list[int] = field(default_factory=list)
    directors: list[int] = field(default_factory=list)
    complaints: list[int] = field(default_factory=list)
    others: list[int] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)
    teams: list[TeamPlan] = field(default_factory=list)


def ensure_centres() -> list[Centre]:
    """The six centres, in the order of the demo data; created when missing."""
    centres = []
    for spec in CENTRES:
        centre, created = Centre.objects.get_or_create(
            province=spec["province"],
            defaults={
                "name": spec["name"],
                "street": "Voorbeeldstraat 1",
                "postcode": spec["postcode"],
                "city": spec["city"],
                "email": f"info.{spec['code']}@{EMAIL_DOMAIN}",
            },
        )
        if created or not centre.postcode_ranges.exists():
            PostcodeRange.objects.bulk_create(
                PostcodeRange(centre=centre, first=first, last=last)
                for first, last in spec["ranges"]
            )
        centres.append(centre)
    return centres


def role_counts(size: int) -> list[tuple[str, list[str], str, int]]:
    """(login role, roles, discipline, how many) for a centre of `size` staff."""
    intake = max(1, round(size * 0.10))
    leads = max(1, round(size * 0.075))
    directors = 1 if size < 200 else 2
    statistics = max(1, round(size * 0.02))
    complaints = max(1, round(size * 0.02))
    admins = max(1, round(size * 0.02))
    privacy = 1
    workers = max(3, size - intake - leads - directors - statistics - complaints - admins - privacy)
    return [
        ("intake", ["intake"], "secretariat", intake),
        ("team_lead", ["case_worker", "team_lead"], "psycho_pedagogical", leads),
        ("case_worker", ["case_worker"], "", workers),
        ("director", ["director"], "social", directors),
        ("statistics", ["statistics"], "secretariat", statistics),
        ("complaints", ["complaints"], "social", complaints),
        ("centre_admin", ["centre_admin"], "secretariat", admins),
        ("privacy_officer", ["privacy_officer"], "secretariat", privacy),
    ]


def write_staff(ctx: Context, centres: list[Centre], size: int) -> list[CentreStaff]:
    rng = ctx.rng
    users, grants, teams, members, emails = (
        ctx.t["centres_user"],
        ctx.t["centres_rolegrant"],
        ctx.t["centres_team"],
        ctx.t["centres_team_members"],
        ctx.t["account_emailaddress"],
    )
    result = []
    for centre in centres:
        spec = next(spec for spec in CENTRES if spec["province"] == centre.province)
        staff = CentreStaff(
            centre_id=centre.pk,
            province=centre.province,
            name=centre.name,
            prefix=REFERENCE_PREFIX.get(centre.province, "VK"),  # type: ignore[call-overload]
            postcodes=list(spec["ranges"]),
            cities=vocabulary.CITIES[spec["code"]],
        )
        team_count = max(1, round(size / 13))
        for index in range(team_count):
            team = TeamPlan(teams.take_id(), [], [], [])
            city = staff.cities[index % len(staff.cities)]
            teams.add(
                f"{team.id}\t{esc(f'Team {city} {index // len(staff.cities) + 1}')}\t{centre.pk}"
            )
            staff.teams.append(team)
        for login_role, roles, discipline, count in role_counts(size):
            for number in range(1, count + 1):
                pk = users.take_id()
                gender = rng.choice("fm")
                first = ctx.names.first(gender, adult=True)
                last = ctx.names.last_name()
                email = f"{EMAIL_PREFIX}{login_role.replace('_', '-')}.{number}.{centre.province}@{EMAIL_DOMAIN}"
                if not discipline:
                    discipline_now = rng.choices(
                        ["social", "psycho_pedagogical", "medical"], weights=[45, 35, 20]
                    )[0]
                else:
                    discipline_now = discipline
                joined = ctx.start_s + rng.randrange(max(1, ctx.now_s - ctx.start_s - 86400 * 30))
                password = "!" + f"{rng.getrandbits(200):050x}"[:40]
                users.add(
                    f"{pk}\t{password}\t\\N\tf\t{email}\t{esc(first)}\t{esc(last)}\t"
                    f"{discipline_now}\tt\tf\t{ctx.moment(joined)}\t1\t{centre.pk}"
                )
                emails.add(f"{emails.take_id()}\t{email}\tt\tt\t{pk}")
                for role in roles:
                    grants.add(f"{grants.take_id()}\t{role}\t{ctx.moment(joined)}\t{pk}")
                staff.roles[pk] = ",".join(sorted(roles))
                staff.emails[pk] = email
                if login_role == "intake":
                    staff.intake.append(pk)
                elif login_role == "team_lead":
                    staff.leads.append(pk)
                    team = staff.teams[(number - 1) % team_count]
                    team.leads.append(pk)
                    members.add(f"{members.take_id()}\t{team.id}\t{pk}")
                elif login_role == "case_worker":
                    staff.workers.append(pk)
                    team = staff.teams[(number - 1) % team_count]
                    team.workers.append(pk)
                    if discipline_now == "medical":
                        team.medical.append(pk)
                    members.add(f"{members.take_id()}\t{team.id}\t{pk}")
                elif login_role == "director":
                    staff.directors.append(pk)
                elif login_role == "complaints":
                    staff.complaints.append(pk)
                else:
                    staff.others.append(pk)
        for team in staff.teams:
            # Every team has a lead and at least two case workers to work with.
            if not team.leads:
                team.leads.append(staff.leads[0])
            if len(team.workers) < 2:
                team.workers.extend(staff.workers[:2])
        result.append(staff)
    return result


USER_COLUMNS = [
    "id",
    "password",
    "last_login",
    "is_superuser",
    "email",
    "first_name",
    "last_name",
    "discipline",
    "is_active",
    "is_staff",
    "date_joined",
    "row_version",
    "centre_id",
]
