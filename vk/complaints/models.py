"""The complaints register: separate from dossiers, one per centre.

A complaint may mention a family or a colleague, but it never links to a dossier: the
complaints officer handles the complaint without gaining access to any case file. The
deadlines are working days from receipt, copied from the centre's settings when the
complaint is registered (a later change of the norm does not move them).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet


class Stage(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_CONVERSATION = "in_conversation", _("In conversation with the helper")
    FORMAL = "formal", _("Formal handling")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STAGES = (Stage.RECEIVED, Stage.ACKNOWLEDGED, Stage.IN_CONVERSATION, Stage.FORMAL)

# The lifecycle: which stage a complaint may move to from each stage. One service per
# move in services.py; a note or an edit of the details keeps the stage.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.RECEIVED: (Stage.ACKNOWLEDGED,),
    Stage.ACKNOWLEDGED: (Stage.IN_CONVERSATION, Stage.FORMAL, Stage.ANSWERED),
    Stage.IN_CONVERSATION: (Stage.FORMAL, Stage.ANSWERED),
    Stage.FORMAL: (Stage.ANSWERED,),
    Stage.ANSWERED: (Stage.CLOSED,),
    Stage.CLOSED: (),
}


class Channel(models.TextChoices):
    WEB_FORM = "web_form", _("Complaint form on the website")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")


class ComplainantRole(models.TextChoices):
    MINOR = "minor", _("A child or young person")
    PARENT = "parent", _("A parent")
    FAMILY = "family", _("Another family member")
    PERSON_OF_TRUST = "person_of_trust", _("A person of trust")
    PROFESSIONAL = "professional", _("A professional")
    OTHER = "other", _("Someone else")


class Subject(models.TextChoices):
    HELP = "help", _("The content or the manner of the help")
    TREATMENT = "treatment", _("How I was treated or spoken to")
    RIGHTS = "rights", _("My rights were not respected")
    ACCESSIBILITY = "accessibility", _("Reaching the centre, waiting time")
    OTHER = "other", _("Something else")


class DiscussedWithHelper(models.TextChoices):
    YES = "yes", _("Yes, but we did not find a solution")
    NO = "no", _("No")
    NOT_POSSIBLE = "not_possible", _("No, that is not possible for me")


class ReplyBy(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")


class Outcome(models.TextChoices):
    WELL_FOUNDED = "well_founded", _("Well-founded")
    PARTLY = "partly", _("Partly well-founded")
    UNFOUNDED = "unfounded", _("Unfounded")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")


# A complaint found (partly) well-founded must say what the centre changed.
NEEDS_IMPROVEMENTS = (Outcome.WELL_FOUNDED, Outcome.PARTLY)


class Escalation(models.TextChoices):
    NONE = "", _("Not known")
    OPGROEIPUNT = "opgroeipunt", _("Opgroeipunt (Opgroeien)")
    CHILDRENS_RIGHTS = "childrens_rights", _("Children's Rights Commissioner")
    OTHER = "other", _("Another body")


class ComplaintQuerySet(CentreScopedQuerySet["Complaint"]):
    def open(self) -> ComplaintQuerySet:
        return self.filter(stage__in=OPEN_STAGES)

    def with_next_due(self) -> ComplaintQuerySet:
        """Annotate `next_due`: the acknowledgement deadline while the complaint waits for
        it, the answer deadline until it is answered, nothing afterwards."""
        return self.annotate(
            next_due=Case(
                When(stage=Stage.RECEIVED, then=F("acknowledge_due")),
                When(stage__in=OPEN_STAGES, then=F("answer_due")),
                default=Value(None),
                output_field=models.DateField(),
            )
        )

    def overdue(self, today: date) -> ComplaintQuerySet:
        """Open complaints whose next deadline lies before `today`."""
        return self.filter(overdue_condition(today))


def overdue_condition(today: date) -> Q:
    """An open complaint whose next deadline lies before `today`: not acknowledged in
    time, or not answered in time."""
    return Q(stage=Stage.RECEIVED, acknowledge_due__lt=today) | Q(
        stage__in=OPEN_STAGES, answer_due__lt=today
    )


class Complaint(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="complaints")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel)
    received_on = models.DateField(_("received on"))
    registered_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(_("language"), max_length=10, default="nl-be")

    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), max_length=400, blank=True)
    reply_by = models.CharField(_("reply by"), max_length=10, choices=ReplyBy, blank=True)
    complainant_role = models.CharField(_("complainant"), max_length=20, choices=ComplainantRole)

    subject = models.CharField(_("about"), max_length=20, choices=Subject)
    description = models.TextField(_("what happened"), max_length=6000)
    discussed_with_helper = models.CharField(
        _("discussed with the helper first"), max_length=20, choices=DiscussedWithHelper
    )
    wish = models.TextField(_("what the complainant would like"), max_length=3000, blank=True)

    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    acknowledge_due = models.DateField(_("acknowledge by"))
    answer_due = models.DateField(_("answer by"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    answer_summary = models.TextField(_("the answer in short"), max_length=6000, blank=True)
    improvements = models.TextField(_("what the centre changed"), max_length=6000, blank=True)
    escalated_to = models.CharField(
        _("the complainant went on to"), max_length=20, choices=Escalation, blank=True
    )
    row_version = models.PositiveIntegerField(default=1)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["centre", "stage", "answer_due"]),
            models.Index(fields=["centre", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=True) | ~Q(name=""), name="complaint_named_or_anonymous"
            ),
            models.CheckConstraint(
                condition=~Q(email="", phone="", address=""), name="complaint_has_reply_channel"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["received", "acknowledged", "in_conversation", "formal"])
                | ~Q(outcome=""),
                name="complaint_answered_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def next_due_date(self) -> date | None:
        """The deadline the officer works towards now (see `with_next_due`)."""
        if self.stage == Stage.RECEIVED:
            return self.acknowledge_due
        return self.answer_due if self.is_open else None

    @property
    def needs_improvements(self) -> bool:
        return self.outcome in NEEDS_IMPROVEMENTS


class ComplaintEvent(models.Model):
    """One step in the handling of a complaint: a stage change or a note."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    occurred_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=4000, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.stage}"
