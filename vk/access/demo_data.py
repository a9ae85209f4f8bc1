"""A fictional emergency access for the demo: last night's stand-by opened a dossier,
and the team lead still has to judge it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vk.access.models import EmergencyAccess
from vk.access.services import start_emergency_access
from vk.centres.models import Centre, User
from vk.dossiers.models import Dossier


def seed_access_demo(centre: Centre, *, standby: User) -> int:
    if EmergencyAccess.objects.filter(centre=centre).exists():
        return 0
    dossier = (
        Dossier.objects.filter(centre=centre)
        .open()
        .exclude(assignments__user=standby)
        .order_by("opened_at")
        .first()
    )
    if dossier is None:
        return 0
    access = start_emergency_access(
        user=standby,
        dossier=dossier,
        reason="Weekendpermanentie: de politie belde over een incident bij dit gezin.",
    )
    # Demo only: it happened yesterday evening and lasted an hour.
    started = timezone.now().replace(hour=21, minute=10, second=0, microsecond=0) - timedelta(
        days=1
    )
    EmergencyAccess.objects.filter(pk=access.pk).update(
        started_at=started,
        expires_at=started + timedelta(hours=4),
        ended_at=started + timedelta(hours=1),
    )
    return 1
