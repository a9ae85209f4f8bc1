"""A worried professional finds their centre by postcode, as a person would, in Dutch.

The Dutch texts come from the catalogue (`/tmp/translations_public.json` until merged)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from vk.centres.models import Province
from vk.tests.browser import csp_violations
from vk.tests.factories import CentreFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_professional_finds_the_centre_for_a_postcode(page: Any) -> None:
    CentreFactory(
        province=Province.LIMBURG, name="VK Limburg", city="Hasselt", phone="011 22 22 22"
    )
    page.goto("/info/contact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact")

    page.get_by_label("Postcode").fill("12a")
    page.get_by_role("button", name="Zoek het centrum").click()
    expect(page.get_by_text("Dit is geen Belgische postcode.")).to_be_visible()
    expect(page.get_by_label("Postcode")).to_have_value("12a")  # nothing typed is lost

    page.get_by_label("Postcode").fill("3500")
    page.get_by_role("button", name="Zoek het centrum").click()
    page.get_by_role("link", name="VK Limburg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("VK Limburg")
    expect(page.get_by_role("link", name="011 22 22 22")).to_be_visible()
    assert csp_violations(page) == []
