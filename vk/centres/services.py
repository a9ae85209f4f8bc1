"""Changes to staff accounts, made by a centre administrator.

Each service checks its preconditions, runs in one transaction, records an audit entry
in that transaction and defers e-mail until the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, PostcodeRange, Role, RoleGrant, Team, User
from vk.centres.tasks import send_staff_invitation


class StaffError(Exception):
    """A change to a staff account that cannot be made; the message is for the user."""


class EditConflict(StaffError):
    """Someone else saved the record since the form was opened."""


def create_staff_member(
    *,
    centre: Centre,
    by: User | None,
    email: str,
    first_name: str,
    last_name: str,
    discipline: str,
    roles: Collection[str],
    teams: Collection[Team] = (),
) -> User:
    email = email.strip().lower()
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise StaffError(_("This e-mail address is already in use."))
        member = User.objects.create_user(
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            centre=centre,
            discipline=discipline,
        )
        EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
        _set_roles(member, roles)
        member.teams.set(_teams_of(centre, teams))
        record_event(
            action=Action.CREATE,
            event="centres.staff.created",
            purpose=Purpose.ADMINISTRATION if by else Purpose.SYSTEM,
            by=by,
            centre_id=centre.pk,
            obj=member,
            detail={"roles": sorted(roles)},
        )
        transaction.on_commit(lambda: send_staff_invitation.enqueue(member.pk))
    return member


def update_staff_member(
    *,
    member: User,
    by: User,
    expected_version: int,
    email: str,
    first_name: str,
    last_name: str,
    discipline: str,
    roles: Collection[str],
    teams: Collection[Team] = (),
) -> User:
    email = email.strip().lower()
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=member.pk)
        if current.row_version != expected_version:
            raise EditConflict(
                _(
                    "Someone else changed this staff member while you were editing. "
                    "Your changes were not saved yet: compare them with the saved data "
                    "below and save again."
                )
            )
        if email != current.email and User.objects.filter(email__iexact=email).exists():
            raise StaffError(_("This e-mail address is already in use."))
        if Role.CENTRE_ADMIN not in roles:
            _refuse_removing_last_admin(current)
        changes = {
            "email": email,
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "discipline": discipline,
        }
        changed = sorted(
            field for field, value in changes.items() if getattr(current, field) != value
        )
        for field, value in changes.items():
            setattr(current, field, value)
        current.row_version += 1
        current.save(update_fields=[*changes, "row_version"])
        if "email" in changed:
            EmailAddress.objects.filter(user=current).delete()
            EmailAddress.objects.create(user=current, email=email, verified=True, primary=True)
        old_roles = set(current.roles)
        _set_roles(current, roles)
        current.teams.set(_teams_of(current.centre, teams))
        record_event(
            action=Action.UPDATE,
            event="centres.staff.updated",
            purpose=Purpose.ADMINISTRATION,
            by=by,
            obj=current,
            detail={
                "fields": changed,
                "roles_added": sorted(set(roles) - old_roles),
                "roles_removed": sorted(old_roles - set(roles)),
            },
        )
    return current


def deactivate_staff_member(*, member: User, by: User) -> User:
    """Block the account and end its sessions; the history stays."""
    if member.pk == by.pk:
        raise StaffError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=member.pk)
        if not current.is_active:
            return current
        _refuse_removing_last_admin(current)
        current.is_active = False
        current.row_version += 1
        current.save(update_fields=["is_active", "row_version"])
        for session in UserSession.objects.filter(user=current):
            session.end()
        record_event(
            action=Action.UPDATE,
            event="centres.staff.deactivated",
            purpose=Purpose.ADMINISTRATION,
            by=by,
            obj=current,
        )
    return current


def reactivate_staff_member(*, member: User, by: User) -> User:
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=member.pk)
        if current.is_active:
            return current
        current.is_active = True
        current.row_version += 1
        current.save(update_fields=["is_active", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="centres.staff.reactivated",
            purpose=Purpose.ADMINISTRATION,
            by=by,
            obj=current,
        )
    return current


def _set_roles(member: User, roles: Collection[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise StaffError(_("Unknown role."))
    RoleGrant.objects.filter(user=member).exclude(role__in=roles).delete()
    existing = set(RoleGrant.objects.filter(user=member).values_list("role", flat=True))
    RoleGrant.objects.bulk_create(
        RoleGrant(user=member, role=role) for role in sorted(set(roles) - existing)
    )
    member.__dict__.pop("roles", None)
    if hasattr(member, "_prefetched_objects_cache"):
        member._prefetched_objects_cache.pop("role_grants", None)


def _teams_of(centre: Centre | None, teams: Collection[Team]) -> list[Team]:
    if any(centre is None or team.centre_id != centre.pk for team in teams):
        raise StaffError(_("A staff member can only join teams of their own centre."))
    return list(teams)


def _refuse_removing_last_admin(member: User) -> None:
    if not member.is_active or not member.has_role(Role.CENTRE_ADMIN):
        return
    other_admins = (
        User.objects.in_centre(member.centre)
        .with_role(Role.CENTRE_ADMIN)
        .filter(is_active=True)
        .exclude(pk=member.pk)
    )
    if not other_admins.exists():
        raise StaffError(_("A centre needs at least one active centre administrator."))


CENTRE_SETTINGS = (
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "opening_hours",
    "triage_deadline_working_days",
    "mano_deadline_working_days",
    "mano_clock_start",
    "complaint_acknowledge_working_days",
    "complaint_answer_working_days",
)


class RegionOverlap(StaffError):
    """The region typed for a centre overlaps another centre's region."""


def update_centre_settings(
    *,
    centre: Centre,
    by: User,
    expected_version: int,
    region: Sequence[tuple[int, int]] | None = None,
    **values: object,
) -> Centre:
    """Contact details, deadline norms and (when given) the region of a centre, as
    sorted (first, last) postcode ranges; refuses a stale form and a region that
    overlaps another centre's."""
    with transaction.atomic():
        current = Centre.objects.select_for_update().get(pk=centre.pk)
        if current.row_version != expected_version:
            raise EditConflict(
                _(
                    "Someone else changed the centre's data while you were editing. Reload and try again."
                )
            )
        changed = sorted(name for name in CENTRE_SETTINGS if getattr(current, name) != values[name])
        if region is not None and _replace_region(current, sorted(region)):
            changed = sorted([*changed, "region"])
        for name in CENTRE_SETTINGS:
            setattr(current, name, values[name])
        current.row_version += 1
        current.save(update_fields=[*CENTRE_SETTINGS, "row_version"])
        record_event(
            action=Action.UPDATE,
            event="centres.centre.updated",
            purpose=Purpose.ADMINISTRATION,
            by=by,
            obj=current,
            detail={"fields": changed},
        )
    return current


def _replace_region(centre: Centre, ranges: list[tuple[int, int]]) -> bool:
    """Give the centre exactly these postcode ranges; True when they changed. Runs in
    the caller's transaction, with the centre row locked."""
    saved = list(centre.postcode_ranges.order_by("first").values_list("first", "last"))
    if saved == ranges:
        return False
    for (_first, last_before), (first_after, _last) in zip(ranges, ranges[1:], strict=False):
        if first_after <= last_before:
            raise StaffError(_("The postcode ranges of a region must not overlap each other."))
    for first, last in ranges:
        if not 1000 <= first <= last <= 9999:
            raise StaffError(_("A postcode range runs from 1000 to 9999, first to last."))
        other = (
            PostcodeRange.objects.filter(first__lte=last, last__gte=first)
            .exclude(centre=centre)
            .select_related("centre")
            .first()
        )
        if other is not None:
            raise RegionOverlap(
                _("%(range)s overlaps the region of %(centre)s (%(other)s).")
                % {"range": f"{first}-{last}", "centre": other.centre.name, "other": other}
            )
    centre.postcode_ranges.all().delete()
    try:
        with transaction.atomic():
            PostcodeRange.objects.bulk_create(
                PostcodeRange(centre=centre, first=first, last=last) for first, last in ranges
            )
    except IntegrityError as error:
        # Another administrator saved an overlapping region at the same moment; the
        # database's exclusion constraint (centres.0007) refused the second save.
        raise RegionOverlap(
            _("Another centre's region was saved at the same moment and overlaps this one.")
        ) from error
    return True
