"""What a download of the yearly report leaves behind.

Every download is an audit entry (action export, `stats.yearly.exported`, purpose
statistics) with the year, scope, format, audience and the suppression threshold. A
copy for outside the centre is also a disclosure in the register (vk/access/
disclosures.py): kind "statistical figures", the recipient the user typed, the funder's
reporting duty as the ground, and what left — the year, scope, format and threshold.
The disclosure's source is the audit entry, so the two point at each other.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vk.access.disclosures import record_disclosure
from vk.access.models import Disclosure, DisclosureKind, LegalBasis
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.stats.yearly import YearlyReport

EXPORTED = "stats.yearly.exported"


class Audience(models.TextChoices):
    CENTRE = "centre", gettext_lazy("Within the centre")
    EXTERNAL = "external", gettext_lazy("Outside the centre")


class Scope(models.TextChoices):
    CENTRE = "centre", gettext_lazy("Own centre")
    ALL_CENTRES = "all-centres", gettext_lazy("All centres")


class ExportRefused(ValueError):
    """A copy for outside the centre that does not hide small numbers, or has no recipient."""


def record_yearly_download(
    *,
    report: YearlyReport,
    by: User,
    scope: Scope,
    file_format: str,
    audience: Audience,
    recipient: str = "",
) -> Disclosure | None:
    """Record one download; for outside the centre also the disclosure, which is returned."""
    external = audience == Audience.EXTERNAL
    if external and not report.suppressed_below:
        raise ExportRefused("a copy for outside the centre hides small numbers")
    if external and not recipient.strip():
        raise ExportRefused("a copy for outside the centre names its recipient")
    with transaction.atomic():
        entry = record_event(
            action=Action.EXPORT,
            event=EXPORTED,
            purpose=Purpose.STATISTICS,
            by=by,
            object_type="stats.report",
            detail={
                "year": report.year,
                "scope": scope.value,
                "format": file_format,
                "audience": audience.value,
                "suppressed_below": report.suppressed_below,
            },
        )
        if not external:
            return None
        return record_disclosure(
            dossier=None,
            by=by,
            kind=DisclosureKind.STATISTICS,
            recipient=recipient.strip(),
            legal_basis=LegalBasis.FUNDER_REPORTING,
            what=_(
                "Yearly figures %(year)s, %(scope)s, %(format)s, small cells hidden below %(below)s"
            )
            % {
                "year": report.year,
                "scope": report.scope,
                "format": file_format.upper(),
                "below": report.suppressed_below,
            },
            source=entry,
        )
