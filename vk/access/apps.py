from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "vk.access"
    label = "access"
    verbose_name = _("Access rule")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from vk.lib.rls import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="vk-rls-scope")
