"""Shared fixtures: the persona set and a browser on the system's Chromium."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.test import Client

from vk.centres.models import Centre, Province, Role, User
from vk.dossiers.instruments import load_instrument, shipped_definitions
from vk.stats.code_lists import load_code_list
from vk.stats.code_lists import shipped_definitions as shipped_code_lists
from vk.tests.factories import CentreFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _restore_shipped_instruments(sender: AppConfig, **kwargs: Any) -> None:
    """A transactional test (the browser tests) ends by emptying every table, also the
    instruments and code lists a migration shipped; the flush then sends post_migrate, and this puts
    them back for the tests that run after it in the same process."""
    if sender.name == "vk.dossiers":
        for definition in shipped_definitions():
            load_instrument(definition)
    if sender.name == "vk.stats":
        for definition in shipped_code_lists():
            load_code_list(definition)


post_migrate.connect(_restore_shipped_instruments, dispatch_uid="vk-test-shipped-instruments")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _document_root(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Encrypted documents and letters of a test go to a temporary directory."""
    settings.VK_DOCUMENT_ROOT = tmp_path_factory.mktemp("documents")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests of other things need not pay for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def centre_a(db: None) -> Centre:
    return CentreFactory(province=Province.ANTWERPEN, name="VK Antwerpen")


@pytest.fixture
def centre_b(db: None) -> Centre:
    return CentreFactory(province=Province.LIMBURG, name="VK Limburg", city="Hasselt")


@pytest.fixture
def admin_a(centre_a: Centre) -> User:
    """Centre administrator of centre A."""
    return UserFactory(centre=centre_a, roles=[Role.CENTRE_ADMIN], first_name="Ada")


@pytest.fixture
def case_worker_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Casper")


@pytest.fixture
def colleague_a(centre_a: Centre) -> User:
    """A colleague in centre A with no administration role."""
    return UserFactory(centre=centre_a, roles=[Role.INTAKE], first_name="Colette")


@pytest.fixture
def team_lead_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD], first_name="Theo")


@pytest.fixture
def admin_b(centre_b: Centre) -> User:
    """Centre administrator of another centre."""
    return UserFactory(centre=centre_b, roles=[Role.CENTRE_ADMIN], first_name="Bert")


@pytest.fixture
def staff_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.CASE_WORKER], first_name="Bettina")


def client_for(user: User, *, stepped_up: bool = False) -> Client:
    """A logged-in client; `stepped_up`: the user just confirmed their second factor
    again (step-up for exports, emergency access and approvals)."""
    client = Client()
    client.force_login(user)
    if stepped_up:
        session = client.session
        session["account_authentication_methods_user"] = str(user.pk)
        session["account_authentication_methods"] = [
            {"method": "mfa", "type": "totp", "at": time.time(), "reauthenticated": True}
        ]
        session.save()
    return client


@pytest.fixture
def anonymous() -> Client:
    return Client()


# Browser tests -------------------------------------------------------------------


def _chromium_path() -> str | None:
    return (
        os.environ.get("VK_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("VK_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "Chromium is required for browser tests (VK_REQUIRE_BROWSER=1) but not found."
            )
        pytest.skip("Chromium not installed; browser tests need the system's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh Dutch-speaking browser tab that records CSP violations and console errors."""
    context = browser.new_context(locale="nl-BE", base_url=live_server.url)
    context._vk_base_url = live_server.url
    context.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    # Let requests the page still has in flight (an autosave, say) finish before the
    # test database is emptied.
    page.wait_for_load_state("networkidle")
    context.close()


# Row-level security under the whole suite ------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _as_application_role(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """With VK_TEST_AS_APP_ROLE=1 on PostgreSQL, every connection acts as a role that
    neither owns the tables nor is superuser, so row-level security binds every request
    of the suite (`make test-rls`). Fixtures work for all centres, as commands do."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    if os.environ.get("VK_TEST_AS_APP_ROLE") != "1" or connection.vendor != "postgresql":
        yield
        return
    role = "vk_app_suite"

    def act_as_app(sender: Any, connection: Any, **kwargs: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {role}")

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        # Parallel test workers share the cluster's roles.
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS;"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        # TRUNCATE only so that the transactional (browser) tests can empty the tables
        # between tests; the production application role does not have it.
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public"
            f" TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET ROLE {role}")
    connection_created.connect(act_as_app, dispatch_uid="vk-test-app-role")
    yield
    connection_created.disconnect(dispatch_uid="vk-test-app-role")
