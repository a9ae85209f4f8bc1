"""Realistic fictional volume for the benchmark: `manage.py generate_volume`.

`generate(scale, factor=1.0, seed=1)` fills a PostgreSQL database with ten years of
fictional casework for the six centres, consistent with every model's rules and
constraints, and returns a `Summary` (rows per table, seconds per phase, and the ids
worth benchmarking).

Scales (totals over ten years and all centres; `factor` multiplies each of them):

| scale    | reports   | families | persons   | dossiers | conversations + contacts | audit entries | staff/centre |
|----------|-----------|----------|-----------|----------|--------------------------|---------------|--------------|
| smoke    | 300       | 200      | ≈780      | ≈100     | ≈2,100                   | 4,000         | 12           |
| flanders | 75,000    | 52,000   | ≈200,000  | ≈25,000  | ≈300,000                 | 5,000,000     | 40           |
| national | 1,300,000 | 583,000  | ≈2,260,000| ≈400,000 | ≈4,000,000               | 20,000,000    | 400          |

Measured on the 2-core development machine (PostgreSQL 15 on the same machine): smoke
in about 3 s, flanders in about 110 s (3.4 GB), national in about 9 minutes (17 GB).
Flanders has ≈100,000 unique children, 150–430 open dossiers per centre and an intake
queue of 12–36 per centre; national has 2,400–7,000 open dossiers and 54 waiting reports
per centre.

The shape:

- **Centres** share the volume by population: Antwerp 27%, East Flanders 21%, West
  Flanders 16.5%, Flemish Brabant 15.5%, Brussels 11%, Limburg 9%. Missing centres are
  created as the demo defines them; existing data (e.g. `seed_demo`) is kept and new ids,
  reference numbers and audit sequence numbers continue after it.
- **Staff** (`staff.py`): per centre ~10% intake, ~7.5% team leads, case workers of the
  three disciplines in teams of ~13, a director, statistics, complaints, administration
  and a data protection officer; logins `bench.<role>.<n>.<province>@vk.test`, unusable
  passwords. The `Summary.bench_users` get a TOTP authenticator (secret
  `BENCH_TOTP_SECRET`) so that the second-factor middleware lets their sessions through.
- **Families and reports** (`families.py`): children (1–5, some unborn) and one to three
  adults at one address, 40% with a (valid, fictional) national register number. Names
  (`names.py`): each family has an origin (Flemish, French-speaking, Moroccan, Turkish,
  Polish, Romanian, Congolese, Italian, Iberian; a mother of another origin in 15% of
  families); surnames are built from particles, stems and suffixes and first names come
  with spellings and compounds, spread long-tailed as in Flanders: per centre of 600,000
  persons the most common surname is borne by 0.35%, the most common first name by
  1%, there are 33,000 surnames and 3,100 first names, and the largest group of
  namesakes has a few dozen persons (65% of persons share their full name with nobody).
  Most families are reported once, a minority again and again (heavy tail). Every
  derived column is computed as the app does (`name_key` from `people.names.fold`, the
  national-number HMAC index and mask, `triage_due` in Belgian working days). ~5% of
  children came without a date of birth, most of them with an age estimate.
  The newest few dozen reports per centre wait in the intake queue, some overdue; older
  ones were triaged (track advice, consultation, referral, crisis, help, MaNo) or, in
  Brussels, referred to SOS Enfants; ~1% arrived by transfer from another centre.
- **Dossiers** (`casework.py`): one per report triaged as help or MaNo, with the
  report's persons as the family and a team of 2–3 from one team. Lifetimes are
  log-normal (median ~6 months); most are closed, through the lifecycle's states, with
  team decisions behind the help proposal and closing, assessments on the shipped
  instrument, help proposals with referrals and consents. Closed ones carry a coded
  outcome spread by how far they got (or, with a MaNo procedure, by its end); ~1% have
  none, as closed before the outcome was coded. A few hundred per centre are
  open (thousands at national scale), with tasks, check-ins and appointments around
  today (some this week). `large_dossiers` per scale (at least one per centre) run for
  years with 200 conversations and 30 contacts and are still open. ~3% of dossiers have
  a MaNo procedure in a state that fits (closed ones with outcomes, open ones received,
  under investigation, in mandated follow-up or referred to the Jeugdparket).
- **Audit** (`audit.py`): one valid hash chain per centre, continuing any existing
  chain; a month-by-month mix of logins, dossier reads by the team and by team leads,
  timelines, conversations, worklists, the intake queue, report reads, searches, MaNo
  screens and audit reviews. Dossier entries go to dossiers open at the time, weighted
  by a log-normal "heat" (×40 for the large dossiers), so a few families are read very
  often (`Summary.most_accessed_person_ids`).
- **Registers** (`register.py`): complaints (~0.4% of reports) and coachings, training
  sessions and awareness actions.

Not generated: documents (they need encrypted files), transfers to the Jeugdparket
(they need an approved PDF document), report drafts, sessions.

How it is fast: ids are allocated here and sequences moved past them at the end; rows
are streamed as COPY text in large blocks; outside a transaction and for large scales
the secondary indexes of the loaded tables are dropped and rebuilt afterwards, the
per-row foreign-key triggers are off during the load (`session_replication_role`, needs
a superuser) and every foreign key is verified afterwards with one anti-join each; the
audit chains are written by a second process on its own connection while the first
writes the rest. Inside a transaction (tests) everything runs on Django's connection
and foreign keys are checked as usual.

Idempotence: the generator refuses a database that already holds generated data
(staff logins `bench.*@vk.test`); make a fresh database to generate again. It refuses
SQLite, VK_ENVIRONMENT=production, and a connection bound by row-level security
(COPY is not allowed there: run it as the tables' owner).
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from vk.centres.models import User
from vk.dossiers.instruments import load_instrument, score, shipped_definitions
from vk.dossiers.models import DossierMember, Instrument
from vk.volume import audit as audit_chains
from vk.volume.bulk import BulkLoad, Clock, to_day
from vk.volume.casework import write_casework
from vk.volume.context import Context, FastRandom, WorkDays
from vk.volume.families import write_intake
from vk.volume.names import Names
from vk.volume.register import write_activities, write_complaints
from vk.volume.shape import CENTRE_SHARES, SCALES, YEARS, Shape, split
from vk.volume.staff import EMAIL_DOMAIN, EMAIL_PREFIX, ensure_centres, write_staff

BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (fictional bench logins)
# Above this many planned rows a load outside a transaction drops and rebuilds indexes.
BULK_ROWS = 200_000

# Table → columns, in the order the generator writes them.
TABLES: dict[str, str] = {
    "centres_user": (
        "id password last_login is_superuser email first_name last_name discipline is_active "
        "is_staff date_joined row_version centre_id"
    ),
    "account_emailaddress": "id email verified primary user_id",
    "centres_rolegrant": "id role granted_at user_id",
    "centres_team": "id name centre_id",
    "centres_team_members": "id team_id user_id",
    "people_person": (
        "id centre_id first_name last_name name_key birth_date is_unborn expected_birth_date "
        "extended_minority gender street postcode city country national_number_index "
        "national_number_mask created_at copied_from_id estimated_birth_year"
    ),
    "intake_report": (
        "id centre_id reference received_at channel reporter_kind reporter_sector "
        "reporter_anonymous reporter_confidential reporter_name reporter_organisation "
        "reporter_phone reporter_email worries urgency risk_estimate family_languages "
        "interpreter_needed dutch_speaking_network residence_postcode competence_note status "
        "track triage_due first_contact_due triaged_at registered_by_id created_at row_version"
    ),
    "intake_reportproblem": "id category report_id",
    "intake_reportperson": "id role parental_authority matched_existing person_id report_id",
    "intake_reporthistory": "id at from_status to_status note by_id report_id",
    "intake_transfer": (
        "id kind reason decided_at decided_by_id from_centre_id report_id to_centre_id "
        "report_reference"
    ),
    "intake_triagedecision": (
        "id track grounds team_discussion referral_target decided_at decided_by_id report_id"
    ),
    "intake_advicecase": (
        "id centre_id report_id family_named questions advice_given agreed_follow_up status "
        "opened_at closed_at row_version"
    ),
    "intake_advicecontact": "id advice_id at summary by_id",
    "dossiers_dossier": (
        "id centre_id reference state opened_at opened_by_id closed_at close_reason "
        "closing_outcome outcome family_informed_of_retention copy_offered row_version"
    ),
    "dossiers_dossier_reports": "id dossier_id report_id",
    "dossiers_dossiermember": (
        "id dossier_id person_id relationship parental_authority destruction_date"
    ),
    "dossiers_assignment": "id dossier_id user_id of_record assigned_at",
    "dossiers_teamdecision": (
        "id dossier_id held_on other_participants question decision rationale author_id "
        "created_at row_version"
    ),
    "dossiers_teamdecision_participants": "id teamdecision_id user_id",
    "dossiers_dossierhistory": (
        "id dossier_id at by_id from_state to_state reason team_decision_id closing_outcome outcome"
    ),
    "dossiers_conversation": (
        "id dossier_id held_at place participants language interpreter interpreter_language "
        "social_interpreting_service summary observations author_id created_at row_version"
    ),
    "dossiers_professionalcontact": (
        "id dossier_id contacted_at professional organisation method family_informed "
        "secrecy_ground learned author_id created_at row_version"
    ),
    "dossiers_assessment": (
        "id dossier_id instrument_id moment assessed_on answers score band judgement "
        "difficulties strengths author_id created_at row_version"
    ),
    "dossiers_helpproposal": (
        "id dossier_id proposed_on goals actions team_decision_id author_id created_at row_version"
    ),
    "dossiers_referral": "id proposal_id service status status_on note row_version",
    "dossiers_consent": (
        "id proposal_id person_id answer answered_on competence competence_reason note "
        "recorded_by_id recorded_at"
    ),
    "work_task": (
        "id centre_id dossier_id kind title description owner_id due_on created_by_id created_at "
        "done_at done_by_id outcome reminder_sent_on row_version team_decision_id"
    ),
    "work_appointment": (
        "id centre_id dossier_id starts_at place with_whom note planned_by_id planned_at status "
        "conversation_id row_version"
    ),
    "mano_procedure": (
        "id centre_id reference dossier_id report_id state received_on referrer_kind "
        "referrer_name referrer_contact motivation_summary motivation_document_id "
        "integrity_at_risk voluntary_help_exhausted referrer_team_decision family_informed "
        "family_informed_on clock_start deadline_working_days clock_started_on deadline "
        "admissibility admissibility_reason conditions_justification admissibility_on decision "
        "decision_on decision_motivation parket_referred_on parket_motivation "
        "agreed_with_referrer outcome closed_on registered_by_id created_at row_version"
    ),
    "mano_procedurehistory": (
        "id procedure_id at by_id from_state to_state centre_id note team_decision_id"
    ),
    "mano_move": "id procedure_id from_centre_id to_centre_id to_ocj reason moved_on by_id from_dossier_id",
    "access_emergencyaccess": (
        "id centre_id user_id dossier_id reason started_at expires_at ended_at reviewed_at "
        "reviewed_by_id judgement review_note row_version"
    ),
    "access_disclosure": (
        "id centre_id dossier_id kind recipient legal_basis legal_basis_text what decided_by_id "
        "disclosed_at source_type source_id"
    ),
    "complaints_complaint": (
        "id centre_id reference channel received_on registered_at language anonymous name email "
        "phone address reply_by complainant_role subject description discussed_with_helper wish "
        "stage handler_id acknowledge_due answer_due acknowledged_on answered_on closed_on "
        "outcome answer_summary improvements escalated_to row_version"
    ),
    "complaints_complaintevent": "id complaint_id stage occurred_at by_id note",
    "activities_coaching": (
        "id centre_id date created_by_id created_at row_version coached_by_id sector "
        "organisation theme contacts duration_minutes summary"
    ),
    "activities_training": (
        "id centre_id date created_by_id created_at row_version topic target_group "
        "organisations participants external_trainers hours"
    ),
    "activities_training_trainers": "id training_id user_id",
    "activities_awarenessaction": (
        "id centre_id date created_by_id created_at row_version kind audience reach description"
    ),
    "activities_awarenessaction_staff": "id awarenessaction_id user_id",
}
AUDIT_TABLE = "audit_auditentry"


class GenerationRefused(Exception):
    """The database is not one the generator may fill."""


@dataclass(frozen=True)
class BenchUser:
    id: int
    email: str
    role: str  # case_worker, team_lead, intake, director
    centre_id: int


@dataclass
class Summary:
    scale: str
    factor: float
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    large_dossier_ids: dict[int, list[int]] = field(default_factory=dict)
    most_accessed_person_ids: list[int] = field(default_factory=list)
    bench_users: list[BenchUser] = field(default_factory=list)

    def users(self, role: str, centre_id: int | None = None) -> list[BenchUser]:
        return [
            user
            for user in self.bench_users
            if user.role == role and (centre_id is None or user.centre_id == centre_id)
        ]

    def table(self) -> str:
        """Rows per table and seconds per phase, as text."""
        width = max(len(name) for name in [*self.counts, *self.seconds, "table"])
        lines = [f"{'table':<{width}}  {'rows':>12}"]
        lines += [f"{name:<{width}}  {rows:>12,}" for name, rows in sorted(self.counts.items())]
        lines += ["", f"{'phase':<{width}}  {'seconds':>12}"]
        lines += [f"{name:<{width}}  {sec:>12.1f}" for name, sec in self.seconds.items()]
        return "\n".join(lines)


class Progress:
    """One line on stderr, rewritten in place."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, text: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.started
            sys.stderr.write(f"\r\033[K[{elapsed:6.0f} s] {text}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def generate(scale: str, factor: float = 1.0, seed: int = 1, progress: bool = False) -> Summary:
    """Fill the default database with generated data of this scale; see the module doc."""
    if scale not in SCALES:
        raise GenerationRefused(f"Unknown scale {scale!r}; choose from {', '.join(SCALES)}.")
    _refuse_unsuitable_database()
    shape = SCALES[scale].scaled(factor)
    planned_rows = shape.reports * 12 + shape.conversations * 2 + shape.audit
    if connection.in_atomic_block or planned_rows > BULK_ROWS:
        return _generate(scale, factor, seed, progress, shape)
    with transaction.atomic():  # small: all or nothing
        return _generate(scale, factor, seed, progress, shape)


def _generate(scale: str, factor: float, seed: int, progress: bool, shape: Shape) -> Summary:
    summary = Summary(scale=scale, factor=factor, seed=seed)
    show = Progress(progress)
    phase_started = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal phase_started
        now = time.perf_counter()
        summary.seconds[name] = summary.seconds.get(name, 0.0) + now - phase_started
        phase_started = now

    bulk = not connection.in_atomic_block
    load = BulkLoad(bulk=bulk)
    ctx = _context(load, seed)
    centres = ensure_centres()
    for name, columns in TABLES.items():
        ctx.t[name] = load.table(name, columns.split())
    audit_table = load.table(AUDIT_TABLE, audit_chains.COLUMNS)
    load.prepare([*TABLES, AUDIT_TABLE])
    phase("prepare")

    show("staff")
    everyone = write_staff(ctx, centres, shape.staff_per_centre)
    load.flush_all()
    phase("staff")

    shares = [CENTRE_SHARES[centre.province] for centre in centres]
    per_centre = {
        "reports": split(shape.reports, shares, 20),
        "families": split(shape.families, shares, 12),
        "dossiers": split(shape.dossiers, shares, 3),
        "conversations": split(shape.conversations, shares, 10),
        "audit": split(shape.audit, shares, 100),
        "large": split(shape.large_dossiers, shares, 1),
    }
    heads = _chain_heads([centre.pk for centre in centres])
    runner = _AuditRunner(bulk)
    open_by_worker: dict[int, int] = {}
    complaint_refs = _existing_complaint_references()
    for index, (centre, staff) in enumerate(zip(centres, everyone, strict=True)):
        label = f"{centre.name} ({index + 1}/{len(centres)})"
        show(f"{label}: families and reports")
        intake = write_intake(
            ctx,
            staff,
            everyone,
            per_centre["reports"][index],
            per_centre["families"][index],
            per_centre["dossiers"][index],
            per_centre["large"][index],
        )
        phase("families and reports")
        show(f"{label}: dossiers")
        cases = write_casework(ctx, staff, intake.seeds, per_centre["conversations"][index])
        phase("dossiers")
        show(f"{label}: registers")
        write_complaints(ctx, staff, max(1, per_centre["reports"][index] // 250), complaint_refs)
        write_activities(ctx, staff, max(2, per_centre["reports"][index] // 4))
        phase("registers")
        summary.large_dossier_ids[centre.pk] = cases.large_dossiers
        for worker, count in cases.open_by_worker.items():
            open_by_worker[worker] = open_by_worker.get(worker, 0) + count
        count = per_centre["audit"][index]
        seq, prev_hash = heads.get(centre.pk, (0, audit_chains.GENESIS_HASH))
        job = audit_chains.ChainJob(
            chain=centre.pk,
            first_id=audit_table.next_id,
            start_seq=seq + 1,
            prev_hash=prev_hash,
            count=count,
            seed=seed * 1000 + centre.pk,
            start_s=ctx.start_s,
            end_s=ctx.now_s - 60,
            first_day=ctx.first_day,
            last_day=ctx.today_day,
            intake=[(pk, staff.roles[pk]) for pk in staff.intake],
            workers=[(pk, staff.roles[pk]) for pk in staff.workers],
            leads=[(pk, staff.roles[pk]) for pk in staff.leads],
            directors=[(pk, staff.roles[pk]) for pk in staff.directors],
            others=[(pk, staff.roles[pk]) for pk in staff.others + staff.complaints],
            d_id=cases.d_id,
            d_open=cases.d_open,
            d_close=cases.d_close,
            d_heat=cases.d_heat,
            d_worker=cases.d_worker,
            d_second=cases.d_second,
            d_lead=cases.d_lead,
            d_conv_first=cases.d_conv_first,
            d_conv_count=cases.d_conv_count,
            r_id=intake.report_ids,
            r_received=intake.report_received,
            procedures=cases.procedures,
            hot_persons=cases.hot_persons,
            roles=staff.roles,
        )
        audit_table.next_id += count
        audit_table.rows += count
        runner.submit(job)
        phase("audit (this process)" if not bulk else "audit hand-over")
    load.flush_all()
    phase("flush")
    if bulk:
        show("building indexes (while the audit chains are written)")
        load.restore_indexes(TABLES)
        phase("indexes")
    show("waiting for the audit chains")
    results = runner.results()
    phase("audit (waiting for the second process)" if bulk else "audit")
    if bulk:
        show("building the audit indexes")
        load.restore_indexes()
        phase("audit indexes")
    load.finish()
    show("checking foreign keys")
    problems = load.check_foreign_keys([*TABLES, AUDIT_TABLE])
    if problems:
        raise RuntimeError("Generated rows break foreign keys: " + "; ".join(problems))
    phase("foreign-key check")
    show("analyze")
    load.analyze([*TABLES, AUDIT_TABLE])
    phase("analyze")
    summary.counts = {name: table.rows for name, table in load.tables.items()}
    summary.most_accessed_person_ids = _most_accessed_persons(results)
    summary.bench_users = _bench_users(everyone, open_by_worker, summary.large_dossier_ids)
    phase("bench users")
    summary.seconds["total"] = sum(summary.seconds.values())
    show("done")
    show.done()
    return summary


def _refuse_unsuitable_database() -> None:
    if settings.PRODUCTION:
        raise GenerationRefused("generate_volume refuses to run with VK_ENVIRONMENT=production.")
    if connection.vendor != "postgresql":
        raise GenerationRefused("generate_volume needs PostgreSQL (COPY); this is SQLite.")
    if User.objects.filter(
        email__startswith=EMAIL_PREFIX, email__endswith=f"@{EMAIL_DOMAIN}"
    ).exists():
        raise GenerationRefused(
            "This database already holds generated data (bench.*@vk.test staff); "
            "generate into a fresh database."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_security_active('intake_report')")
        if cursor.fetchone()[0]:
            raise GenerationRefused(
                "Row-level security binds this connection; run the generator as the owner "
                "of the tables (COPY is not allowed under row-level security)."
            )


def _context(load: BulkLoad, seed: int) -> Context:
    rng = FastRandom(seed)
    today = timezone.localdate()
    first = today - timedelta(days=round(YEARS * 365.25))
    instrument = (
        Instrument.objects.filter(code="veiligheid-algemeen", active=True)
        .order_by("-version")
        .first()
    )
    if instrument is None:
        instrument, _created = load_instrument(shipped_definitions()[0])
    definition = instrument.definition
    scored = []
    for _ in range(40):
        answers = {
            item["code"]: rng.choice(item["options"])["value"] for item in definition["items"]
        }
        result = score(definition, answers)
        text = ",".join(f'"{code}":{value}' for code, value in sorted(answers.items()))
        scored.append(("{" + text + "}", result.score, result.band))
    ctx = Context(
        rng=rng,
        load=load,
        today=today,
        now_s=int(time.time()) - 120,
        first_day=to_day(first),
        today_day=to_day(today),
        clock=Clock(first - timedelta(days=80 * 366), today + timedelta(days=800)),
        workdays=WorkDays(first - timedelta(days=30), today + timedelta(days=800)),
        names=Names(rng),
        instrument_id=instrument.pk,
        scored_answers=scored,
    )
    ctx.references = _existing_references()
    return ctx


def _existing_references() -> dict[str, int]:
    """The highest number in use per reference prefix (e.g. 'ANT-2026-': 12)."""
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in ("intake_report", "dossiers_dossier", "mano_procedure"):
            cursor.execute(
                "SELECT substring(reference from '^(.*-)[0-9]+$') AS prefix,"  # noqa: S608
                " max(substring(reference from '([0-9]+)$')::bigint)"
                f" FROM {table} GROUP BY 1"
            )
            for prefix, number in cursor.fetchall():
                if prefix:
                    found[prefix] = max(found.get(prefix, 0), int(number))
    return found


def _existing_complaint_references() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reference FROM complaints_complaint")
        return {row[0] for row in cursor.fetchall()}


def _chain_heads(chains: list[int]) -> dict[int, tuple[int, str]]:
    heads = {}
    with connection.cursor() as cursor:
        for chain in chains:
            cursor.execute(
                "SELECT seq, hash FROM audit_auditentry WHERE chain = %s ORDER BY seq DESC LIMIT 1",
                [chain],
            )
            row = cursor.fetchone()
            if row:
                heads[chain] = (int(row[0]), row[1])
    return heads


class _AuditRunner:
    """Runs the chains in a second process (bulk) or here, on Django's connection."""

    def __init__(self, bulk: bool) -> None:
        self.bulk = bulk
        self.pending: list[Any] = []
        self.done: list[audit_chains.ChainResult] = []
        self.jobs: list[audit_chains.ChainJob] = []
        self.pool: Any = None
        if bulk:
            database = settings.DATABASES["default"]
            self.database = {
                key: value
                for key, value in {
                    "dbname": database["NAME"],
                    "user": database.get("USER"),
                    "password": database.get("PASSWORD"),
                    "host": database.get("HOST"),
                    "port": database.get("PORT"),
                }.items()
                if value
            }
            self.pool = multiprocessing.get_context("fork").Pool(processes=1)

    def submit(self, job: audit_chains.ChainJob) -> None:
        if self.bulk:
            self.pending.append(
                self.pool.apply_async(audit_chains.write_chain, (job, self.database))
            )
        else:
            self.jobs.append(job)

    def results(self) -> list[audit_chains.ChainResult]:
        if self.bulk:
            self.done = [pending.get() for pending in self.pending]
            self.pool.close()
            self.pool.join()
        else:
            self.done = [audit_chains.write_chain(job, None) for job in self.jobs]
        return self.done


def _most_accessed_persons(results: list[audit_chains.ChainResult]) -> list[int]:
    """The children of the most-read dossiers, most-read first."""
    reads = sorted(
        (count, dossier) for result in results for dossier, count in result.dossier_reads
    )
    top = [dossier for _count, dossier in reversed(reads)][:10]
    members = DossierMember.objects.filter(dossier_id__in=top, relationship="child").values_list(
        "dossier_id", "person_id"
    )
    by_dossier: dict[int, list[int]] = {}
    for dossier, person in members:
        by_dossier.setdefault(dossier, []).append(person)
    persons: list[int] = []
    for dossier in top:
        persons.extend(sorted(by_dossier.get(dossier, [])))
    return list(dict.fromkeys(persons))


def _bench_users(
    everyone: list[Any], open_by_worker: dict[int, int], large: dict[int, list[int]]
) -> list[BenchUser]:
    """Per centre: the case workers with the most open dossiers (among them the one of
    record of a large dossier), team leads, intake workers and the director; each gets a
    TOTP authenticator."""
    from allauth.mfa.totp.internal.auth import TOTP

    from vk.dossiers.models import Assignment

    chosen: list[BenchUser] = []
    of_record = dict(
        Assignment.objects.filter(
            dossier_id__in=[pk for ids in large.values() for pk in ids], of_record=True
        ).values_list("dossier__centre_id", "user_id")
    )
    for staff in everyone:
        busy = [pk for pk in staff.workers if open_by_worker.get(pk, 0)]
        workers = sorted(busy, key=lambda pk: -open_by_worker[pk])[:3]
        if staff.centre_id in of_record:
            workers = list(dict.fromkeys([of_record[staff.centre_id], *workers]))[:3]
        picks: list[tuple[str, list[int]]] = [
            ("case_worker", workers),
            ("team_lead", staff.leads[:2]),
            ("intake", staff.intake[:2]),
            ("director", staff.directors[:1]),
        ]
        for role, ids in picks:
            chosen.extend(BenchUser(pk, staff.emails[pk], role, staff.centre_id) for pk in ids)
    users = User.objects.in_bulk([user.id for user in chosen])
    for user in users.values():
        TOTP.activate(user, BENCH_TOTP_SECRET)
    return chosen
