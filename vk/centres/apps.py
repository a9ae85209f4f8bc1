from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "vk.centres"
    label = "centres"
    verbose_name = _("Centres and staff")
