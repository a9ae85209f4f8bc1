"""The access rule: who may see or change what, and on which grounds.

Every view and every list asks this module; there is no second path. Outside the rule
the answer is 404 (the object's existence is not revealed), and the grounds of every
allowed access become the `purpose` of its audit entry.

Current scope (foundation): staff records. Users only ever see their own centre;
centre administrators manage their centre's staff; everyone may see their own
account. Later modules (reports, dossiers, MaNo) add their objects here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404

from vk.audit.models import Purpose
from vk.centres.models import Centre, Role, User, UserQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class Grant:
    """An allowed access and the grounds it rests on."""

    may_change: bool
    purpose: Purpose


def is_staff_member(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "centre_id", None))


def can_manage_staff(user: User | AnonymousUser) -> bool:
    return is_staff_member(user) and user.has_role(Role.CENTRE_ADMIN)  # type: ignore[union-attr]


def staff_visible_to(user: User | AnonymousUser) -> UserQuerySet:
    """The staff records a user may list: their own centre's, if they administer it."""
    if not can_manage_staff(user):
        return User.objects.none()
    return User.objects.in_centre(user.centre)  # type: ignore[union-attr]


def managed_centre(user: User | AnonymousUser) -> Centre:
    """The centre whose staff the user administers, or 404 if they administer none."""
    if not can_manage_staff(user):
        raise Http404
    return user.centre  # type: ignore[union-attr, return-value]


def staff_member_for(user: User | AnonymousUser, pk: int) -> tuple[User, Grant]:
    """The staff record `pk` with the user's grant on it, or 404."""
    member = staff_visible_to(user).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member, Grant(may_change=True, purpose=Purpose.ADMINISTRATION)
