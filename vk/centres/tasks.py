from __future__ import annotations

import logging

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


@task
def send_staff_invitation(user_id: int) -> None:
    """Mail a new staff member the link to choose their password (administrators never do)."""
    from vk.centres.models import User

    member = User.objects.select_related("centre").get(pk=user_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(member),
            "key": default_token_generator.make_token(member),
        },
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "centres/email/invitation.txt",
            {"member": member, "url": settings.BASE_URL.rstrip("/") + path},
        )
        subject = translation.gettext("Your account for the VK case system")
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [member.email])
    logger.info("staff invitation sent", extra={"user_id": user_id})
