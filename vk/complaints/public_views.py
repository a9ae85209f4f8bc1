"""The public complaint form (no login) and its confirmation page.

Protected against abuse without tracking anyone: the CSRF token, a trap field that
people never see (`public_forms.HONEYPOT`), a limit per client address per hour that
keeps no address (`throttle`), and size limits on the request and every field. On any
refusal the typed text stays in the form.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vk.audit.middleware import client_ip
from vk.centres.models import Centre
from vk.complaints import notifications, services, throttle
from vk.complaints.models import Channel
from vk.complaints.public_forms import PublicComplaintForm
from vk.lib.rls import all_centres

logger = logging.getLogger("vk.security")

MAX_REQUEST_BYTES = 64 * 1024
SESSION_KEY = "vk_complaint_reference"


@never_cache
@require_http_methods(["GET", "POST"])
def new_complaint(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        province = request.GET.get("centre", "")
        centre = Centre.objects.filter(province=province).first() if province else None
        form = PublicComplaintForm(initial={"centre": centre})
        return _form_page(request, form)

    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _refused(request, status=413)
    form = PublicComplaintForm(request.POST)
    if not throttle.allow(
        "complaint-form",
        client_ip(request),
        limit=settings.COMPLAINT_FORM_LIMIT_PER_HOUR,
        period_seconds=3600,
    ):
        logger.warning("complaint form: submission limit reached")
        form.is_valid()
        form.add_error(
            None,
            _(
                "We received many complaints from your connection in a short time. Your "
                "text was not sent yet: wait an hour and send it again, or call the centre."
            ),
        )
        return _form_page(request, form, status=429)
    if form.is_robot:
        logger.warning("complaint form: trap field filled in")
        return _refused(request, status=400)
    if not form.is_valid():
        return _form_page(request, form, status=400)

    data = form.cleaned_data
    details = services.ComplaintDetails(
        complainant_role=data["complainant_role"],
        subject=data["subject"],
        description=data["description"],
        discussed_with_helper=data["discussed_with_helper"],
        wish=data["wish"],
        anonymous=data["anonymous"],
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        address=data["address"],
        reply_by=data["reply_by"],
        language=get_language() or settings.LANGUAGE_CODE,
    )
    try:
        # An anonymous request works for no centre; filing a complaint writes into the
        # chosen centre's register and nothing else.
        with all_centres():
            complaint = services.register_complaint(
                centre=data["centre"], details=details, channel=Channel.WEB_FORM
            )
    except services.ComplaintError as error:
        form.add_error(None, str(error))
        return _form_page(request, form, status=400)
    notifications.announce_new_complaint(complaint)
    request.session[SESSION_KEY] = {"reference": complaint.reference, "centre": complaint.centre_id}
    return redirect("complaint-form:thanks")


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    filed = request.session.get(SESSION_KEY)
    if not filed:
        return redirect("complaint-form:new")
    centre = Centre.objects.filter(pk=filed["centre"]).first()
    return render(
        request,
        "complaints/public_thanks.html",
        {"reference": filed["reference"], "centre": centre},
    )


def _form_page(request: HttpRequest, form: PublicComplaintForm, status: int = 200) -> HttpResponse:
    return render(request, "complaints/public_form.html", {"form": form}, status=status)


def _refused(request: HttpRequest, *, status: int) -> HttpResponse:
    return render(request, "complaints/public_refused.html", status=status)
