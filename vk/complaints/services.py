"""Registering and handling complaints. Every change is one transaction with an audit entry.

The reference a complainant receives is random (`K-2026-7QX4MP`): it reveals neither how
many complaints a centre receives nor anything about the complainant, and it needs no
counter that two submissions could race for.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, User
from vk.complaints.models import Channel, Complaint, ComplaintEvent, Stage
from vk.lib.workdays import add_working_days

# Crockford's base32 without the letters that read like digits (I, L, O) or a U.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6


class ComplaintError(Exception):
    """A refused step; the message is for the user."""


@dataclass(frozen=True)
class ComplaintDetails:
    """What a complainant tells, on the web form or to the officer."""

    complainant_role: str
    subject: str
    description: str
    discussed_with_helper: str
    wish: str = ""
    anonymous: bool = False
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    reply_by: str = ""
    language: str = "nl-be"


def new_reference(year: int) -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"K-{year}-{code}"


def deadlines(centre: Centre, received_on: date) -> tuple[date, date]:
    """The acknowledgement and answer deadlines of a complaint received on `received_on`."""
    return (
        add_working_days(received_on, centre.complaint_acknowledge_working_days),
        add_working_days(received_on, centre.complaint_answer_working_days),
    )


def register_complaint(
    *,
    centre: Centre,
    details: ComplaintDetails,
    channel: Channel,
    received_on: date | None = None,
    by: User | None = None,
) -> Complaint:
    """Register a complaint for `centre`: from the public form (`by` None) or by the officer."""
    if not details.anonymous and not details.name.strip():
        raise ComplaintError(_("Give a name, or choose to complain anonymously."))
    if not (details.email or details.phone or details.address.strip()):
        raise ComplaintError(_("Give at least one way to reach you: e-mail, phone or address."))
    received_on = received_on or timezone.localdate()
    acknowledge_due, answer_due = deadlines(centre, received_on)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    centre=centre,
                    reference=new_reference(received_on.year),
                    channel=channel,
                    received_on=received_on,
                    language=details.language,
                    anonymous=details.anonymous,
                    name="" if details.anonymous else details.name.strip(),
                    email=details.email,
                    phone=details.phone,
                    address=details.address.strip(),
                    reply_by=details.reply_by,
                    complainant_role=details.complainant_role,
                    subject=details.subject,
                    description=details.description,
                    discussed_with_helper=details.discussed_with_helper,
                    wish=details.wish,
                    acknowledge_due=acknowledge_due,
                    answer_due=answer_due,
                )
                ComplaintEvent.objects.create(complaint=complaint, stage=Stage.RECEIVED, by=by)
                record_event(
                    action=Action.CREATE,
                    event="complaints.complaint.registered",
                    purpose=Purpose.COMPLAINTS if by else Purpose.SYSTEM,
                    by=by,
                    centre_id=centre.pk,
                    obj=complaint,
                    detail={"channel": str(channel)},
                )
                return complaint
        except IntegrityError:
            # The random reference was taken (about one in a billion): draw another.
            continue
    raise ComplaintError(_("The complaint could not be registered. Please try again."))
