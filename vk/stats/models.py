"""Statistics keep no counts of their own: every figure is a query on the case data.

What is stored here is how the funder wants the case data grouped — the code lists — as
versioned data (`CodeList`), so a new funder template is a data change, not a code
change (vk/stats/code_lists.py).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CodeList(models.Model):
    """One version of the funder's code lists: which case-data values count under which
    category, and the age bands. Applies from `valid_from_year` until a later version.
    A stored version is never changed; a new one is loaded beside it."""

    code = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    valid_from_year = models.PositiveIntegerField()
    definition = models.JSONField()
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-valid_from_year", "-version"]
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="code_list_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} (from {self.valid_from_year})"
