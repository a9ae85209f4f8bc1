"""A centre administrator keeps the centre's region (postcode ranges) up to date."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.forms import parse_region, region_text
from vk.centres.models import Centre, PostcodeRange, User

pytestmark = pytest.mark.django_db


def _data(centre: Centre, **changes: Any) -> dict[str, Any]:
    data = {
        "street": "Voorbeeldstraat 9",
        "postcode": "2000",
        "city": "Antwerpen",
        "phone": "03 000 00 00",
        "email": "info@vk.test",
        "opening_hours": "Werkdagen 9:00–17:00",
        "triage_deadline_working_days": 5,
        "mano_deadline_working_days": 65,
        "mano_clock_start": "received",
        "complaint_acknowledge_working_days": 5,
        "complaint_answer_working_days": 45,
        "region": "2000-2999",
        "version": centre.row_version,
    }
    data.update(changes)
    return data


def _ranges(centre: Centre) -> list[tuple[int, int]]:
    return list(centre.postcode_ranges.order_by("first").values_list("first", "last"))


def test_the_form_shows_the_saved_region(admin_a: User) -> None:
    response = client_for(admin_a).get(reverse("centres:edit-centre"))
    assert response.status_code == 200
    assert 'value="2000-2999"' in response.content.decode()


def test_admin_changes_the_region_and_the_audit_entry_names_it(admin_a: User) -> None:
    response = client_for(admin_a).post(
        reverse("centres:edit-centre"), _data(admin_a.centre, region="2000–2499 ; 2600-2999")
    )
    assert response.status_code == 302
    assert _ranges(admin_a.centre) == [(2000, 2499), (2600, 2999)]
    entry = AuditEntry.objects.get(event="centres.centre.updated")
    assert "region" in entry.detail["fields"]
    admin_a.centre.refresh_from_db()
    assert admin_a.centre.row_version == 2


def test_an_unchanged_region_is_not_named_in_the_audit_entry(admin_a: User) -> None:
    client_for(admin_a).post(reverse("centres:edit-centre"), _data(admin_a.centre, city="Boom"))
    entry = AuditEntry.objects.get(event="centres.centre.updated")
    assert "city" in entry.detail["fields"]
    assert "region" not in entry.detail["fields"]
    assert _ranges(admin_a.centre) == [(2000, 2999)]


def test_a_region_that_overlaps_another_centre_is_refused(admin_a: User, centre_b: Centre) -> None:
    response = client_for(admin_a).post(
        reverse("centres:edit-centre"), _data(admin_a.centre, region="2000-2999, 3900-4100")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "VK Limburg" in page
    assert 'aria-invalid="true"' in page
    assert _ranges(admin_a.centre) == [(2000, 2999)]
    admin_a.centre.refresh_from_db()
    assert admin_a.centre.street != "Voorbeeldstraat 9"  # nothing of the form was saved
    assert not AuditEntry.objects.filter(event="centres.centre.updated").exists()


@pytest.mark.parametrize(
    "region",
    ["", "2000-", "20a0-2999", "0999-1200", "2000-10000", "2999-2000", "2000-2999, 2500-2600"],
)
def test_a_badly_written_region_is_refused(admin_a: User, region: str) -> None:
    response = client_for(admin_a).post(
        reverse("centres:edit-centre"), _data(admin_a.centre, region=region)
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert _ranges(admin_a.centre) == [(2000, 2999)]


def test_a_stale_form_changes_no_region_and_shows_both_versions(admin_a: User) -> None:
    client = client_for(admin_a)
    stale = _data(admin_a.centre, region="2000-2499")
    client.post(reverse("centres:edit-centre"), _data(admin_a.centre, region="2000-2899"))
    response = client.post(reverse("centres:edit-centre"), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "2000-2899" in page  # saved now
    assert 'value="2000-2499"' in page  # what the user typed is kept
    assert _ranges(admin_a.centre) == [(2000, 2899)]
    admin_a.centre.refresh_from_db()
    assert f'name="version" value="{admin_a.centre.row_version}"' in page


def test_region_text_and_parsing_round_trip() -> None:
    assert parse_region("3000-3499,1500-1999") == [(1500, 1999), (3000, 3499)]
    assert parse_region("9000") == [(9000, 9000)]
    assert region_text([(3000, 3499), (1500, 1999), (9000, 9000)]) == "1500-1999, 3000-3499, 9000"
    with pytest.raises(ValidationError):
        parse_region(" , ")


def test_the_service_refuses_an_overlap_even_without_the_form(
    admin_a: User, centre_b: Centre
) -> None:
    from vk.centres import services

    values = {name: getattr(admin_a.centre, name) for name in services.CENTRE_SETTINGS}
    with pytest.raises(services.RegionOverlap):
        services.update_centre_settings(
            centre=admin_a.centre,
            by=admin_a,
            expected_version=admin_a.centre.row_version,
            region=[(3500, 3600)],
            **values,
        )
    assert PostcodeRange.objects.filter(centre=centre_b).count() == 1
    assert _ranges(admin_a.centre) == [(2000, 2999)]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="an exclusion constraint of PostgreSQL"
)
def test_the_database_refuses_overlapping_regions_of_two_centres(
    centre_a: Centre, centre_b: Centre
) -> None:
    """The guarantee behind the service's check when two administrators save at once."""
    first, last = _ranges(centre_a)[0]

    with (
        pytest.raises(IntegrityError, match="postcode_ranges_do_not_overlap"),
        transaction.atomic(),
    ):
        PostcodeRange.objects.create(centre=centre_b, first=last, last=min(last + 10, 9999))
