"""Which centre is competent for a child's residence, from the Belgian postcode."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, Province


@dataclass(frozen=True)
class Competence:
    centre: Centre | None
    explanation: str | Promise

    @property
    def is_brussels(self) -> bool:
        return self.centre is not None and self.centre.province == Province.BRUSSEL


def competence_for(postcode: str) -> Competence:
    """The proposed competent centre; None with an explanation when no VK is competent."""
    digits = postcode.strip()
    if not (re.fullmatch(r"[0-9]{4}", digits) and 1000 <= int(digits) <= 9999):
        return Competence(None, _("Unknown or foreign address: decide yourself and record why."))
    centre = Centre.objects.serving(int(digits))
    if centre is None:
        return Competence(
            None,
            _("This postcode lies in Wallonia: no Flemish centre is competent (SOS Enfants is)."),
        )
    return Competence(centre, _("Competent centre: %(name)s.") % {"name": centre.name})
