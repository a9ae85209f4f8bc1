from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManoConfig(AppConfig):
    name = "vk.mano"
    label = "mano"
    verbose_name = _("MaNo procedures")

    def ready(self) -> None:
        # Registers the MaNo letters in the dossier's letter registry.
        from vk.mano import letters  # noqa: F401
