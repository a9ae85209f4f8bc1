from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "vk.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Registers its forms among the panels of the dossier page.
        from vk.documents import panels  # noqa: F401
