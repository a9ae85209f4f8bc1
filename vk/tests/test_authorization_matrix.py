"""The authorization matrix: every URL of the project, every persona, the expected answer.

The URL patterns are read from the resolver, so a new view cannot be forgotten:
`test_the_matrix_lists_every_vk_url_and_nothing_else` fails when a VK pattern has no
row in MATRIX (or MATRIX names a pattern that is gone), and
`test_every_third_party_url_belongs_to_a_documented_group` fails when a third-party
pattern falls outside the groups in THIRD_PARTY.

MATRIX has one row per (URL name, method): GET for every view that shows a page, POST
with empty data for the views that change something. A row maps each persona to an
outcome:

- ``ok``: let through — 2xx, a redirect that is not the login page, or for a POST with
  empty data 400 (the form refuses it) or 409 (no version given);
- ``login``: anonymous, sent to the login page;
- ``404``: refused by the access rule (vk/access/rules.py); never 403, see
  docs/security.md "The access rule";
- ``401`` only for the session keep-alive (anonymous callers learn nothing), and
  ``admin-login`` for Django's admin (its own login form).

The personas are those of STYLE.md plus every role of centre A, a colleague with a
running emergency access, and a user of centre B holding every role (so that whatever
refuses them is centre isolation, not a missing role). Third-party pages are grouped by
prefix with one expectation each. Two further tests read the pages a persona does get:
another centre's lists show nothing of the family, and a colleague outside the team
finds the dossier on no worklist.

The world is built once for the module (centre A with a family's dossier and everything
in it, centre B) and each test rolls back what its request wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from conftest import client_for
from vk.access.services import start_emergency_access
from vk.activities.models import AwarenessAction, Coaching, Training
from vk.activities.services import register_activity
from vk.audit.models import Purpose
from vk.centres.models import Province, Role, User
from vk.complaints.models import Channel
from vk.complaints.services import ComplaintDetails, register_complaint
from vk.documents import services as document_services
from vk.documents.tests.files import pdf_bytes
from vk.dossiers import services as dossier_services
from vk.dossiers.models import Dossier, Instrument
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.mano import disclosure
from vk.mano import report as transfer_report
from vk.mano import services as mano_services
from vk.mano.tests.helpers import referral
from vk.tests.factories import CentreFactory, UserFactory
from vk.tests.page_checks import assert_no_external_assets, assert_page_basics
from vk.work import services as work_services

pytestmark = pytest.mark.django_db

GET, POST = "GET", "POST"

# Outcomes --------------------------------------------------------------------------

OK = "ok"
LOGIN = "login"
NOT_FOUND = "404"
UNAUTHORIZED = "401"
ADMIN_LOGIN = "admin-login"

# Personas --------------------------------------------------------------------------

ANONYMOUS = "anonymous"
OTHER_CENTRE = "other-centre"  # a case worker of centre B
# Every role in centre B: whatever it is refused in centre A, centre isolation refuses.
OTHER_ALL_ROLES = "other-centre-all-roles"
COLLEAGUE = "colleague"  # intake worker of centre A, not on the family's team
CASE_WORKER = "case-worker"  # on the family's team
TEAM_LEAD = "team-lead"
DIRECTOR = "director"
STATISTICS = "statistics"
COMPLAINTS = "complaints"
CENTRE_ADMIN = "centre-admin"
PRIVACY_OFFICER = "privacy-officer"
# A case worker of centre A not on the team who broke the glass: a running emergency
# access to the family's dossier (read only, for a few hours).
EMERGENCY = "emergency"

PERSONAS = (
    ANONYMOUS,
    OTHER_CENTRE,
    OTHER_ALL_ROLES,
    COLLEAGUE,
    CASE_WORKER,
    TEAM_LEAD,
    DIRECTOR,
    STATISTICS,
    COMPLAINTS,
    CENTRE_ADMIN,
    PRIVACY_OFFICER,
    EMERGENCY,
)
ROLES: dict[str, list[Role]] = {
    OTHER_CENTRE: [Role.CASE_WORKER],
    OTHER_ALL_ROLES: list(Role),
    COLLEAGUE: [Role.INTAKE],
    CASE_WORKER: [Role.CASE_WORKER],
    TEAM_LEAD: [Role.TEAM_LEAD],
    DIRECTOR: [Role.DIRECTOR],
    STATISTICS: [Role.STATISTICS],
    COMPLAINTS: [Role.COMPLAINTS],
    CENTRE_ADMIN: [Role.CENTRE_ADMIN],
    PRIVACY_OFFICER: [Role.PRIVACY_OFFICER],
    EMERGENCY: [Role.CASE_WORKER],
}
OF_CENTRE_B = (OTHER_CENTRE, OTHER_ALL_ROLES)

type Expectation = dict[str, str]


def only(*allowed: str) -> Expectation:
    """Anonymous is sent to log in, the personas named get through, everyone else 404."""
    return {
        persona: LOGIN if persona == ANONYMOUS else OK if persona in allowed else NOT_FOUND
        for persona in PERSONAS
    }


def own_centre(expect: Expectation) -> Expectation:
    """A page without an object of centre A: centre B's staff get it for their own centre."""
    return {**expect, OTHER_ALL_ROLES: OK}


def any_centre(expect: Expectation) -> Expectation:
    """As `own_centre`, for pages a case worker of centre B may open too."""
    return {**expect, OTHER_ALL_ROLES: OK, OTHER_CENTRE: OK}


PUBLIC = dict.fromkeys(PERSONAS, OK)
NOBODY = dict.fromkeys(PERSONAS, NOT_FOUND)
# Every signed-in staff member, of any centre: their own start page, lists of their own.
STAFF = only(*PERSONAS[1:])
# Who works with families (intake, case workers, team leads, director; of either centre).
FAMILY_WORK = only(
    OTHER_CENTRE, OTHER_ALL_ROLES, COLLEAGUE, CASE_WORKER, TEAM_LEAD, DIRECTOR, EMERGENCY
)
# Staff records: the centre administrators of the centre.
ADMINISTRATION = only(CENTRE_ADMIN)
# Reports: intake workers and team leads work the queue, the director reads.
INTAKE_READS = only(COLLEAGUE, TEAM_LEAD, DIRECTOR)
INTAKE_CHANGES = only(COLLEAGUE, TEAM_LEAD)
# Deciding the track, opening a dossier: team leads only.
TEAM_LEADS = only(TEAM_LEAD)
# A dossier and everything in it: the team changes, team leads change (oversight), the
# director reads but does not change; a running emergency access reads.
DOSSIER_READS = only(CASE_WORKER, TEAM_LEAD, DIRECTOR, EMERGENCY)
TEAM_CHANGES = only(CASE_WORKER, TEAM_LEAD)
# A MaNo procedure: the team and the centre's team leads and director (rules.procedure_for).
MANO_READS = only(CASE_WORKER, TEAM_LEAD, DIRECTOR)
# Four eyes on the MaNo transfer: a team lead or the director who did not draft it.
APPROVERS = only(TEAM_LEAD, DIRECTOR)
# Break the glass: colleagues of the dossier's centre who are not on its team (nor
# oversight, who reach it anyway).
GLASS_BREAKERS = only(COLLEAGUE, EMERGENCY)
# Judging emergency accesses: the centre's team leads and director.
OVERSIGHT = only(TEAM_LEAD, DIRECTOR)
# Audit review: the centre's team leads, director and data protection officer.
AUDIT_REVIEWERS = only(TEAM_LEAD, DIRECTOR, PRIVACY_OFFICER)
# Coaching, training and awareness: the centre's intake workers, case workers, team
# leads and director register them; the statistics role reads the lists and overview.
ACTIVITY_CHANGES = only(COLLEAGUE, CASE_WORKER, TEAM_LEAD, DIRECTOR, EMERGENCY)
ACTIVITY_READS = only(COLLEAGUE, CASE_WORKER, TEAM_LEAD, DIRECTOR, STATISTICS, EMERGENCY)
# Deleting an activity: whoever registered it (the case worker) or a team lead.
ACTIVITY_DELETERS = only(CASE_WORKER, TEAM_LEAD)
# The complaints register: the centre's complaints officer and director, nobody else.
COMPLAINT_HANDLERS = only(COMPLAINTS, DIRECTOR)
# Statistics: the yearly report for the statistics role, the director and the team
# leads; the figures of all centres together for the statistics role and the director.
STATISTICS_READERS = only(STATISTICS, DIRECTOR, TEAM_LEAD)
ALL_CENTRES_FIGURES = only(STATISTICS, DIRECTOR)


# The world ---------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """Primary keys of everything the URLs need, all in centre A."""

    member: int  # a staff record for the staff pages
    report: int  # triaged to the help track, with the dossier
    advice: int
    dossier: int
    conversation: int
    contact: int
    decision: int
    assessment: int
    proposal: int
    referral: int
    document: int
    medical_document: int
    task: int
    appointment: int
    procedure: int  # referred to the Jeugdparket
    draft_transfer: int  # drafted by the case worker, waiting for approval
    approved_transfer: int  # approved by the team lead, its PDF stored
    person: int  # Mila, the child
    emergency_access: int  # the emergency persona's, awaiting review
    someone_elses_key: int  # a security key of the staff member, for allauth's URLs
    coaching: int  # registered by the case worker
    training: int
    awareness: int
    complaint: int  # filed through the public form, mentioning the family
    # What must not show where the rule does not reach: the family's references.
    references: tuple[str, ...]


def _details(worries: str) -> ReportDetails:
    return ReportDetails(
        received_at=timezone.now() - timedelta(days=2),
        channel="phone",
        reporter_kind="professional",
        reporter_sector="clb",
        worries=worries,
        problems=["emotional"],
    )


def _build(users: dict[str, User], member: User) -> World:
    today, now = timezone.localdate(), timezone.now()
    intake, lead, worker = users[COLLEAGUE], users[TEAM_LEAD], users[CASE_WORKER]

    report = register_report(
        by=intake,
        details=_details("Zorgen om Mila."),
        persons=[
            PersonEntry(role="child", first_name="Mila", last_name="Maes"),
            PersonEntry(
                role="parent", first_name="Sara", last_name="Maes", parental_authority=True
            ),
        ],
    )
    report = triage_report(
        report=report, by=lead, track="help", grounds="Hulp nodig.", team_discussion="Ja."
    )
    advice_report = register_report(
        by=intake,
        details=_details("Een leerkracht vraagt raad."),
        persons=[PersonEntry(role="child", first_name="Noor", last_name="Peeters")],
    )
    advice_report = triage_report(
        report=advice_report, by=lead, track="advice", grounds="Advies.", team_discussion="Ja."
    )

    dossier = dossier_services.open_dossier(
        report=report, by=lead, case_workers=[worker], of_record=worker
    )
    # The first reference of the year is the example in the audit form's help text.
    Dossier.objects.filter(pk=dossier.pk).update(reference=dossier.reference + "7")
    dossier.refresh_from_db()

    def decide(question: str) -> Any:
        return dossier_services.record_team_decision(
            dossier=dossier,
            by=worker,
            held_on=today,
            participants=[worker, lead],
            question=question,
            decision="Zo verder.",
            rationale="Omdat.",
        )

    conversation = dossier_services.add_conversation(
        dossier=dossier,
        by=worker,
        held_at=now - timedelta(days=1),
        place="home_visit",
        participants="Sara Maes",
        summary="Kennismaking.",
    )
    contact = dossier_services.add_professional_contact(
        dossier=dossier,
        by=worker,
        contacted_at=now - timedelta(days=1),
        professional="Juf An",
        organisation="Basisschool",
        method="phone",
        family_informed=True,
        secrecy_ground="consent",
        learned="Mila is vaak moe.",
    )
    assessment = dossier_services.record_assessment(
        dossier=dossier,
        by=worker,
        instrument=Instrument.objects.get(code="veiligheid-algemeen", version=1),
        moment="intake",
        assessed_on=today,
        answers={
            "ernst": 1,
            "acuut": 0,
            "kwetsbaarheid": 1,
            "herhaling": 0,
            "bescherming": 1,
            "samenwerking": 0,
            "netwerk": 1,
        },
        judgement="agreements",
        difficulties="Spanningen.",
        strengths="Grootmoeder helpt.",
    )
    dossier = dossier_services.start_assessment(
        dossier=dossier, by=worker, team_decision=decide("Verder onderzoeken?")
    )
    decision = decide("Welke hulp?")
    proposal = dossier_services.create_help_proposal(
        dossier=dossier,
        by=worker,
        proposed_on=today,
        goals="Rust thuis.",
        actions="Gezinsbegeleiding.",
        team_decision=decision,
        referrals=["CAW"],
    )

    def upload(title: str, **flags: bool) -> Any:
        return document_services.upload_document(
            dossier=dossier,
            by=worker,
            purpose=Purpose.ASSIGNMENT,
            title=title,
            file=document_services.FileData(pdf_bytes(), "verslag.pdf", "application/pdf", "pdf"),
            flags=flags,
        )

    document = upload("Verslag van de school")
    medical_document = upload("Verslag van de spoeddienst", health=True)
    task = work_services.create_task(
        by=worker,
        owner=worker,
        dossier=dossier,
        title="Schoolrapport opvragen",
        due_in_working_days=5,
    )
    appointment = work_services.plan_appointment(
        dossier=dossier,
        by=worker,
        starts_at=now + timedelta(days=2),
        place="home_visit",
        with_whom="Sara Maes",
    )

    procedure = mano_services.register_procedure(
        dossier=dossier, by=worker, referral=referral(received_on=today - timedelta(days=30))
    )
    procedure = mano_services.declare_admissible(
        procedure=procedure, by=worker, team_decision=decide("Ontvankelijk?")
    )
    procedure = mano_services.refer_to_parket(
        procedure=procedure,
        by=worker,
        team_decision=decide("Naar het parket?"),
        motivation="Het gezin weigert elke hulp.",
    )

    def draft() -> Any:
        return disclosure.draft_transfer(
            procedure=procedure,
            by=worker,
            purpose=Purpose.ASSIGNMENT,
            recipient="Jeugdparket Antwerpen",
            legal_basis=disclosure.default_legal_basis(),
            included_items=(),
        )

    approved = draft()
    content = transfer_report.assemble(
        procedure, recipient=approved.recipient, legal_basis=approved.legal_basis, included=()
    )
    approved = disclosure.approve_transfer(
        transfer=approved,
        by=lead,
        purpose=Purpose.OVERSIGHT,
        expected_version=approved.row_version,
        fingerprint=content.fingerprint,
    )
    pending = draft()

    emergency = start_emergency_access(
        user=users[EMERGENCY],
        dossier=dossier,
        reason="De politie belt tijdens de weekendpermanentie over dit gezin.",
    )
    key = Authenticator.objects.create(
        user=member, type=Authenticator.Type.WEBAUTHN, data={"name": "Sleutel"}
    )
    coaching = register_activity(
        model=Coaching,
        by=worker,
        values={
            "date": today,
            "coached_by": worker,
            "sector": "school",
            "theme": "neglect",
            "contacts": 1,
            "summary": "Stappenplan overlopen.",
        },
    )
    training = register_activity(
        model=Training,
        by=worker,
        values={
            "date": today,
            "topic": "Signalen",
            "target_group": "Leerkrachten",
            "participants": 12,
            "trainers": [worker],
        },
    )
    awareness = register_activity(
        model=AwarenessAction, by=worker, values={"date": today, "kind": "lecture", "reach": 40}
    )
    complaint = register_complaint(
        centre=worker.centre,
        channel=Channel.WEB_FORM,
        details=ComplaintDetails(
            complainant_role="parent",
            subject="help",
            description=f"Over dossier {dossier.reference}: er werd niet geluisterd.",
            discussed_with_helper="yes",
            name="Mila's moeder",
            email="ouder@example.test",
            reply_by="email",
        ),
    )
    return World(
        member=member.pk,
        report=report.pk,
        advice=advice_report.advice.pk,
        dossier=dossier.pk,
        conversation=conversation.pk,
        contact=contact.pk,
        decision=decision.pk,
        assessment=assessment.pk,
        proposal=proposal.pk,
        referral=proposal.referrals.get().pk,
        document=document.pk,
        medical_document=medical_document.pk,
        task=task.pk,
        appointment=appointment.pk,
        procedure=procedure.pk,
        draft_transfer=pending.pk,
        approved_transfer=approved.pk,
        person=dossier.members.get(person__first_name="Mila").person_id,
        emergency_access=emergency.pk,
        someone_elses_key=key.pk,
        coaching=coaching.pk,
        training=training.pk,
        awareness=awareness.pk,
        complaint=complaint.pk,
        references=(report.reference, dossier.reference, procedure.reference),
    )


@dataclass(frozen=True)
class Setting:
    world: World
    users: dict[str, User]
    clients: dict[str, Client]
    document_root: Path


@pytest.fixture(scope="module")
def setting(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Setting]:
    """The world, built once and rolled back at the end of the module.

    It is written inside one transaction; every test runs in a savepoint within it
    (pytest-django's `db`), so what a request changes is undone before the next test.
    """
    document_root = tmp_path_factory.mktemp("documents")
    overrides = override_settings(
        VK_DOCUMENT_ROOT=document_root,
        VK_DOCUMENT_KEYS=[],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    overrides.enable()
    outer = transaction.atomic()
    try:
        with django_db_blocker.unblock():
            outer.__enter__()
            centre_a = CentreFactory(province=Province.ANTWERPEN, name="VK Antwerpen")
            centre_b = CentreFactory(province=Province.LIMBURG, name="VK Limburg", city="Hasselt")
            users: dict[str, User] = {
                persona: UserFactory(
                    centre=centre_b if persona in OF_CENTRE_B else centre_a,
                    roles=roles,
                    first_name=persona.replace("-", " ").title().replace(" ", ""),
                )
                for persona, roles in ROLES.items()
            }
            member = UserFactory(centre=centre_a, roles=[Role.INTAKE], first_name="Stijn")
            world = _build(users, member)
            # Stepped up: exports, emergency access and approvals ask for a recent second
            # factor first; the matrix is about the access rule behind it.
            clients = {
                persona: client_for(user, stepped_up=True) for persona, user in users.items()
            }
            clients[ANONYMOUS] = Client()
        yield Setting(world=world, users=users, clients=clients, document_root=document_root)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        overrides.disable()


# The matrix --------------------------------------------------------------------------

type Args = Callable[[World], dict[str, object]]


def _none(world: World) -> dict[str, object]:
    return {}


@dataclass(frozen=True)
class Row:
    name: str  # the URL name, or the route of an unnamed pattern
    method: str
    expect: Expectation
    args: Args = _none
    variant: str = ""  # when one URL name is checked on several objects
    query: str = ""

    @property
    def label(self) -> str:
        name = f"{self.name}[{self.variant}]" if self.variant else self.name
        return f"{name} {self.method}"

    def url(self, world: World) -> str:
        if ":" not in self.name and "/" in self.name:
            return "/" + self.name
        url = reverse(self.name, kwargs=self.args(world))
        return f"{url}?{self.query}" if self.query else url


def pk(field: str, name: str = "pk") -> Args:
    return lambda world: {name: getattr(world, field)}


def report(world: World) -> dict[str, object]:
    return {"pk": world.report}


def dossier(world: World) -> dict[str, object]:
    return {"pk": world.dossier}


def in_dossier(world: World) -> dict[str, object]:
    return {"dossier_pk": world.dossier}


def document(field: str) -> Args:
    return lambda world: {"dossier_pk": world.dossier, "pk": getattr(world, field)}


def record(kind: str) -> Args:
    return lambda world: {"pk": world.dossier, "kind": kind, "record_pk": getattr(world, kind)}


def panel(kind: str) -> Args:
    return lambda world: {"pk": world.dossier, "kind": kind}


def letter(kind: str) -> Args:
    return lambda world: {"dossier_pk": world.dossier, "kind": kind}


def procedure(world: World) -> dict[str, object]:
    return {"pk": world.procedure}


def step(name: str) -> Args:
    return lambda world: {"pk": world.procedure, "step": name}


def transfer(field: str) -> Args:
    return lambda world: {"pk": world.procedure, "transfer_pk": getattr(world, field)}


def this_year(file_format: str = "") -> Args:
    """The current year's figures (the world's), as a page or, with a format, a file."""
    return lambda world: {
        "year": timezone.localdate().year,
        **({"file_format": file_format} if file_format else {}),
    }


EDITABLE_RECORDS = ("conversation", "contact", "assessment", "decision", "proposal", "referral")
# The forms of the dossier page's panels (vk/dossiers/panels.py), offered in the world's
# dossier (in the assessment phase, with a help proposal). Check-ins are planned in the
# follow-up only: nobody gets that form here (vk/work/tests cover it in the follow-up).
PANEL_FORMS = (
    "conversation",
    "contact",
    "decision",
    "consent",
    "referral",
    "close",
    "appointment",
    "task",
    "document",
)

MATRIX: list[Row] = [
    # Operational endpoints ------------------------------------------------------------
    Row("healthz", GET, PUBLIC),
    Row("csp-report", POST, PUBLIC),
    Row("keep-session-alive", POST, {**STAFF, ANONYMOUS: UNAUTHORIZED}),
    # Switched off in vk/urls.py: nobody signs up or changes their login address.
    Row("accounts/signup/", GET, NOBODY),
    Row("accounts/email/", GET, NOBODY),
    # Start page and own account ----------------------------------------------------------
    Row("accounts:home", GET, STAFF),
    Row("accounts:security", GET, STAFF),
    Row("accounts:setup-mfa", GET, STAFF),
    # Staff management (centre administrators) ------------------------------------------
    Row("centres:list-staff", GET, own_centre(ADMINISTRATION)),
    Row("centres:edit-centre", GET, own_centre(ADMINISTRATION)),
    Row("centres:edit-centre", POST, own_centre(ADMINISTRATION)),
    Row("centres:create-staff", GET, own_centre(ADMINISTRATION)),
    Row("centres:create-staff", POST, own_centre(ADMINISTRATION)),
    Row("centres:edit-staff", GET, ADMINISTRATION, pk("member")),
    Row("centres:edit-staff", POST, ADMINISTRATION, pk("member")),
    Row("centres:deactivate-staff", GET, ADMINISTRATION, pk("member")),
    Row("centres:deactivate-staff", POST, ADMINISTRATION, pk("member")),
    Row("centres:reactivate-staff", POST, ADMINISTRATION, pk("member")),
    # Intake --------------------------------------------------------------------------
    Row("intake:queue", GET, own_centre(INTAKE_READS)),
    Row("intake:list-transfers", GET, own_centre(INTAKE_READS)),
    Row("intake:register-report", GET, own_centre(INTAKE_CHANGES)),
    Row("intake:register-report", POST, own_centre(INTAKE_CHANGES)),
    Row("intake:match-persons", POST, own_centre(INTAKE_CHANGES)),
    Row("intake:save-draft", POST, own_centre(INTAKE_CHANGES)),
    Row("intake:discard-draft", POST, own_centre(INTAKE_CHANGES)),
    Row("intake:view-report", GET, INTAKE_READS, report),
    Row("intake:triage-report", POST, TEAM_LEADS, report),
    # Correcting a report's classification and children for the figures: intake workers,
    # team leads and the director (who answers for the data quality).
    Row("intake:correct-report", GET, INTAKE_READS, report),
    Row("intake:correct-report", POST, INTAKE_READS, report),
    Row("intake:transfer-report", POST, INTAKE_CHANGES, report),
    Row("intake:refer-report", POST, INTAKE_CHANGES, report),
    Row("intake:view-advice", GET, INTAKE_READS, pk("advice")),
    Row("intake:view-advice", POST, INTAKE_CHANGES, pk("advice")),
    Row("intake:add-advice-contact", POST, INTAKE_CHANGES, pk("advice")),
    Row("intake:close-advice", POST, INTAKE_CHANGES, pk("advice")),
    # Dossiers ------------------------------------------------------------------------
    Row("dossiers:my-dossiers", GET, STAFF),
    Row("dossiers:open-dossier", GET, TEAM_LEADS, pk("report", "report_pk")),
    Row("dossiers:open-dossier", POST, TEAM_LEADS, pk("report", "report_pk")),
    Row("dossiers:view-dossier", GET, DOSSIER_READS, dossier),
    Row("dossiers:view-timeline", GET, DOSSIER_READS, dossier),
    Row("dossiers:change-state", POST, TEAM_CHANGES, dossier),
    Row("dossiers:close-dossier", POST, TEAM_CHANGES, dossier),
    # Only a closed dossier has an outcome to record; the world's dossier is open (the
    # personas on a closed one: vk/dossiers/tests/test_closing.py).
    Row("dossiers:correct-closing-outcome", GET, only(), dossier),
    Row("dossiers:correct-closing-outcome", POST, only(), dossier),
    Row("dossiers:add-conversation", POST, TEAM_CHANGES, dossier),
    Row("dossiers:add-contact", POST, TEAM_CHANGES, dossier),
    Row("dossiers:add-assessment", GET, TEAM_CHANGES, dossier),
    Row("dossiers:add-assessment", POST, TEAM_CHANGES, dossier),
    Row("dossiers:add-decision", POST, TEAM_CHANGES, dossier),
    Row("dossiers:add-proposal", GET, TEAM_CHANGES, dossier),
    Row("dossiers:add-proposal", POST, TEAM_CHANGES, dossier),
    Row("dossiers:record-consent", POST, TEAM_CHANGES, dossier),
    Row("dossiers:add-referral", POST, TEAM_CHANGES, dossier),
    *(
        Row("dossiers:edit-record", method, TEAM_CHANGES, record(kind), variant=kind)
        for kind in EDITABLE_RECORDS
        for method in (GET, POST)
    ),
    *(
        Row("dossiers:view-form", GET, TEAM_CHANGES, panel(kind), variant=kind)
        for kind in PANEL_FORMS
    ),
    Row("dossiers:view-form", GET, only(), panel("check_ins"), variant="check_ins"),
    Row("dossiers:view-form", GET, only(), panel("no-such-form"), variant="unknown"),
    # Documents -----------------------------------------------------------------------
    Row("documents:upload-document", GET, TEAM_CHANGES, in_dossier),
    Row("documents:upload-document", POST, TEAM_CHANGES, in_dossier),
    Row("documents:download-document", GET, DOSSIER_READS, document("document")),
    Row("documents:edit-flags", GET, TEAM_CHANGES, document("document")),
    Row("documents:edit-flags", POST, TEAM_CHANGES, document("document")),
    # Medical data opens only for the doctor on the team; no persona here is one.
    *(
        Row(name, method, only(), document("medical_document"), variant="medical")
        for name, method in (
            ("documents:download-document", GET),
            ("documents:edit-flags", GET),
            ("documents:edit-flags", POST),
        )
    ),
    Row("documents:make-letter", GET, TEAM_CHANGES, letter("invitation")),
    Row("documents:make-letter", POST, TEAM_CHANGES, letter("invitation")),
    # Work: tasks and appointments ------------------------------------------------------
    Row("work:my-work", GET, STAFF),
    # A general task (no dossier) is anyone's own business.
    Row("work:create-task", GET, STAFF),
    Row("work:create-task", POST, STAFF),
    Row("work:create-dossier-task", GET, TEAM_CHANGES, in_dossier),
    Row("work:create-dossier-task", POST, TEAM_CHANGES, in_dossier),
    Row("work:plan-check-ins", POST, TEAM_CHANGES, in_dossier),
    Row("work:edit-task", GET, DOSSIER_READS, pk("task")),
    Row("work:edit-task", POST, TEAM_CHANGES, pk("task")),
    Row("work:complete-task", POST, TEAM_CHANGES, pk("task")),
    Row("work:reopen-task", POST, TEAM_CHANGES, pk("task")),
    Row("work:plan-appointment", GET, TEAM_CHANGES, in_dossier),
    Row("work:plan-appointment", POST, TEAM_CHANGES, in_dossier),
    Row("work:edit-appointment", GET, DOSSIER_READS, pk("appointment")),
    Row("work:edit-appointment", POST, TEAM_CHANGES, pk("appointment")),
    Row("work:cancel-appointment", POST, TEAM_CHANGES, pk("appointment")),
    Row("work:mark-not-attended", POST, TEAM_CHANGES, pk("appointment")),
    Row("work:record-conversation", GET, TEAM_CHANGES, pk("appointment")),
    Row("work:record-conversation", POST, TEAM_CHANGES, pk("appointment")),
    # MaNo ----------------------------------------------------------------------------
    Row("mano:overview", GET, STAFF),
    Row("mano:register-for-dossier", GET, TEAM_CHANGES, in_dossier),
    Row("mano:register-for-dossier", POST, TEAM_CHANGES, in_dossier),
    Row("mano:register-from-report", GET, TEAM_LEADS, pk("report", "report_pk")),
    Row("mano:register-from-report", POST, TEAM_LEADS, pk("report", "report_pk")),
    Row("mano:view-procedure", GET, MANO_READS, procedure),
    Row("mano:take-step", POST, TEAM_CHANGES, step("parket")),
    Row("mano:close-after-parket", POST, TEAM_CHANGES, procedure),
    # Only a decided procedure without its date takes one; the world's has its date (the
    # personas on one without: vk/mano/tests/test_procedure.py).
    Row("mano:record-decision-date", GET, only(), procedure),
    Row("mano:record-decision-date", POST, only(), procedure),
    # Moving it and putting a team on it are for team leads: the case worker reaches the
    # view (the grant may change the procedure) and the service refuses with a message.
    Row("mano:move", POST, TEAM_CHANGES, procedure),
    Row("mano:take-over", POST, TEAM_CHANGES, procedure),
    # The transfer to the Jeugdparket ---------------------------------------------------
    Row("mano-transfer:review-transfer", GET, TEAM_CHANGES, procedure),
    Row("mano-transfer:review-transfer", POST, TEAM_CHANGES, procedure),
    Row("mano-transfer:view-transfer", GET, MANO_READS, transfer("draft_transfer")),
    Row("mano-transfer:approve-transfer", POST, APPROVERS, transfer("draft_transfer")),
    Row("mano-transfer:mark-sent", POST, TEAM_CHANGES, transfer("approved_transfer")),
    Row("mano-transfer:register-receipt", POST, TEAM_CHANGES, transfer("approved_transfer")),
    Row("mano-transfer:download-transfer", GET, MANO_READS, transfer("approved_transfer")),
    # Finding a dossier and breaking the glass ------------------------------------------
    # Any colleague learns whether a family has a dossier and whom to contact.
    Row("access:search-dossiers", GET, FAMILY_WORK, query="q=Maes"),
    Row("access:emergency-access", GET, GLASS_BREAKERS, dossier),
    Row("access:emergency-access", POST, GLASS_BREAKERS, dossier),
    Row("access:end-emergency", POST, only(EMERGENCY), pk("emergency_access")),
    Row("access:emergency-reviews", GET, own_centre(OVERSIGHT)),
    Row("access:review-emergency", GET, OVERSIGHT, pk("emergency_access")),
    Row("access:review-emergency", POST, OVERSIGHT, pk("emergency_access")),
    # Audit review ----------------------------------------------------------------------
    Row("audit:start-review", GET, own_centre(AUDIT_REVIEWERS)),
    Row("audit:list-dossier-accesses", GET, AUDIT_REVIEWERS, dossier),
    Row("audit:export-dossier-accesses", GET, AUDIT_REVIEWERS, dossier),
    Row("audit:list-person-accesses", GET, AUDIT_REVIEWERS, pk("person")),
    Row("audit:export-person-accesses", GET, AUDIT_REVIEWERS, pk("person")),
    Row("audit:list-staff-accesses", GET, AUDIT_REVIEWERS, pk("member")),
    Row("audit:list-emergency-accesses", GET, own_centre(AUDIT_REVIEWERS)),
    Row("audit:list-unusual-patterns", GET, own_centre(AUDIT_REVIEWERS)),
    # The public website and complaint form: anyone, signed in or not ------------------
    *[
        Row(f"public:{name}", GET, PUBLIC)
        for name in ("about", "invited", "contact", "mano", "centres", "complaints")
    ],
    Row("public:find-centre", GET, PUBLIC, query="postcode=1080"),
    Row("public:centre", GET, PUBLIC, lambda world: {"province": "antwerpen"}),
    Row("complaint-form:new", GET, PUBLIC),
    Row("complaint-form:new", POST, PUBLIC),
    Row("complaint-form:thanks", GET, PUBLIC),
    # The complaints register ------------------------------------------------------------
    Row("complaints:register", GET, own_centre(COMPLAINT_HANDLERS)),
    Row("complaints:overview", GET, own_centre(COMPLAINT_HANDLERS)),
    Row("complaints:new", GET, own_centre(COMPLAINT_HANDLERS)),
    Row("complaints:new", POST, own_centre(COMPLAINT_HANDLERS)),
    Row("complaints:detail", GET, COMPLAINT_HANDLERS, pk("complaint")),
    Row("complaints:edit", GET, COMPLAINT_HANDLERS, pk("complaint")),
    Row("complaints:edit", POST, COMPLAINT_HANDLERS, pk("complaint")),
    *[
        Row(f"complaints:{step}", POST, COMPLAINT_HANDLERS, pk("complaint"))
        for step in (
            "acknowledge",
            "start-conversation",
            "start-formal",
            "answer",
            "close",
            "add-note",
        )
    ],
    # Professional activities ---------------------------------------------------------
    Row("activities:index", GET, any_centre(ACTIVITY_READS)),
    Row("activities:overview", GET, any_centre(ACTIVITY_READS)),
    *[
        row
        for kind in ("coaching", "training", "awareness")
        for row in (
            Row(f"activities:{kind}-list", GET, any_centre(ACTIVITY_READS)),
            Row(f"activities:{kind}-new", GET, any_centre(ACTIVITY_CHANGES)),
            Row(f"activities:{kind}-new", POST, any_centre(ACTIVITY_CHANGES)),
            Row(f"activities:{kind}-edit", GET, ACTIVITY_CHANGES, pk(kind)),
            Row(f"activities:{kind}-edit", POST, ACTIVITY_CHANGES, pk(kind)),
            Row(f"activities:{kind}-delete", GET, ACTIVITY_DELETERS, pk(kind)),
            Row(f"activities:{kind}-delete", POST, ACTIVITY_DELETERS, pk(kind)),
        )
    ],
    # Statistics ------------------------------------------------------------------------
    Row("stats:index", GET, own_centre(STATISTICS_READERS)),
    # The dashboard: the centre's team leads and director, with their own centre's figures.
    Row("stats:dashboard", GET, own_centre(OVERSIGHT)),
    Row("stats:view-yearly", GET, own_centre(STATISTICS_READERS), this_year()),
    Row("stats:view-all-centres", GET, own_centre(ALL_CENTRES_FIGURES), this_year()),
    Row("stats:view-quality", GET, own_centre(STATISTICS_READERS), this_year()),
    # Downloads of the yearly report: the centre's own copy (every number) and the copy
    # for outside (its form page; an empty POST is refused by the form). Each persona
    # of centre B gets their own centre's figures.
    Row(
        "stats:download-yearly",
        GET,
        own_centre(STATISTICS_READERS),
        this_year("csv"),
        variant="centre",
        query="audience=centre",
    ),
    Row(
        "stats:download-yearly",
        GET,
        own_centre(STATISTICS_READERS),
        this_year("csv"),
        variant="external",
        query="audience=external",
    ),
    Row("stats:download-yearly", POST, own_centre(STATISTICS_READERS), this_year("csv")),
    Row("stats:download-all-centres", GET, own_centre(ALL_CENTRES_FIGURES), this_year("csv")),
    Row("stats:download-all-centres", POST, own_centre(ALL_CENTRES_FIGURES), this_year("csv")),
]


# The URL patterns, from the resolver ---------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, e.g. "dossiers/<int:pk>/"
    name: str | None  # with namespaces, e.g. "dossiers:view-dossier"
    module: str  # the URLconf that defines it

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def is_vk(self) -> bool:
        return self.module.split(".")[0] == "vk"


def _module_name(urlconf: object) -> str:
    if isinstance(urlconf, ModuleType):
        return urlconf.__name__
    if isinstance(urlconf, str):
        return urlconf
    return "<list>"  # patterns handed over as a list, like admin.site.urls


def url_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = "", module: str = ""
) -> Iterator[Pattern]:
    """Every pattern of the project, through nested includes and namespaces."""
    if patterns is None:
        resolver = get_resolver()
        patterns, module = resolver.url_patterns, _module_name(resolver.urlconf_name)
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(
                entry.url_patterns, route, inner, _module_name(entry.urlconf_name)
            )
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(route=route, name=name, module=module)


ALL_PATTERNS = list(url_patterns())


# Answers -------------------------------------------------------------------------------


def outcome(response: HttpResponse, method: str) -> str:
    status = response.status_code
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        if target == reverse("account_login"):
            return LOGIN
        if target == reverse("admin:login"):
            return ADMIN_LOGIN
        if target == reverse("accounts:setup-mfa"):
            return "mfa-setup"  # never expected: every persona has an authenticator app
        return OK
    if 200 <= status < 300 or (method == POST and status in (400, 409)):
        return OK
    return str(status)


def ask(client: Client, method: str, url: str) -> HttpResponse:
    return client.get(url) if method == GET else client.post(url, {})


# Tests ---------------------------------------------------------------------------------


def test_the_matrix_lists_every_vk_url_and_nothing_else() -> None:
    in_project = {pattern.key for pattern in ALL_PATTERNS if pattern.is_vk}
    listed = {row.name for row in MATRIX}
    assert sorted(in_project - listed) == [], "VK URLs without a row in MATRIX"
    assert sorted(listed - in_project) == [], "MATRIX rows for URLs that no longer exist"


def test_every_row_states_every_persona_once() -> None:
    labels = [row.label for row in MATRIX]
    assert sorted({label for label in labels if labels.count(label) > 1}) == []
    assert [row.label for row in MATRIX if set(row.expect) != set(PERSONAS)] == []


@pytest.mark.parametrize(
    ("row", "persona"),
    [(row, persona) for row in MATRIX for persona in PERSONAS],
    ids=[f"{row.label} {persona}" for row in MATRIX for persona in PERSONAS],
)
def test_each_persona_gets_the_answer_of_the_access_rule(
    setting: Setting, settings: Any, row: Row, persona: str
) -> None:
    settings.VK_DOCUMENT_ROOT = setting.document_root  # where the world's files are
    url = row.url(setting.world)
    assert resolve(urlsplit(url).path).route == next(
        pattern.route for pattern in ALL_PATTERNS if pattern.key == row.name
    )
    response = ask(setting.clients[persona], row.method, url)
    assert outcome(response, row.method) == row.expect[persona], (
        f"{row.method} {url} as {persona}: {response.status_code}"
    )


# Third-party URLs, by group -----------------------------------------------------------
# Pages of Django and allauth look at no VK role, so each group is checked for anonymous
# and one or two signed-in personas. Static files have no URL pattern: WhiteNoise
# answers them before URL resolution.

type Answer = Callable[[Pattern, str, str], frozenset[str]]


@dataclass(frozen=True)
class Group:
    prefix: str
    expectation: str
    method: str
    personas: tuple[str, ...]
    answer: Answer  # (pattern, URL, persona) -> the outcomes that fit the expectation


# The login flow: what a visitor who is not signed in may open (the links from e-mails
# answer "this link is not valid" for a wrong key).
ALLAUTH_PUBLIC = frozenset(
    {
        "account_login",
        "account_logout",
        "account_inactive",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
    }
)


def _allauth(pattern: Pattern, url: str, persona: str) -> frozenset[str]:
    if resolve(url).func.__module__.startswith("vk."):
        return frozenset({NOT_FOUND})  # switched off in vk/urls.py (sign-up, e-mail change)
    if persona != ANONYMOUS:
        if "<int:pk>" in pattern.route:
            return frozenset({NOT_FOUND})  # another user's security key
        # Their own account: a page, a redirect, or 404 where they have nothing (yet).
        return frozenset({OK, NOT_FOUND})
    if pattern.name in ALLAUTH_PUBLIC:
        return frozenset({OK})
    return frozenset({LOGIN})


def _admin(pattern: Pattern, url: str, persona: str) -> frozenset[str]:
    if pattern.name in ("admin:login", "admin:logout"):
        return frozenset({OK})  # the login form; logging out leads back to it
    return frozenset({ADMIN_LOGIN})


THIRD_PARTY = [
    Group(
        "i18n/",
        "Choosing the language is open to everyone (Django's set_language).",
        POST,
        (ANONYMOUS, DIRECTOR),
        lambda pattern, url, persona: frozenset({OK}),
    ),
    Group(
        "accounts/",
        "allauth: an anonymous visitor opens only the login flow and is sent to log in "
        "for everything else; a signed-in user reaches only their own account, never "
        "another user's security key; sign-up and e-mail change are switched off.",
        GET,
        (ANONYMOUS, DIRECTOR),
        _allauth,
    ),
    Group(
        "platform-admin/",
        "Django's admin is for platform operators (is_staff) and no persona is one: every "
        "admin page sends to the admin's login form, also for a centre administrator.",
        GET,
        (ANONYMOUS, DIRECTOR, CENTRE_ADMIN),
        _admin,
    ),
]


def third_party_url(pattern: Pattern, world: World) -> str:
    """A URL that the pattern matches, with sample values for its parameters."""
    samples = {
        "pk": str(world.someone_elses_key),
        "object_id": "1",
        "content_type_id": "1",
        "key": "not-a-key",
        "uidb36": "1",
        "app_label": "centres",
        "url": "no-such-page/",
    }
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: samples[match[1]], pattern.route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: samples[match[1]], route)
    return "/" + route.replace("^", "").replace("$", "")


THIRD_PARTY_PATTERNS = [pattern for pattern in ALL_PATTERNS if not pattern.is_vk]
THIRD_PARTY_CASES = [
    (group, pattern, persona)
    for group in THIRD_PARTY
    for pattern in THIRD_PARTY_PATTERNS
    if pattern.route.startswith(group.prefix)
    for persona in group.personas
]


def test_every_third_party_url_belongs_to_a_documented_group() -> None:
    prefixes = tuple(group.prefix for group in THIRD_PARTY)
    assert [p.route for p in THIRD_PARTY_PATTERNS if not p.route.startswith(prefixes)] == []
    assert [
        group.prefix
        for group in THIRD_PARTY
        if not any(p.route.startswith(group.prefix) for p in THIRD_PARTY_PATTERNS)
    ] == []


@pytest.mark.parametrize(
    ("group", "pattern", "persona"),
    THIRD_PARTY_CASES,
    ids=[f"{pattern.key} {persona}" for _group, pattern, persona in THIRD_PARTY_CASES],
)
def test_third_party_urls_answer_as_their_group_says(
    setting: Setting, group: Group, pattern: Pattern, persona: str
) -> None:
    url = third_party_url(pattern, setting.world)
    assert resolve(url)
    # A fresh client: some of these pages log out or change the session.
    user = setting.users.get(persona)
    client = client_for(user, stepped_up=True) if user else Client()
    response = ask(client, group.method, url)
    assert outcome(response, group.method) in group.answer(pattern, url, persona), (
        f"{group.method} {url} as {persona}: {response.status_code}. {group.expectation}"
    )


# What the lists show -------------------------------------------------------------------
# A list page answers every staff member; what matters is what is on it.

ELSEWHERE_CASES = [
    (row, persona)
    for row in MATRIX
    if row.method == GET
    for persona in OF_CENTRE_B
    if row.expect[persona] == OK
]
OUTSIDE_THE_TEAM = (COLLEAGUE, STATISTICS, COMPLAINTS, CENTRE_ADMIN, PRIVACY_OFFICER, EMERGENCY)
WORKLISTS = ("dossiers:my-dossiers", "work:my-work", "mano:overview")


@pytest.mark.parametrize(
    ("row", "persona"),
    ELSEWHERE_CASES,
    ids=[f"{row.label} {persona}" for row, persona in ELSEWHERE_CASES],
)
def test_another_centre_sees_nothing_of_the_family(
    setting: Setting, row: Row, persona: str
) -> None:
    page = setting.clients[persona].get(row.url(setting.world)).content.decode()
    assert [ref for ref in setting.world.references if ref in page] == []
    assert "Mila" not in page


@pytest.mark.parametrize(("name", "persona"), [(n, p) for n in WORKLISTS for p in OUTSIDE_THE_TEAM])
def test_a_colleague_outside_the_team_finds_the_dossier_on_no_worklist(
    setting: Setting, name: str, persona: str
) -> None:
    page = setting.clients[persona].get(reverse(name)).content.decode()
    assert [ref for ref in setting.world.references[1:] if ref in page] == []


# Page basics on every page ------------------------------------------------------------
# Every HTML page a persona may open has a language, a title, one h1, labelled fields
# and no asset from another host (vk/tests/page_checks.py).

PAGE_ROWS = [
    (row, next(persona for persona in PERSONAS if row.expect[persona] == OK))
    for row in MATRIX
    if row.method == GET and OK in row.expect.values()
]


@pytest.mark.parametrize(
    ("row", "persona"), PAGE_ROWS, ids=[f"{row.label} {persona}" for row, persona in PAGE_ROWS]
)
def test_every_page_has_the_basics(setting: Setting, settings: Any, row: Row, persona: str) -> None:
    settings.VK_DOCUMENT_ROOT = setting.document_root
    response = ask(setting.clients[persona], GET, row.url(setting.world))
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return  # downloads, redirects and JSON have no page to check
    html = response.content.decode()
    assert_page_basics(html)
    assert_no_external_assets(html)


def test_the_statistics_role_gets_404_on_every_url_with_family_data() -> None:
    """Counts, never a record: every dossier, MaNo, document, task, report and audit URL
    answers the statistics role 404 (each row is checked against the real answer by
    `test_each_persona_gets_the_answer_of_the_access_rule`)."""
    family = ("dossiers:", "mano:", "documents:", "work:", "intake:", "access:", "audit:")
    # The user's own work lists hold only what is theirs: for the statistics role nothing.
    own = {"dossiers:my-dossiers", "work:my-work", "work:create-task", "mano:overview"}
    rows = [row for row in MATRIX if row.name.startswith(family) and row.name not in own]
    assert len(rows) > 60
    allowed = [f"{row.method} {row.name}" for row in rows if row.expect[STATISTICS] != NOT_FOUND]
    assert allowed == []
