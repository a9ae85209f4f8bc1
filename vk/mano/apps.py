from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManoConfig(AppConfig):
    name = "vk.mano"
    label = "mano"
    verbose_name = _("MaNo procedures")
