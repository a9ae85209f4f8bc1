"""The authentication backend: allauth's, with the user's centre read in the same query."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from vk.centres.models import User


class StaffAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id: Any) -> User | None:
        """Every page shows the user's centre: join it instead of a second query."""
        try:
            user = User._default_manager.select_related("centre").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
