"""The family dossier: a help trajectory (probleemgebonden hulp) with a family.

The lifecycle is one `state` field and the `TRANSITIONS` map; services.py has one
function per transition and writes a `DossierHistory` row for each.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.intake.models import Report
from vk.people.models import Person


class State(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    ASSESSMENT = "assessment", _("Assessment")
    HELP_PROPOSAL = "help_proposal", _("Help proposal")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (State.EXPLORATION, State.ASSESSMENT, State.HELP_PROPOSAL, State.FOLLOW_UP)

# Which state may follow which. Any open dossier can be closed (a family may refuse
# help); a closed one is reopened into exploration, with a reason.
TRANSITIONS: dict[str, set[str]] = {
    State.EXPLORATION: {State.ASSESSMENT, State.CLOSED},
    State.ASSESSMENT: {State.HELP_PROPOSAL, State.CLOSED},
    State.HELP_PROPOSAL: {State.FOLLOW_UP, State.CLOSED},
    State.FOLLOW_UP: {State.CLOSED},
    State.CLOSED: {State.EXPLORATION},
}


# Transitions the multidisciplinary team decides on: the help proposal and closing.
NEEDS_TEAM_DECISION = {State.HELP_PROPOSAL, State.CLOSED}


class ClosingOutcome(models.TextChoices):
    """What the help trajectory came to when it closed (afsluitresultaat): one code per
    closing, counted in the yearly report for Opgroeien. `Dossier.outcome` explains it in
    words; "other" needs that explanation."""

    # The family accepted help elsewhere and it started (toeleiding geslaagd).
    HELP_INSTALLED = "help_installed", _("Help installed: referred and accepted")
    # Safe again with the family's own network, without further professional help.
    SAFE_WITHOUT_HELP = "safe_without_help", _("Safety restored without further help")
    # The worries of the report were not confirmed.
    CONCERNS_NOT_CONFIRMED = "concerns_not_confirmed", _("Concerns not confirmed")
    # The family refused help and the team saw no ground for a MaNo procedure.
    FAMILY_REFUSED_HELP = "family_refused_help", _("Family refused help, no MaNo")
    # Voluntary help ran out: the help is socially necessary (the procedure counts apart).
    MANO_STARTED = "mano_started", _("MaNo procedure started")
    REFERRED_TO_OCJ = "referred_to_ocj", _("Referred to the OCJ")
    REFERRED_TO_PARKET = "referred_to_parket", _("Referred to the Jeugdparket")
    # Handed over to the centre or service where the family lives now.
    FAMILY_MOVED = "family_moved", _("Family moved: handed over to another centre or service")
    OTHER = "other", _("Other (explain below)")


class Relationship(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    SIBLING = "sibling", _("Sibling")
    HALF_SIBLING = "half_sibling", _("Half-sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    HOUSEHOLD_MEMBER = "household_member", _("Household member")
    OTHER = "other", _("Other")


class DossierQuerySet(CentreScopedQuerySet["Dossier"]):
    def open(self) -> DossierQuerySet:
        return self.exclude(state=State.CLOSED)


class Dossier(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="dossiers")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    state = models.CharField(max_length=20, choices=State, default=State.EXPLORATION)
    reports = models.ManyToManyField(Report, related_name="dossiers", blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opened_dossiers"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # The closing fields describe the current closing: reopening empties them, and the
    # closing's history row keeps what was recorded. Dossiers closed before the coded
    # outcome existed have none: the statistics list them as a data-quality problem.
    close_reason = models.TextField(_("reason for closing"), blank=True)
    closing_outcome = models.CharField(
        _("closing outcome"), max_length=30, choices=ClosingOutcome, blank=True
    )
    outcome = models.CharField(_("explanation of the outcome"), max_length=200, blank=True)
    family_informed_of_retention = models.BooleanField(default=False)
    copy_offered = models.BooleanField(default=False)
    row_version = models.PositiveIntegerField(default=1)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["centre", "state"], name="dossier_centre_state"),
            # A worker's open dossiers (Mijn werk, My dossiers): the centre's open ones
            # in a small index, joined with their assignments without reading the
            # closed dossiers of ten years.
            models.Index(
                fields=["centre", "id"],
                condition=Q(state__in=OPEN_STATES),
                name="dossier_centre_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=State.CLOSED) | Q(closing_outcome=""),
                name="dossier_outcome_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED


class DossierMember(models.Model):
    """A person of the family composition, with their relationship to the children."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dossier_memberships")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship)
    parental_authority = models.BooleanField(_("parental authority"), default=False)
    # Children only: the day the file may be destroyed (the child's 35th birthday).
    destruction_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "person"], name="dossier_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.person_id}"


class Assignment(models.Model):
    """A staff member on the dossier's team; need-to-know access follows from it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    of_record = models.BooleanField(_("case worker of record"), default=False)
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "user"], name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["user", "dossier"], name="assignment_user")]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.user_id}"


class DossierHistory(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    from_state = models.CharField(max_length=20, choices=State, blank=True)
    to_state = models.CharField(max_length=20, choices=State)
    reason = models.TextField(blank=True)
    # The team decision a transition rests on (see NEEDS_TEAM_DECISION); one each.
    team_decision = models.ForeignKey(
        "TeamDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Closing rows only: the outcome as recorded, kept when the dossier is reopened.
    closing_outcome = models.CharField(max_length=30, choices=ClosingOutcome, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # The closings of a year, for the statistics (vk/stats/yearly.py).
            models.Index(fields=["at"], condition=Q(to_state="closed"), name="history_closings"),
            # The dossiers ever reopened: their state at a past moment is read from the
            # history, not from the dossier (vk/stats/yearly.py, open at the year's end).
            models.Index(
                fields=["dossier"], condition=Q(from_state="closed"), name="history_reopenings"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team_decision"], name="history_one_transition_per_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Place(models.TextChoices):
    CENTRE = "centre", _("At the centre")
    HOME_VISIT = "home_visit", _("Home visit")
    SCHOOL = "school", _("At school")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("Video call")
    OTHER = "other", _("Elsewhere")


class Conversation(models.Model):
    """A conversation (gesprek) with the family or the network."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="conversations")
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=20, choices=Place)
    participants = models.CharField(_("participants"), max_length=500)
    language = models.CharField(_("language used"), max_length=100, default="Nederlands")
    interpreter = models.BooleanField(_("an interpreter was present"), default=False)
    interpreter_language = models.CharField(_("interpreting language"), max_length=100, blank=True)
    social_interpreting_service = models.BooleanField(
        _("through the social interpreting service"), default=False
    )
    summary = models.TextField(_("summary"))
    observations = models.TextField(_("observations"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["dossier", "-held_at"], name="conversation_dossier_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(interpreter=True) | Q(interpreter_language=""),
                name="conversation_interpreter_language_needs_interpreter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.held_at:%Y-%m-%d}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")


class SecrecyGround(models.TextChoices):
    """On which ground information was shared with another professional."""

    SHARED_SECRECY = "shared_secrecy", _("Shared professional secrecy (same care for the client)")
    CONSENT = "consent", _("Consent of the family")
    CASE_CONSULTATION = "case_consultation", _("Case consultation (art. 458ter Criminal Code)")
    STATE_OF_NECESSITY = "state_of_necessity", _("State of necessity")
    NO_INFORMATION_SHARED = "none_shared", _("No information about the family was shared")


class ProfessionalContact(models.Model):
    """A contact with another professional about the family (GP, CLB, school, …)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="contacts")
    contacted_at = models.DateTimeField(_("date and time"))
    professional = models.CharField(_("professional"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    method = models.CharField(_("how"), max_length=20, choices=ContactMethod)
    family_informed = models.BooleanField(_("the family knows about this contact"), default=False)
    secrecy_ground = models.CharField(_("ground for sharing"), max_length=30, choices=SecrecyGround)
    learned = models.TextField(_("what was learned"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-contacted_at", "-pk"]
        indexes = [models.Index(fields=["dossier", "-contacted_at"], name="contact_dossier_time")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.contacted_at:%Y-%m-%d}"


# Assessment -----------------------------------------------------------------------


class Instrument(models.Model):
    """A versioned questionnaire (a structured safety/risk instrument).

    The items, their answer scales and the score bands live in `definition`, so a new
    instrument or a new version is data (`manage.py load_instrument`), not code. A
    published version never changes: assessments keep pointing at the version they
    were scored with.
    """

    code = models.SlugField(max_length=40)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    definition = models.JSONField()
    active = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class AssessmentMoment(models.TextChoices):
    INTAKE = "intake", _("At intake")
    AFTER_EXPLORATION = "after_exploration", _("After the exploration")
    FOLLOW_UP = "follow_up", _("During follow-up")


class SafetyJudgement(models.TextChoices):
    """The team's professional judgement; the score informs it, it does not replace it."""

    SAFE = "safe", _("Safe")
    SAFE_WITH_AGREEMENTS = "agreements", _("Safe with agreements")
    UNSAFE = "unsafe", _("Unsafe")


class Assessment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(_("moment"), max_length=20, choices=AssessmentMoment)
    assessed_on = models.DateField(_("date"))
    answers = models.JSONField(default=dict)
    score = models.PositiveIntegerField()
    band = models.CharField(max_length=100)
    judgement = models.CharField(_("safety judgement"), max_length=20, choices=SafetyJudgement)
    difficulties = models.TextField(_("difficulties"))
    strengths = models.TextField(_("strengths"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["dossier", "-assessed_on"], name="assessment_dossier_date")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.assessed_on}"


# Team decisions -------------------------------------------------------------------


class TeamDecision(models.Model):
    """A multidisciplinary team discussion (MDO) about the family and what it decided."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="decisions")
    held_on = models.DateField(_("date of the team discussion"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="team_decisions", verbose_name=_("participants")
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    question = models.TextField(_("question to the team"))
    decision = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["dossier", "-held_on"], name="decision_dossier_date")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.held_on}"


# Help proposal --------------------------------------------------------------------


class HelpProposal(models.Model):
    """The help proposal (hulpverleningsvoorstel) made to the family; the newest counts."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="proposals")
    proposed_on = models.DateField(_("date of the proposal"))
    goals = models.TextField(_("agreed goals"))
    actions = models.TextField(_("actions"))
    team_decision = models.ForeignKey(
        TeamDecision,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("team decision"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.proposed_on}"


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONTACTED = "contacted", _("Service contacted")
    WAITING_LIST = "waiting_list", _("On the waiting list")
    STARTED = "started", _("Help started")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


class Referral(models.Model):
    """A referral (toeleiding) to a service, part of a help proposal."""

    proposal = models.ForeignKey(HelpProposal, on_delete=models.CASCADE, related_name="referrals")
    service = models.CharField(_("service"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus, default=ReferralStatus.PROPOSED
    )
    status_on = models.DateField(_("status since"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=500, blank=True)
    row_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.service


class ConsentAnswer(models.TextChoices):
    AGREED = "agreed", _("Agrees")
    REFUSED = "refused", _("Refuses")


class Competence(models.TextChoices):
    """Whether a child decides on the help themselves (presumed from 12, DRM)."""

    PRESUMED = "presumed", _("As presumed by age")
    COMPETENT = "competent", _("Judged competent (younger than presumed)")
    NOT_COMPETENT = "not_competent", _("Judged not competent (older than presumed)")


class Consent(models.Model):
    """One person's answer to a help proposal: a parent with authority or a child."""

    proposal = models.ForeignKey(HelpProposal, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=ConsentAnswer)
    answered_on = models.DateField(_("date"))
    competence = models.CharField(
        _("competence"), max_length=20, choices=Competence, default=Competence.PRESUMED
    )
    competence_reason = models.TextField(_("reason for the competence judgement"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="consent_once_per_person"),
            models.CheckConstraint(
                condition=Q(competence="presumed") | ~Q(competence_reason=""),
                name="consent_competence_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.person_id}: {self.answer}"
