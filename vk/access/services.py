"""Emergency access: starting it (with a reason, after a recent re-authentication, which
the view enforces), ending it early, and the team lead's review."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.access.models import EmergencyAccess, Judgement
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Role, User
from vk.dossiers.models import Dossier

REASON_MIN_LENGTH = 10


class AccessError(Exception):
    """An emergency access that cannot be granted or reviewed; the message is for the user."""


def start_emergency_access(*, user: User, dossier: Dossier, reason: str) -> EmergencyAccess:
    reason = reason.strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise AccessError(_("Say why you need this dossier now (at least a full sentence)."))
    if not user.is_active or user.centre_id != dossier.centre_id:
        raise AccessError(_("Emergency access is for colleagues of the centre only."))
    with transaction.atomic():
        existing = (
            EmergencyAccess.objects.select_for_update()
            .filter(user=user, dossier=dossier)
            .active()
            .first()
        )
        if existing is not None:
            return existing
        now = timezone.now()
        access = EmergencyAccess.objects.create(
            centre_id=dossier.centre_id,
            user=user,
            dossier=dossier,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(hours=settings.VK_EMERGENCY_ACCESS_HOURS),
        )
        record_event(
            action=Action.CREATE,
            event="access.emergency.started",
            purpose=Purpose.EMERGENCY,
            by=user,
            obj=dossier,
            detail={"access": access.pk, "hours": settings.VK_EMERGENCY_ACCESS_HOURS},
        )
    return access


def end_emergency_access(*, access: EmergencyAccess, by: User) -> EmergencyAccess:
    with transaction.atomic():
        current = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if current.user_id != by.pk:
            raise AccessError(_("Only the colleague who started it ends an emergency access."))
        if current.ended_at is None:
            current.ended_at = timezone.now()
            current.row_version += 1
            current.save(update_fields=["ended_at", "row_version"])
            record_event(
                action=Action.UPDATE,
                event="access.emergency.ended",
                purpose=Purpose.EMERGENCY,
                by=by,
                obj=current.dossier,
                detail={"access": current.pk},
            )
    return current


def review_emergency_access(
    *, access: EmergencyAccess, by: User, judgement: str, note: str
) -> EmergencyAccess:
    """The team lead's judgement on an emergency access; the review item is then closed."""
    if not by.has_role(Role.TEAM_LEAD, Role.DIRECTOR):
        raise AccessError(_("A team lead or the director reviews emergency access."))
    if judgement not in Judgement.values:
        raise AccessError(_("Choose a judgement."))
    if judgement == Judgement.NOT_JUSTIFIED and not note.strip():
        raise AccessError(_("Say what was not justified and what follows."))
    with transaction.atomic():
        current = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if current.centre_id != by.centre_id:
            raise AccessError(_("This emergency access belongs to another centre."))
        if current.user_id == by.pk:
            raise AccessError(_("Nobody reviews their own emergency access."))
        if current.reviewed_at is not None:
            raise AccessError(_("This emergency access was already reviewed."))
        current.reviewed_at = timezone.now()
        current.reviewed_by = by
        current.judgement = judgement
        current.review_note = note.strip()
        current.row_version += 1
        current.save()
        record_event(
            action=Action.UPDATE,
            event="access.emergency.reviewed",
            purpose=Purpose.OVERSIGHT,
            by=by,
            obj=current.dossier,
            detail={"access": current.pk, "judgement": judgement, "user": current.user_id},
        )
    return current
