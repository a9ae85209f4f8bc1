"""Telling a centre's complaints officers that a complaint arrived.

The mail holds no personal data: the reference, the acknowledgement deadline and a link
into the register. It goes out as a background task after the complaint is committed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from vk.centres.models import Role, User
from vk.complaints.models import Complaint

logger = logging.getLogger(__name__)


def announce_new_complaint(complaint: Complaint) -> None:
    complaint_id = complaint.pk
    transaction.on_commit(lambda: mail_complaints_officers.enqueue(complaint_id))


@task
def mail_complaints_officers(complaint_id: int) -> int:
    """Mail the centre's complaints officers (or, without one, its director); returns how many."""
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        return 0
    staff = User.objects.in_centre(complaint.centre).filter(is_active=True)
    recipients = list(staff.with_role(Role.COMPLAINTS).values_list("email", flat=True))
    if not recipients:
        recipients = list(staff.with_role(Role.DIRECTOR).values_list("email", flat=True))
    if not recipients:
        logger.warning("new complaint: nobody to tell", extra={"complaint_id": complaint_id})
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "complaints/email/new_complaint.txt",
            {
                "reference": complaint.reference,
                "acknowledge_due": complaint.acknowledge_due,
                "url": settings.BASE_URL.rstrip("/") + reverse("complaints:register"),
            },
        )
        subject = translation.gettext("A new complaint arrived")
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, sorted(set(recipients)))
    logger.info("new complaint announced", extra={"complaint_id": complaint_id})
    return len(recipients)
