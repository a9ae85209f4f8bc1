"""The centre's professional activities besides the work with families, counted for the
funder: coaching of professionals on a concrete situation, training sessions for
services (vorming) and awareness actions (sensibilisering).

None of them holds family data. A coaching is about a concrete situation, but the family
stays anonymous and the professional keeps the responsibility: there is no link to a
report, dossier or person, and the summary's help text asks not to type names.

Training sessions and awareness actions may be registered ahead (a date in the future):
they are "planned" until the day has come, which is a comparison with today, never a
stored flag. A coaching is registered after it took place.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SUMMARY_LIMIT = 2000
# Typing 0205 instead of 2025 happens; nothing the centres count lies this far back.
EARLIEST_DATE = datetime.date(2000, 1, 1)


class Sector(models.TextChoices):
    """The sector of the professional who asked for coaching."""

    SCHOOL = "school", _("School or CLB")
    CHILDCARE = "childcare", _("Childcare")
    HEALTH_CARE = "health_care", _("Health care (GP, hospital)")
    WELFARE = "welfare", _("Welfare or youth help")
    POLICE_JUSTICE = "police_justice", _("Police or justice")
    OTHER = "other", _("Other")


class Theme(models.TextChoices):
    """What the coaching question was about."""

    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    EMOTIONAL_ABUSE = "emotional_abuse", _("Emotional abuse")
    NEGLECT = "neglect", _("Neglect")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Witnessing domestic violence")
    RADICALISATION_OTHER = "radicalisation_other", _("Radicalisation or other")
    GENERAL = "general", _("General question")


class AwarenessKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture or info session")
    CAMPAIGN = "campaign", _("Campaign")
    STAND = "stand", _("Information stand")
    MEDIA = "media", _("Media (press, radio, TV)")
    PUBLICATION = "publication", _("Publication or article")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class ActivityQuerySet[M: models.Model](CentreScopedQuerySet[M]):
    def in_centre(self, centre: Centre | None) -> ActivityQuerySet[M]:
        return super().in_centre(centre)  # type: ignore[return-value]

    def between(
        self, start: datetime.date | None, end: datetime.date | None
    ) -> ActivityQuerySet[M]:
        """Activities on or after `start` and on or before `end` (either may be open)."""
        result = self
        if start is not None:
            result = result.filter(date__gte=start)
        if end is not None:
            result = result.filter(date__lte=end)
        return result

    def given(self, today: datetime.date) -> ActivityQuerySet[M]:
        """Activities that took place (not the planned ones)."""
        return self.filter(date__lte=today)


class Activity(models.Model):
    """What the three kinds share: the centre, the day, who registered it, the lock."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    # May the day lie in the future (a planned session)?
    may_be_planned: ClassVar[bool] = True

    objects = ActivityQuerySet["Activity"].as_manager()

    class Meta:
        abstract = True

    def is_planned(self, today: datetime.date | None = None) -> bool:
        return self.date > (today or timezone.localdate())

    @property
    def planned(self) -> bool:
        """For templates: the day has not come yet."""
        return self.is_planned()


class Coaching(Activity):
    """Coaching of a professional on a concrete situation; the family stays anonymous."""

    coached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coached by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.CharField(_("sector of the professional"), max_length=20, choices=Sector)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The kind or name of the organisation, e.g. primary school, CLB, GP."),
    )
    theme = models.CharField(_("theme of the question"), max_length=30, choices=Theme)
    contacts = models.PositiveSmallIntegerField(_("number of contacts"), default=1)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_LIMIT,
        blank=True,
        help_text=_(
            "What the question was and what was advised, in a few lines. Do not type the "
            "names of the family or the child, or anything else that identifies them."
        ),
    )

    may_be_planned = False

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("coaching")
        verbose_name_plural = _("coachings")
        indexes = [
            models.Index(fields=["centre", "date"], name="activities_coaching_date"),
            models.Index(fields=["centre", "coached_by", "date"], name="activities_coaching_staff"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(contacts__gte=1), name="coaching_contacts_positive"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1),
                name="coaching_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"coaching {self.pk}"


class Training(Activity):
    """A training session (vorming) the centre gave to a service or a group."""

    topic = models.CharField(_("topic"), max_length=200)
    target_group = models.CharField(
        _("target group"),
        max_length=200,
        help_text=_("Who the session was for, e.g. teachers, childcare workers, GPs."),
    )
    organisations = models.CharField(
        _("organisations"),
        max_length=300,
        help_text=_("The service or services that took part."),
    )
    participants = models.PositiveIntegerField(_("number of participants"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), related_name="+"
    )
    external_trainers = models.CharField(
        _("external trainers"),
        max_length=300,
        blank=True,
        help_text=_("Trainers from outside the centre, if any."),
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["centre", "date"], name="activities_training_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gte=1), name="training_participants_positive"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="training_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class AwarenessAction(Activity):
    """An awareness action (sensibilisering): a lecture, campaign, stand, article, …"""

    kind = models.CharField(_("kind"), max_length=20, choices=AwarenessKind)
    audience = models.CharField(
        _("audience"),
        max_length=200,
        help_text=_("Who the action was meant for, e.g. parents, students, the general public."),
    )
    reach = models.PositiveIntegerField(
        _("people reached"),
        null=True,
        blank=True,
        help_text=_("An estimate is fine; leave empty if not known."),
    )
    description = models.TextField(_("description"), max_length=SUMMARY_LIMIT, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff members"), related_name="+", blank=True
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("awareness action")
        verbose_name_plural = _("awareness actions")
        indexes = [models.Index(fields=["centre", "date"], name="activities_awareness_date")]

    def __str__(self) -> str:
        return f"awareness action {self.pk}"


def date_problem(
    model: type[Activity], day: datetime.date, today: datetime.date
) -> StrOrPromise | None:
    """Why `day` cannot be the date of this kind of activity, or None."""
    if day < EARLIEST_DATE:
        return _("This date lies too far in the past; check the year.")
    if day > today and not model.may_be_planned:
        return _("A coaching is registered once it took place: the date lies in the future.")
    return None
