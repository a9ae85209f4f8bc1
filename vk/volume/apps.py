from __future__ import annotations

from django.apps import AppConfig


class VolumeConfig(AppConfig):
    """The volume generator for the benchmark (`manage.py generate_volume`); no tables."""

    name = "vk.volume"
    label = "volume"
    verbose_name = "Volume generator"
