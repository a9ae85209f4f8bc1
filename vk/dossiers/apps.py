from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "vk.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")
