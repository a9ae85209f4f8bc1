"""A case worker registers a coaching as a person would, finds it in the list and in the
yearly overview; a first try without a sector keeps what was typed. In Dutch."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vk.activities.models import Coaching
from vk.centres.models import Centre, Role
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coaching_from_the_form_to_the_yearly_overview(
    page: Any, settings: Any, centre_a: Centre
) -> None:
    settings.MFA_REQUIRED = False
    worker = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wout")
    log_in_quickly(page, worker)

    page.goto("/activities/")
    page.get_by_role("link", name=nl("New coaching")).click()
    page.get_by_label(nl("Date")).fill(timezone.localdate().isoformat())
    page.get_by_label(nl("Theme of the question")).select_option(label=nl("Physical abuse"))
    page.get_by_label(nl("Summary")).fill("Stappenplan met de zorgcoördinator overlopen.")
    page.get_by_role("button", name=nl("Register")).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label(nl("Summary"))).to_have_value(
        "Stappenplan met de zorgcoördinator overlopen."
    )
    assert not Coaching.objects.exists()

    page.get_by_label(nl("Sector of the professional")).select_option(label=nl("School or CLB"))
    page.get_by_role("button", name=nl("Register")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The coaching was registered."))
    coaching = Coaching.objects.get()
    assert coaching.centre == centre_a and coaching.created_by == worker

    page.goto("/activities/overview/")
    expect(page.get_by_role("main")).to_contain_text(nl("School or CLB"))
    assert csp_violations(page) == []
