from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vk.accounts"
    label = "accounts"
    verbose_name = _("Login and sessions")

    def ready(self) -> None:
        from vk.accounts import receivers  # noqa: F401  (stamps the session start at login)
