"""The MaNo procedure (maatschappelijke noodzaak): is help socially necessary?

A procedure belongs to a family dossier, which gives it its family, team, need-to-know
access, conversations, team decisions and documents. Its own lifecycle is one `state`
field and the `TRANSITIONS` map; services.py has one function per transition and writes
a `ProcedureHistory` row and an audit entry for each. The decision deadline counts
working days from the centre's configured start event and keeps running when the
procedure moves to another centre.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.dossiers.models import Dossier, TeamDecision
from vk.intake.models import Report


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    INVESTIGATION = "investigation", _("Investigation")
    MANDATED_FOLLOW_UP = "mandated_follow_up", _("Mandated follow-up")
    REFERRED_TO_PARKET = "referred_to_parket", _("Referred to the Jeugdparket")
    CLOSED = "closed", _("Closed")


OPEN_STATES: tuple[str, ...] = (
    State.RECEIVED,
    State.INVESTIGATION,
    State.MANDATED_FOLLOW_UP,
    State.REFERRED_TO_PARKET,
)

TRANSITIONS: dict[str, set[str]] = {
    # admissible → investigation; not admissible → closed
    State.RECEIVED: {State.INVESTIGATION, State.CLOSED},
    # not necessary → closed; necessary → mandated follow-up; refusal → Jeugdparket
    State.INVESTIGATION: {State.CLOSED, State.MANDATED_FOLLOW_UP, State.REFERRED_TO_PARKET},
    State.MANDATED_FOLLOW_UP: {State.CLOSED, State.REFERRED_TO_PARKET},
    State.REFERRED_TO_PARKET: {State.CLOSED},
    State.CLOSED: set(),
}


class ReferrerKind(models.TextChoices):
    YOUTH_HELP = "youth_help", _("Youth-help provider")
    JEUGDPARKET = "jeugdparket", _("Jeugdparket (public prosecutor)")
    MINOR = "minor", _("The minor")
    PARENT = "parent", _("A parent")
    PERSON_OF_TRUST = "person_of_trust", _("The minor's person of trust")
    OTHER_SERVICE = "other_service", _("Another service")


# Referrers held to the motivation document (M-document); others may refer in person.
PROFESSIONAL_REFERRERS = {ReferrerKind.YOUTH_HELP, ReferrerKind.OTHER_SERVICE}


class ClockStart(models.TextChoices):
    RECEIVED = "received", _("Receipt of the referral")
    ADMISSIBLE = "admissible", _("The admissibility decision")


class Admissibility(models.TextChoices):
    ADMISSIBLE = "admissible", _("Admissible")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")


class Decision(models.TextChoices):
    NOT_NECESSARY = "not_necessary", _("Help is not socially necessary")
    NECESSARY = "necessary", _("Help is socially necessary: mandated follow-up")
    PARKET = "parket", _("Referral to the Jeugdparket")


class Outcome(models.TextChoices):
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    BACK_TO_VOLUNTARY_HELP = "voluntary_help", _("Back to voluntary help")
    FOLLOW_UP_ENDED = "follow_up_ended", _("Mandated follow-up ended")
    REFERRED_TO_PARKET = "parket", _("Referred to the Jeugdparket")
    TRANSFERRED_TO_OCJ = "ocj", _("Transferred to an OCJ")


# A procedure was decided when it has a decision, or a state or outcome that only a
# decision leads to (older records may lack the decision itself).
DECIDED_STATES = (State.MANDATED_FOLLOW_UP, State.REFERRED_TO_PARKET)
DECIDED_OUTCOMES = (
    Outcome.BACK_TO_VOLUNTARY_HELP,
    Outcome.FOLLOW_UP_ENDED,
    Outcome.REFERRED_TO_PARKET,
)


class ProcedureQuerySet(CentreScopedQuerySet["Procedure"]):
    def open(self) -> ProcedureQuerySet:
        return self.exclude(state=State.CLOSED)

    def decided(self) -> ProcedureQuerySet:
        return self.filter(
            Q(decision__in=Decision.values)
            | Q(state__in=DECIDED_STATES)
            | Q(outcome__in=DECIDED_OUTCOMES)
        )


class Procedure(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="mano_procedures")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="mano_procedures")
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="mano_procedures"
    )
    state = models.CharField(max_length=20, choices=State, default=State.RECEIVED)
    received_on = models.DateField(_("received on"))
    # Referral
    referrer_kind = models.CharField(_("referred by"), max_length=20, choices=ReferrerKind)
    referrer_name = models.CharField(_("referrer (person and service)"), max_length=200)
    referrer_contact = models.CharField(_("referrer's contact details"), max_length=200, blank=True)
    motivation_summary = models.TextField(_("summary of the motivation"))
    # The motivation document (M-document) as uploaded to the dossier, if any.
    motivation_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The referral conditions: True / False, or None when not known yet.
    integrity_at_risk = models.BooleanField(
        _("the child's physical or psychological integrity is at risk"), null=True
    )
    voluntary_help_exhausted = models.BooleanField(
        _("voluntary help has been exhausted or refused"), null=True
    )
    referrer_team_decision = models.BooleanField(
        _("the referring service decided as a team"), null=True
    )
    family_informed = models.BooleanField(_("the family was told about the referral"), null=True)
    family_informed_on = models.DateField(_("date the family was told"), null=True, blank=True)
    # The clock
    clock_start = models.CharField(max_length=20, choices=ClockStart, default=ClockStart.RECEIVED)
    deadline_working_days = models.PositiveSmallIntegerField(default=65)
    clock_started_on = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    # Admissibility and decision
    admissibility = models.CharField(max_length=20, choices=Admissibility, blank=True)
    admissibility_reason = models.TextField(_("reason"), blank=True)
    conditions_justification = models.TextField(
        _("justification of the conditions that are not met"), blank=True
    )
    admissibility_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    decision_motivation = models.TextField(_("motivation of the decision"), blank=True)
    parket_referred_on = models.DateField(null=True, blank=True)
    parket_motivation = models.TextField(_("motivation of the referral"), blank=True)
    agreed_with_referrer = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("MaNo procedure")
        verbose_name_plural = _("MaNo procedures")
        indexes = [
            models.Index(fields=["centre", "state", "deadline"], name="mano_centre_state_deadline"),
            models.Index(fields=["centre", "received_on"], name="mano_centre_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(outcome=""),
                name="mano_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def is_professional_referral(self) -> bool:
        return self.referrer_kind in PROFESSIONAL_REFERRERS

    def missing_conditions(self) -> list[str]:
        """The labels of the referral conditions not (yet) confirmed."""
        return [
            str(self._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            for name in CONDITIONS
            if getattr(self, name) is not True
        ]

    @property
    def is_decided(self) -> bool:
        """The Python side of ProcedureQuerySet.decided."""
        return (
            self.decision in Decision.values
            or self.state in DECIDED_STATES
            or self.outcome in DECIDED_OUTCOMES
        )

    def decided_on_time(self) -> bool | None:
        if self.decision_on is None or self.deadline is None:
            return None
        return self.decision_on <= self.deadline


CONDITIONS = (
    "integrity_at_risk",
    "voluntary_help_exhausted",
    "referrer_team_decision",
    "family_informed",
)


class ProcedureHistory(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=State, blank=True)
    to_state = models.CharField(max_length=20, choices=State)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    team_decision = models.ForeignKey(
        TeamDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team_decision"], name="mano_history_one_per_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Move(models.Model):
    """The procedure moved to another centre (the family moved) or to an OCJ."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="moves")
    from_centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    to_centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_ocj = models.CharField(_("OCJ"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    moved_on = models.DateField(default=timezone.localdate)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["moved_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_centre__isnull=False, to_ocj="")
                | Q(to_centre__isnull=True) & ~Q(to_ocj=""),
                name="mano_move_to_centre_or_ocj",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.moved_on}"


# Transfer to the Jeugdparket ---------------------------------------------------------


class ParketTransferQuerySet(CentreScopedQuerySet["ParketTransfer"]):
    def unapproved(self) -> ParketTransferQuerySet:
        return self.filter(approved_at__isnull=True)


class ParketTransfer(models.Model):
    """The transfer report (overdrachtsverslag) of a procedure referred to the Jeugdparket.

    Drafted by the team with an explicit choice of the sensitive items to include
    (`included_items`, codes from vk.mano.report), approved by a team lead or the director
    who did not draft it (four eyes), then sent and acknowledged. The PDF is rendered and
    stored as a dossier document at approval, so what was approved is what is sent.
    disclosure.py holds the services.
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="transfers")
    # Denormalised from the procedure for row-level security.
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("recipient"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    # Codes of the sensitive items the team chose to include, e.g. "contact:12".
    included_items = models.JSONField(default=list, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    parket_reference = models.CharField(
        _("reference of the Jeugdparket"), max_length=100, blank=True
    )
    receipt_registered_on = models.DateField(
        _("acknowledgement received on"), null=True, blank=True
    )
    row_version = models.PositiveIntegerField(default=1)

    objects = ParketTransferQuerySet.as_manager()

    class Meta:
        ordering = ["drafted_at", "pk"]
        verbose_name = _("transfer to the Jeugdparket")
        verbose_name_plural = _("transfers to the Jeugdparket")
        constraints = [
            # Four eyes: whoever drafted the report never approves it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("drafted_by")),
                name="mano_transfer_four_eyes",
            ),
            # Approval, its moment and the stored PDF come together.
            models.CheckConstraint(
                condition=Q(
                    approved_by__isnull=True, approved_at__isnull=True, document__isnull=True
                )
                | Q(approved_by__isnull=False, approved_at__isnull=False, document__isnull=False),
                name="mano_transfer_approval_complete",
            ),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(approved_at__isnull=False),
                name="mano_transfer_sent_after_approval",
            ),
            models.CheckConstraint(
                condition=Q(receipt_registered_on__isnull=True) | Q(sent_on__isnull=False),
                name="mano_transfer_receipt_after_sending",
            ),
            # A new draft replaces the one waiting for approval.
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(approved_at__isnull=True),
                name="mano_transfer_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id}/{self.pk}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None
