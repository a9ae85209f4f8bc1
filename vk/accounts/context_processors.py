from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from vk.access.rules import (
    can_handle_complaints,
    can_manage_staff,
    can_review_audit,
    can_search_dossiers,
    can_view_activities,
    can_view_statistics,
    can_work_intake,
)
from vk.views import session_seconds_left


def vk(request: HttpRequest) -> dict[str, Any]:
    # A request refused before authentication (a bad Host header: 400) has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "VK_DEMO": settings.DEMO,
        "VK_MFA_REQUIRED": settings.MFA_REQUIRED,
        "VK_SESSION_IDLE_MINUTES": settings.SESSION_IDLE_SECONDS // 60,
        "can_manage_staff": can_manage_staff(user),
        "can_review_audit": can_review_audit(user),
        "can_work_intake": can_work_intake(user),
        "can_handle_complaints": can_handle_complaints(user),
        "can_view_activities": can_view_activities(user),
        "can_view_statistics": can_view_statistics(user),
        # My work, My dossiers, MaNo: for those who work with families.
        "works_with_families": can_search_dossiers(user),
        "session_seconds_left": (session_seconds_left(request) if user.is_authenticated else 0),
    }
