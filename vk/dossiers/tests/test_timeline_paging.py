"""The chronology and the dossier page stay the same size however long the dossier is:
keyset pages of the timeline, the most recent conversations and contacts on the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import User
from vk.dossiers.models import Conversation, Dossier, ProfessionalContact
from vk.dossiers.timeline import PAGE_SIZE, Cursor, timeline_for, timeline_page

pytestmark = pytest.mark.django_db


def _grow(dossier: Dossier, by: User, conversations: int, contacts: int = 0) -> None:
    """Bulk records, several of them at the very same moment (ties across pages)."""
    start = timezone.now() - timedelta(days=400)
    Conversation.objects.bulk_create(
        Conversation(
            dossier=dossier,
            author=by,
            held_at=start + timedelta(hours=(n // 3) * 5),
            place="centre",
            participants="moeder",
            summary=f"Gesprek {n}.",
        )
        for n in range(conversations)
    )
    ProfessionalContact.objects.bulk_create(
        ProfessionalContact(
            dossier=dossier,
            author=by,
            contacted_at=start + timedelta(hours=(n // 2) * 7),
            professional="Huisarts",
            organisation="Praktijk",
            method="phone",
            family_informed=True,
            secrecy_ground="consent",
            learned=f"Contact {n}.",
        )
        for n in range(contacts)
    )


def _walk(dossier: Dossier, kind: str = "") -> list[list[Any]]:
    pages, cursor = [], None
    while True:
        page = timeline_page(dossier, kind, cursor)
        pages.append(page.items)
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_walking_the_pages_gives_every_item_once_newest_first(
    dossier: Dossier, worker_a: User
) -> None:
    _grow(dossier, worker_a, conversations=130, contacts=41)
    everything = timeline_for(dossier)

    pages = _walk(dossier)

    assert [len(page) for page in pages[:-1]] == [PAGE_SIZE] * (len(pages) - 1)
    walked = [item for page in pages for item in page]
    assert [(item.kind, item.pk) for item in walked] == [
        (item.kind, item.pk) for item in everything
    ]
    assert len({(item.kind, item.pk) for item in walked}) == len(walked)
    assert [item.at for item in walked] == sorted((item.at for item in walked), reverse=True)


def test_one_kind_is_paged_too(dossier: Dossier, worker_a: User) -> None:
    _grow(dossier, worker_a, conversations=75)

    pages = _walk(dossier, "conversation")

    assert [len(page) for page in pages] == [PAGE_SIZE, 25]
    assert {item.kind for page in pages for item in page} == {"conversation"}


def test_a_cursor_survives_the_address_bar() -> None:
    cursor = Cursor(timezone.now(), 2, 17)

    assert Cursor.decode(cursor.encode()) == cursor
    for broken in ("", "x", "2026-01-01T10:00:00_1_2", "2026-01-01T10:00:00+00:00_a_2"):
        assert Cursor.decode(broken) is None


def test_a_page_costs_the_same_queries_in_a_short_and_a_long_dossier(
    dossier: Dossier, worker_a: User
) -> None:
    client = client_for(worker_a)
    url = reverse("dossiers:view-timeline", args=[dossier.pk])
    client.get(url)  # the first request of a session does a little more
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    _grow(dossier, worker_a, conversations=220, contacts=60)
    with CaptureQueriesContext(connection) as long:
        response = client.get(url)

    assert response.status_code == 200
    assert len(long.captured_queries) == len(short.captured_queries)
    assert response.content.decode().count('class="timeline__item') == PAGE_SIZE
    older = response.context["next_cursor"]
    assert client.get(url, {"before": older}).status_code == 200


def test_the_dossier_page_shows_the_most_recent_records_and_links_to_all(
    dossier: Dossier, worker_a: User
) -> None:
    client = client_for(worker_a)
    url = reverse("dossiers:view-dossier", args=[dossier.pk])
    client.get(url)  # the first request of a session does a little more
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    _grow(dossier, worker_a, conversations=200, contacts=30)

    with CaptureQueriesContext(connection) as long:
        response = client.get(url)

    assert len(long.captured_queries) == len(short.captured_queries)
    page = response.content.decode()
    assert "Gesprek 199." in page  # the most recent
    assert "Gesprek 150." not in page
    assert "?kind=conversation" in page and "?kind=contact" in page
