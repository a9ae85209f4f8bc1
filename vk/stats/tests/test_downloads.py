"""Downloading the yearly report: who may, what the file holds, what is registered.

The tests under "The files" ask the real views for a real report of the current year;
the refusals, the step-up and the form are decided before any report is computed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from vk.access.models import Disclosure, DisclosureKind
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Role, User
from vk.intake.services import PersonEntry, ReportDetails, register_report
from vk.stats import exports
from vk.stats.services import EXPORTED
from vk.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORMATS = ("xlsx", "csv", "pdf")
STATISTICS_ROLES = (Role.STATISTICS, Role.DIRECTOR, Role.TEAM_LEAD)
OTHER_ROLES = (Role.INTAKE, Role.CASE_WORKER, Role.COMPLAINTS, Role.CENTRE_ADMIN)


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    """The interface language, which also names the files."""
    with translation.override("nl-be"):
        yield


@pytest.fixture
def year() -> int:
    return timezone.localdate().year


@pytest.fixture
def statistician(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.STATISTICS], first_name="Stef")


@pytest.fixture
def one_report(centre_a: Centre) -> None:
    """One report about one child this year: every count of it is a small number."""
    intake = UserFactory(centre=centre_a, roles=[Role.INTAKE])
    register_report(
        by=intake,
        details=ReportDetails(
            received_at=timezone.now(),
            channel="phone",
            reporter_kind="professional",
            reporter_sector="clb",
            worries="Zorgen om Mila.",
            problems=["emotional"],
        ),
        persons=[PersonEntry(role="child", first_name="Mila", last_name="Maes")],
    )


def own_url(year: int, file_format: str, audience: str = "") -> str:
    url = reverse("stats:download-yearly", args=[year, file_format])
    return f"{url}?audience={audience}" if audience else url


def all_centres_url(year: int, file_format: str) -> str:
    return reverse("stats:download-all-centres", args=[year, file_format])


def reports_value(response: HttpResponse) -> str:
    """The number of reports (meldingen) in a downloaded CSV, as written."""
    content = response.content.decode("utf-8-sig")
    lines = csv.reader(io.StringIO(content), delimiter=";")
    next(lines)
    return next(line[-1] for line in lines if line[2] == "units" and line[5] == "reports")


def exports_recorded() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=EXPORTED))


# Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES + (Role.PRIVACY_OFFICER,))
def test_staff_without_a_statistics_role_get_404_on_every_download(
    centre_a: Centre, role: Role, year: int
) -> None:
    client = client_for(UserFactory(centre=centre_a, roles=[role]), stepped_up=True)
    assert client.get(own_url(year, "xlsx", "centre")).status_code == 404
    assert client.get(own_url(year, "xlsx", "external")).status_code == 404
    assert client.post(own_url(year, "xlsx"), {"recipient": "Opgroeien"}).status_code == 404
    assert client.get(all_centres_url(year, "xlsx")).status_code == 404
    assert client.post(all_centres_url(year, "xlsx"), {"recipient": "Pers"}).status_code == 404
    assert exports_recorded() == []
    assert not Disclosure.objects.exists()


def test_team_leads_download_their_centre_but_get_404_for_all_centres(
    team_lead_a: User, year: int
) -> None:
    client = client_for(team_lead_a, stepped_up=True)
    assert client.get(own_url(year, "csv", "external")).status_code == 200
    assert client.get(all_centres_url(year, "csv")).status_code == 404
    assert client.post(all_centres_url(year, "csv"), {"recipient": "Pers"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(anonymous: Client, centre_a: Centre) -> None:
    response = anonymous.get(own_url(timezone.localdate().year, "pdf", "centre"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")


def test_an_unknown_format_audience_or_year_is_404(statistician: User, year: int) -> None:
    client = client_for(statistician, stepped_up=True)
    assert client.get(own_url(year, "docx", "centre")).status_code == 404
    assert client.get(own_url(year, "csv", "everyone")).status_code == 404
    assert client.get(own_url(year + 1, "csv", "centre")).status_code == 404
    assert client.get(own_url(2015, "csv", "centre")).status_code == 404
    # The figures of all centres only leave as the copy for outside.
    assert client.get(all_centres_url(year, "csv") + "?audience=centre").status_code == 404
    assert exports_recorded() == []


# For outside the centre: step-up and a recipient -------------------------------------------


def test_an_external_download_without_step_up_asks_for_it(statistician: User, year: int) -> None:
    response = client_for(statistician).post(own_url(year, "csv"), {"recipient": "Opgroeien"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert exports_recorded() == []
    assert not Disclosure.objects.exists()


def test_an_external_download_needs_a_recipient(statistician: User, year: int) -> None:
    response = client_for(statistician, stepped_up=True).post(
        own_url(year, "csv"), {"recipient": ""}
    )
    assert response.status_code == 400
    assert "Zeg voor wie de cijfers zijn." in response.content.decode()
    assert exports_recorded() == []
    assert not Disclosure.objects.exists()


def test_the_form_for_outside_the_centre_says_what_happens(statistician: User, year: int) -> None:
    response = client_for(statistician).get(own_url(year, "pdf", "external"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt; 5" in page
    assert translation.gettext("For outside the centre") in page
    # Three buttons, one per format, posting to that format's URL.
    for file_format in FORMATS:
        assert f'formaction="{own_url(year, file_format)}"' in page


# The files (these compute a real report) ------------------------------------------------


@pytest.mark.parametrize("role", STATISTICS_ROLES)
@pytest.mark.parametrize("file_format", FORMATS)
def test_each_statistics_role_downloads_the_centre_copy_in_each_format(
    centre_a: Centre, role: Role, file_format: str, year: int
) -> None:
    client = client_for(UserFactory(centre=centre_a, roles=[role]))
    response = client.get(own_url(year, file_format, "centre"))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES[file_format]
    assert response["Content-Disposition"] == (
        f'attachment; filename="vk-jaarcijfers-{year}-vk-antwerpen-intern.{file_format}"'
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(
        {"xlsx": b"PK", "csv": b"\xef\xbb\xbf", "pdf": b"%PDF"}[file_format]
    )


def test_the_centre_copy_keeps_small_numbers_and_registers_no_disclosure(
    statistician: User, one_report: None, year: int
) -> None:
    response = client_for(statistician).get(own_url(year, "csv", "centre"))
    assert response.status_code == 200
    assert reports_value(response) == "1"
    [entry] = exports_recorded()
    assert entry.detail == {
        "year": year,
        "scope": "centre",
        "format": "csv",
        "audience": "centre",
        "suppressed_below": None,
    }
    assert not Disclosure.objects.exists()


def test_an_external_copy_hides_small_numbers_and_is_registered_once(
    statistician: User, one_report: None, year: int
) -> None:
    response = client_for(statistician, stepped_up=True).post(
        own_url(year, "csv"), {"recipient": "Opgroeien"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="vk-jaarcijfers-{year}-vk-antwerpen.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    assert reports_value(response) == "< 5"
    [entry] = exports_recorded()
    assert entry.detail["audience"] == "external"
    assert entry.detail["suppressed_below"] == 5
    disclosure = Disclosure.objects.get()
    assert disclosure.kind == DisclosureKind.STATISTICS
    assert disclosure.dossier is None
    assert disclosure.recipient == "Opgroeien"
    assert disclosure.decided_by == statistician
    assert disclosure.source_id == str(entry.pk)
    assert str(year) in disclosure.what and "CSV" in disclosure.what


def test_the_step_up_hands_over_the_file_it_interrupted(
    statistician: User, one_report: None, year: int
) -> None:
    client = client_for(statistician)
    asked = client.post(own_url(year, "xlsx"), {"recipient": "Zorginspectie"})
    assert "reauthenticate" in asked["Location"]
    next_url = parse_qs(urlsplit(asked["Location"]).query)["next"][0]
    response = client.post(
        reverse("account_reauthenticate") + f"?next={next_url}", {"password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    assert Disclosure.objects.get().recipient == "Zorginspectie"


def test_the_all_centres_download_always_hides_small_numbers(
    centre_a: Centre, one_report: None, year: int
) -> None:
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    response = client_for(director, stepped_up=True).post(
        all_centres_url(year, "csv"), {"recipient": "Vlaams Parlement"}
    )
    assert response.status_code == 200
    assert reports_value(response) == "< 5"
    [entry] = exports_recorded()
    assert entry.detail["scope"] == "all-centres"
    assert entry.detail["suppressed_below"] == 5
    disclosure = Disclosure.objects.get()
    assert disclosure.centre_id == centre_a.pk
    assert disclosure.recipient == "Vlaams Parlement"


def test_the_yearly_page_offers_both_downloads_and_lists_the_figures_given_out(
    statistician: User, year: int
) -> None:
    client = client_for(statistician, stepped_up=True)
    client.post(own_url(year, "pdf"), {"recipient": "Zorginspectie"})
    page = client.get(reverse("stats:view-yearly", args=[year])).content.decode()
    for file_format in FORMATS:
        assert f'href="{own_url(year, file_format, "centre")}"' in page
        assert f'formaction="{own_url(year, file_format)}"' in page
    assert "Zorginspectie" in page


def test_the_all_centres_page_offers_only_the_copy_for_outside(
    statistician: User, year: int
) -> None:
    page = client_for(statistician).get(reverse("stats:view-all-centres", args=[year]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "audience=centre" not in html
    assert f'formaction="{all_centres_url(year, "xlsx")}"' in html
