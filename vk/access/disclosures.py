"""The disclosure register: one call from every service that lets personal data leave
the centre (a transfer report sent to the Jeugdparket, a letter, information shared with
another professional, an export for a data subject, statistical figures for the funder).
The entry names the recipient, the legal basis, what was shared and who decided; the
dossier page lists a dossier's, the statistics page the statistical ones."""

from __future__ import annotations

from django.db import models

from vk.access.models import Disclosure
from vk.centres.models import User
from vk.dossiers.models import Dossier


def record_disclosure(
    *,
    dossier: Dossier | None,
    by: User,
    kind: str,
    recipient: str,
    legal_basis: str,
    what: str,
    source: models.Model,
    legal_basis_text: str = "",
) -> Disclosure:
    """Register a disclosure once per source object and kind (idempotent).

    It belongs to the dossier's centre; without a dossier (statistical figures, the
    only kind allowed without one) to the centre of the staff member who decided."""
    centre_id = dossier.centre_id if dossier is not None else by.centre_id
    if centre_id is None:
        raise ValueError("a disclosure belongs to a centre")
    disclosure, _created = Disclosure.objects.get_or_create(
        source_type=source._meta.label_lower,
        source_id=str(source.pk),
        kind=kind,
        defaults={
            "centre_id": centre_id,
            "dossier": dossier,
            "recipient": recipient[:300],
            "legal_basis": legal_basis,
            "legal_basis_text": legal_basis_text[:300],
            "what": what[:500],
            "decided_by": by,
        },
    )
    return disclosure
