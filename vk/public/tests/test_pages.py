"""The public website: every page for an anonymous visitor, in Dutch and French."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from vk.centres import services
from vk.centres.models import Centre, Province, User
from vk.tests.factories import CentreFactory, UserFactory
from vk.tests.page_checks import assert_no_external_assets, assert_page_basics

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl-be", "fr-be"]


@pytest.fixture
def centres(db: None) -> dict[str, Centre]:
    """The six centres with their real postcode regions (fictional contact details)."""
    details = {
        Province.ANTWERPEN: ("VK Antwerpen", "Antwerpen", "2000", "03 111 11 11"),
        Province.LIMBURG: ("VK Limburg", "Hasselt", "3500", "011 22 22 22"),
        Province.OOST_VLAANDEREN: ("VK Oost-Vlaanderen", "Gent", "9000", "09 333 33 33"),
        Province.WEST_VLAANDEREN: ("VK West-Vlaanderen", "Brugge", "8000", "050 44 44 44"),
        Province.VLAAMS_BRABANT: ("VK Vlaams-Brabant", "Leuven", "3000", "016 55 55 55"),
        Province.BRUSSEL: ("VK Brussel", "Brussel", "1000", "02 666 66 66"),
    }
    return {
        province.value: CentreFactory(
            province=province,
            name=name,
            city=city,
            postcode=postcode,
            street="Voorbeeldstraat 1",
            phone=phone,
            email=f"info@{province.value}.vk.test",
            opening_hours="Werkdagen 9:00–17:00",
        )
        for province, (name, city, postcode, phone) in details.items()
    }


def _client(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _pages() -> list[str]:
    return [
        reverse("public:about"),
        reverse("public:invited"),
        reverse("public:contact"),
        reverse("public:find-centre"),
        reverse("public:find-centre") + "?postcode=2000",
        reverse("public:find-centre") + "?postcode=12a",
        reverse("public:mano"),
        reverse("public:centres"),
        reverse("public:centre", args=["brussel"]),
        reverse("public:complaints"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_opens_for_anyone_and_passes_the_page_checks(
    centres: dict[str, Centre], language: str, django_assert_max_num_queries: Any
) -> None:
    client = _client(language)
    for url in _pages():
        with django_assert_max_num_queries(3):
            response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_page_basics(html)
        assert_no_external_assets(html)
        assert f'<html lang="{language}">' in html, url
        assert response["Content-Language"] == language
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert "style=" not in html, url  # the strict CSP allows no inline styles
        assert "<script" not in html, url


def test_public_pages_refuse_a_post(centres: dict[str, Centre]) -> None:
    assert Client().post(reverse("public:about")).status_code == 405


def test_the_complaints_page_links_to_the_complaint_form() -> None:
    html = Client().get(reverse("public:complaints")).content.decode()
    assert f'href="{reverse("complaint-form:new")}"' in html
    assert "0800 20 808" in html


def test_the_invitation_page_links_to_the_complaints_page() -> None:
    html = Client().get(reverse("public:invited")).content.decode()
    assert f'href="{reverse("public:complaints")}"' in html


def test_the_contact_page_has_the_postcode_form_and_the_numbers() -> None:
    html = Client().get(reverse("public:contact")).content.decode()
    assert f'action="{reverse("public:find-centre")}"' in html
    assert 'method="get"' in html
    for number in ("112", "101", "1712"):
        assert number in html


def test_the_centre_list_shows_every_centre_with_a_link(centres: dict[str, Centre]) -> None:
    html = Client().get(reverse("public:centres")).content.decode()
    for centre in centres.values():
        assert centre.name in html
        assert centre.city in html
        assert centre.phone in html
        assert reverse("public:centre", args=[centre.province]) in html


def test_a_centre_page_shows_its_data_and_region(centres: dict[str, Centre]) -> None:
    html = _client("nl-be").get(reverse("public:centre", args=["vlaams-brabant"])).content.decode()
    assert "<h1>VK Vlaams-Brabant</h1>" in html
    assert "Voorbeeldstraat 1" in html
    assert "3000 Leuven" in html
    assert 'href="tel:016555555"' in html
    assert 'href="mailto:info@vlaams-brabant.vk.test"' in html
    assert "Werkdagen 9:00–17:00" in html
    assert "1500–1999, 3000–3499" in html
    assert "Vlaams-Brabant" in html  # the province name, in Dutch


def test_a_centre_page_shows_a_changed_phone_right_after_the_change(
    centres: dict[str, Centre],
) -> None:
    centre = centres["limburg"]
    admin = User.objects.get(pk=UserFactory(centre=centre, roles=["centre_admin"]).pk)
    url = reverse("public:centre", args=["limburg"])
    assert "011 22 22 22" in Client().get(url).content.decode()
    values: dict[str, Any] = {name: getattr(centre, name) for name in services.CENTRE_SETTINGS}
    values["phone"] = "011 99 88 77"
    services.update_centre_settings(
        centre=centre, by=admin, expected_version=centre.row_version, **values
    )
    html = Client().get(url).content.decode()
    assert "011 99 88 77" in html
    assert "011 22 22 22" not in html


def test_an_unknown_province_is_not_found(centres: dict[str, Centre]) -> None:
    assert Client().get(reverse("public:centre", args=["henegouwen"])).status_code == 404


def test_a_province_without_a_centre_row_is_not_found(db: None) -> None:
    CentreFactory(province=Province.ANTWERPEN)
    assert Client().get(reverse("public:centre", args=["limburg"])).status_code == 404
