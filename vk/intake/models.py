"""Incoming reports (meldingen), their triage, transfers and the advice track.

Counting units stay apart: a Report is one melding; each ReportPerson with role CHILD
is one child registration (kindregistratie); unique children are distinct persons.
Deadlines are stored dates; "overdue" is a query.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.people.models import Person


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    ONLINE_FORM = "online_form", _("Online form")
    HANDOVER_1712 = "handover_1712", _("1712 hand-over")
    POLICE = "police", _("Notification by the police")
    YOUTH_PROSECUTOR = "youth_prosecutor", _("Notification by the Jeugdparket")
    MANO_REFERRAL = "mano_referral", _("MaNo referral")


class ReporterKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    NON_PROFESSIONAL = "non_professional", _("Non-professional")


class ReporterSector(models.TextChoices):
    SCHOOL = "school", _("School (incl. pre-school and after-school care)")
    CLB = "clb", _("CLB")
    WELFARE = "welfare", _("Welfare organisation")
    HEALTH_CARE = "health_care", _("Health care")
    JUSTICE = "justice", _("Justice")
    POLICE = "police", _("Police")
    CLOSE_ENVIRONMENT = "close_environment", _("Close environment of the child")
    OTHER = "other", _("Other")


class ProblemCategory(models.TextChoices):
    """Opgroeien's classification at report: a classification, not a diagnosis."""

    SEXUAL = "sexual", _("Sexual boundary-crossing behaviour")
    PHYSICAL = "physical", _("Physical abuse or neglect")
    EMOTIONAL = "emotional", _("Emotional abuse or neglect")
    RISK = "risk", _("Risk situation")
    UNCLEAR = "unclear", _("Unclear problem")
    PAST_ABUSE = "past_abuse", _("Processing of past abuse")
    NOT_ABUSE = "not_abuse", _("Problems other than child abuse")


class Urgency(models.TextChoices):
    CRISIS = "crisis", _("Crisis: contact today")
    NOT_URGENT = "not_urgent", _("Not urgent")


class RiskEstimate(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed yet")
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class Status(models.TextChoices):
    IN_QUEUE = "in_queue", _("Waiting for triage")
    TRIAGED = "triaged", _("Track decided")
    TRANSFERRED = "transferred", _("Transferred to another centre")
    REFERRED = "referred", _("Referred elsewhere")


class Track(models.TextChoices):
    ADVICE = "advice", _("Advice to the reporter")
    CONSULTATION = "consultation", _("Anonymous consultation")
    HELP = "help", _("Help trajectory (dossier)")
    MANO = "mano", _("MaNo procedure")
    REFERRAL = "referral", _("Referral elsewhere")
    CRISIS = "crisis", _("Crisis intervention")


class ReferralTarget(models.TextChoices):
    OTHER_VK = "other_vk", _("Another VK")
    SOS_ENFANTS = "sos_enfants", _("SOS Enfants")
    CAW = "caw", _("CAW")
    OCJ = "ocj", _("OCJ")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other service")


# Which status may follow which (one service per transition in services.py).
TRANSITIONS: dict[str, set[str]] = {
    Status.IN_QUEUE: {Status.TRIAGED, Status.TRANSFERRED, Status.REFERRED},
    Status.TRIAGED: set(),
    Status.TRANSFERRED: set(),
    Status.REFERRED: set(),
}


# Triaged no later than the local day of its deadline.
ON_TIME = models.Q(triaged_at__date__lte=models.F("triage_due"))


class ReportQuerySet(CentreScopedQuerySet["Report"]):
    def in_queue(self) -> ReportQuerySet:
        return self.filter(status=Status.IN_QUEUE)

    def overdue(self, today: date) -> ReportQuerySet:
        return self.in_queue().filter(triage_due__lt=today)

    def decided_between(self, first: date, last: date) -> ReportQuerySet:
        """Triaged on a local day from `first` to `last`: a range on the timestamp itself,
        so that the (centre, triaged_at) index answers it."""
        start = timezone.make_aware(datetime.combine(first, time.min))
        end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
        return self.filter(triaged_at__gte=start, triaged_at__lt=end)

    def decided_on_time(self) -> ReportQuerySet:
        return self.filter(ON_TIME)

    def triage_counts(self) -> tuple[int, int]:
        """How many were triaged, and how many of them on time, in one pass (the
        (centre, triaged_at) index carries the due date: an index-only scan)."""
        # Counting triage_due (never null, carried by the index) keeps it index-only.
        counts = self.aggregate(
            decided=models.Count("triage_due"),
            on_time=models.Count("triage_due", filter=ON_TIME),
        )
        return counts["decided"], counts["on_time"]


class Report(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="reports")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    # Reporter (aanmelder)
    reporter_kind = models.CharField(_("reporter"), max_length=20, choices=ReporterKind)
    reporter_sector = models.CharField(
        _("sector"), max_length=20, choices=ReporterSector, blank=True
    )
    reporter_anonymous = models.BooleanField(_("reporter wishes to stay anonymous"), default=False)
    reporter_confidential = models.BooleanField(
        _("identity confidential towards the family"), default=False
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=40, blank=True)
    reporter_email = models.EmailField(_("e-mail"), blank=True)
    # The concern
    worries = models.TextField(_("worries"))
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency, default=Urgency.NOT_URGENT
    )
    risk_estimate = models.CharField(
        _("first risk estimate"),
        max_length=20,
        choices=RiskEstimate,
        default=RiskEstimate.NOT_ASSESSED,
    )
    family_languages = models.CharField(
        _("languages spoken in the family"), max_length=200, blank=True
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    dutch_speaking_network = models.BooleanField(
        _("family has a link with a Dutch-speaking network"), null=True, blank=True
    )
    residence_postcode = models.CharField(
        _("postcode of the child's residence"), max_length=10, blank=True
    )
    competence_note = models.CharField(
        _("why this centre handles the report"),
        max_length=500,
        blank=True,
        help_text=_("Required when the address is unknown or abroad."),
    )
    # Workflow
    status = models.CharField(max_length=20, choices=Status, default=Status.IN_QUEUE)
    track = models.CharField(_("track"), max_length=20, choices=Track, blank=True)
    triage_due = models.DateField(_("triage due"))
    first_contact_due = models.DateField(_("first contact due"), null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registered_reports"
    )
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)
    persons = models.ManyToManyField(Person, through="ReportPerson", related_name="reports")

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(
                fields=["centre", "triage_due"],
                name="report_queue",
                condition=Q(status="in_queue"),
            ),
            models.Index(fields=["centre", "-received_at"], name="report_centre_received"),
            # The intake queue's "recently decided" list and its on-time share.
            models.Index(
                fields=["centre", "-triaged_at"],
                name="report_centre_triaged",
                include=["triage_due"],
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_crisis(self) -> bool:
        return self.urgency == Urgency.CRISIS


class ReportProblem(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="problems")
    category = models.CharField(max_length=20, choices=ProblemCategory)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="report_problem_unique"),
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class PersonRole(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    HOUSEHOLD_MEMBER = "household_member", _("Household member")
    OTHER = "other", _("Other person involved")


class ReportPerson(models.Model):
    """A person in a report; with role CHILD this is one child registration."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="involved")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole)
    parental_authority = models.BooleanField(_("parental authority"), default=False)
    matched_existing = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="report_person_unique"),
        ]
        indexes = [models.Index(fields=["person", "role"], name="report_person_role")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.person_id} {self.role}"


class ReportHistory(models.Model):
    """One row per change of a report's status: who, when, from what to what, why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    from_status = models.CharField(max_length=20, choices=Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Status)
    note = models.CharField(max_length=200, blank=True)
    # A correction of the data (status unchanged): its note is the user's own words;
    # other notes are codes for the machine.
    is_correction = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class TriageDecision(models.Model):
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="triage")
    track = models.CharField(_("track"), max_length=20, choices=Track)
    grounds = models.TextField(_("grounds"))
    team_discussion = models.CharField(
        _("team discussion"),
        max_length=200,
        help_text=_("Which team discussion took the decision (date, meeting)."),
    )
    referral_target = models.CharField(
        _("referred to"), max_length=20, choices=ReferralTarget, blank=True
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.get_track_display()


class TransferKind(models.TextChoices):
    OTHER_CENTRE = "other_centre", _("Transfer to the competent centre")
    SOS_ENFANTS = "sos_enfants", _("Referral to SOS Enfants")


class Transfer(models.Model):
    """A report that left a centre: to the competent VK, or to SOS Enfants (Brussels)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="transfers")
    # The report's reference, kept here: after a hand-over the sending centre no longer
    # reads the report itself (need-to-know and row-level security).
    report_reference = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=20, choices=TransferKind)
    from_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="transfers_out")
    to_centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="transfers_in", null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class AdviceStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CONVERTED = "converted", _("Converted into a help trajectory")


class AdviceCase(models.Model):
    """Advice or consultation for a professional, who keeps responsibility for the family."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="advice_cases")
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="advice")
    family_named = models.BooleanField(_("the family is named"), default=True)
    questions = models.TextField(_("questions asked"))
    advice_given = models.TextField(_("advice given"), blank=True)
    agreed_follow_up = models.TextField(_("agreed follow-up"), blank=True)
    status = models.CharField(max_length=20, choices=AdviceStatus, default=AdviceStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)

    objects = CentreScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"advice {self.report_id}"


class AdviceContact(models.Model):
    advice = models.ForeignKey(AdviceCase, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(_("date"), default=timezone.now)
    summary = models.TextField(_("summary"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"contact {self.advice_id}"


class ReportDraft(models.Model):
    """What an intake worker typed but did not register yet (autosaved while typing).

    One draft per worker, visible only to them: a dropped call or an expired session
    loses nothing. Registering the report or discarding the draft deletes it.
    """

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_draft"
    )
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="report_drafts")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"draft {self.author_id}"
