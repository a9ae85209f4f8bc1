from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "vk.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from vk.audit import receivers  # noqa: F401  (connects the authentication receivers)
