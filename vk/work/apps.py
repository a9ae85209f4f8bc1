from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "vk.work"
    label = "work"
    verbose_name = _("Tasks and appointments")

    def ready(self) -> None:
        # Registers its forms among the panels of the dossier page.
        from vk.work import panels  # noqa: F401
