"""Registering, changing and deleting activities: one service per change.

Each service runs in one transaction, checks the date and the staff members named on
the record (colleagues of the same centre), saves with `update_fields` (an edit through
the optimistic lock of vk/lib/locking.py) and writes its audit entry in the same
transaction. The audit entry holds identifiers only: never the topic or summary.
The caller passes the grounds of its access (`purpose`, from vk.access.rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.lib.locking import save_versioned

from .models import Activity, date_problem


class ActivityError(Exception):
    """A change to an activity that cannot be made; the message is for the user."""


def register_activity[A: Activity](
    *, model: type[A], by: User, values: Mapping[str, Any], purpose: Purpose = Purpose.ASSIGNMENT
) -> A:
    """A new activity of `model` for the registrant's centre.

    `values` holds the model's fields as a form cleans them; many-to-many fields (the
    trainers, the staff of an awareness action) as lists of users.
    """
    if by.centre_id is None:
        raise ActivityError(_("Only staff of a centre register activities."))
    fields, related = _split(model, values)
    _check(model, by, fields, related, keep=())
    with transaction.atomic():
        activity: A = model.objects.create(centre_id=by.centre_id, created_by=by, **fields)  # type: ignore[assignment]
        for name, users in related.items():
            getattr(activity, name).set(users)
        record_event(
            action=Action.CREATE,
            event=f"activities.{model._meta.model_name}.created",
            purpose=purpose,
            by=by,
            obj=activity,
            detail={"date": activity.date.isoformat()},
        )
    return activity


def update_activity[A: Activity](
    *,
    activity: A,
    by: User,
    expected_version: int,
    values: Mapping[str, Any],
    purpose: Purpose = Purpose.ASSIGNMENT,
) -> A:
    """Change an activity; raises vk.lib.locking.EditConflict on a stale form."""
    model = type(activity)
    fields, related = _split(model, values)
    with transaction.atomic():
        current: A = model.objects.select_for_update().get(pk=activity.pk)  # type: ignore[assignment]
        if current.centre_id != by.centre_id:
            raise ActivityError(_("This activity belongs to another centre."))
        # Someone who left keeps their name on what they did; only new names must be
        # active colleagues.
        kept = {user.pk for name in related for user in getattr(current, name).all()}
        if "coached_by" in fields:
            kept.add(current.coached_by_id)  # type: ignore[attr-defined]
        if fields.get("date") != current.date:
            _check_date(model, fields["date"])
        _check_staff(by, fields, related, keep=kept)
        changed = save_versioned(current, expected_version=expected_version, changes=fields)
        for name, users in related.items():
            before = {user.pk for user in getattr(current, name).all()}
            if before != {user.pk for user in users}:
                getattr(current, name).set(users)
                changed.append(name)
        record_event(
            action=Action.UPDATE,
            event=f"activities.{model._meta.model_name}.changed",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"fields": sorted(changed)},
        )
    return current


def delete_activity(*, activity: Activity, by: User, purpose: Purpose = Purpose.ASSIGNMENT) -> None:
    """Remove an activity registered by mistake (the caller checked who may)."""
    model = type(activity)
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=activity.pk).first()
        if current is None:
            raise ActivityError(_("This activity was already deleted."))
        if current.centre_id != by.centre_id:
            raise ActivityError(_("This activity belongs to another centre."))
        pk, day = current.pk, current.date
        current.delete()
        record_event(
            action=Action.DELETE,
            event=f"activities.{model._meta.model_name}.deleted",
            purpose=purpose,
            by=by,
            object_type=model._meta.label_lower,
            object_id=pk,
            detail={"date": day.isoformat()},
        )


# Helpers --------------------------------------------------------------------------


def _split(
    model: type[Activity], values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[User]]]:
    """The values of plain fields apart from the many-to-many ones."""
    related_names = {field.name for field in model._meta.many_to_many}
    fields = {name: value for name, value in values.items() if name not in related_names}
    related = {name: list(value) for name, value in values.items() if name in related_names}
    if "date" not in fields:
        raise ActivityError(_("Give the date."))
    return fields, related


def _check(
    model: type[Activity],
    by: User,
    fields: Mapping[str, Any],
    related: Mapping[str, list[User]],
    keep: Iterable[int],
) -> None:
    _check_date(model, fields["date"])
    _check_staff(by, fields, related, keep=set(keep))


def _check_date(model: type[Activity], day: Any) -> None:
    problem = date_problem(model, day, timezone.localdate())
    if problem:
        raise ActivityError(str(problem))


def _check_staff(
    by: User, fields: Mapping[str, Any], related: Mapping[str, list[User]], keep: set[int]
) -> None:
    named = [value for value in fields.values() if isinstance(value, User)]
    named += [user for users in related.values() for user in users]
    for user in named:
        if user.centre_id != by.centre_id or (not user.is_active and user.pk not in keep):
            raise ActivityError(_("Only active colleagues of your centre can be named."))
