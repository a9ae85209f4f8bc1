"""Centres, their staff, roles and teams.

Every record that later holds personal data carries its centre; reads go through
`in_centre()`, which returns nothing when there is no centre (fail closed).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class CentreScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """Base for every queryset of centre-owned rows: no centre means no rows."""

    def in_centre(self, centre: Centre | None) -> CentreScopedQuerySet[M]:
        if centre is None:
            return self.none()
        return self.filter(centre=centre)


class Province(models.TextChoices):
    ANTWERPEN = "antwerpen", _("Antwerp")
    LIMBURG = "limburg", _("Limburg")
    OOST_VLAANDEREN = "oost-vlaanderen", _("East Flanders")
    WEST_VLAANDEREN = "west-vlaanderen", _("West Flanders")
    VLAAMS_BRABANT = "vlaams-brabant", _("Flemish Brabant")
    BRUSSEL = "brussel", _("Brussels")


class CentreQuerySet(models.QuerySet["Centre"]):
    def serving(self, postcode: int) -> Centre | None:
        """The centre whose region contains a Belgian postcode, or None."""
        return self.filter(
            postcode_ranges__first__lte=postcode, postcode_ranges__last__gte=postcode
        ).first()


class Centre(models.Model):
    """One Vertrouwenscentrum Kindermishandeling (one per province, one in Brussels)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    province = models.CharField(_("province"), max_length=20, choices=Province, unique=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    triage_deadline_working_days = models.PositiveSmallIntegerField(
        _("triage deadline (working days)"),
        default=5,
        help_text=_("Working days from receipt within which the team decides the track."),
    )
    mano_deadline_working_days = models.PositiveSmallIntegerField(
        _("MaNo decision deadline (working days)"),
        default=65,
        help_text=_("Working days within which the centre decides whether help is necessary."),
    )
    mano_clock_start = models.CharField(
        _("the MaNo deadline counts from"),
        max_length=20,
        choices=[
            ("received", _("Receipt of the referral")),
            ("admissible", _("The admissibility decision")),
        ],
        default="received",
        help_text=_("Counting from receipt is the safe choice: it is never late."),
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the centre's public page, e.g. working days 9:00–17:00."),
    )
    complaint_acknowledge_working_days = models.PositiveSmallIntegerField(
        _("complaint acknowledgement (working days)"),
        default=5,
        help_text=_("Working days from receipt within which a complaint is acknowledged."),
    )
    complaint_answer_working_days = models.PositiveSmallIntegerField(
        _("complaint answer (working days)"),
        default=45,
        help_text=_("Working days from receipt within which the complainant gets an answer."),
    )
    row_version = models.PositiveIntegerField(default=1)

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name


class PostcodeRange(models.Model):
    """A closed range of Belgian postcodes that a centre serves."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="postcode_ranges")
    first = models.PositiveIntegerField(_("first postcode"))
    last = models.PositiveIntegerField(_("last postcode"))

    class Meta:
        ordering = ["first"]
        verbose_name = _("postcode range")
        verbose_name_plural = _("postcode ranges")
        constraints = [
            models.CheckConstraint(
                condition=Q(first__gte=1000, last__lte=9999, first__lte=models.F("last")),
                name="postcode_range_valid",
            ),
        ]
        indexes = [models.Index(fields=["first", "last"])]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    def clean(self) -> None:
        if self.first is None or self.last is None:
            return
        if self.first > self.last:
            raise ValidationError(_("The first postcode must not be higher than the last."))
        overlapping = PostcodeRange.objects.filter(first__lte=self.last, last__gte=self.first)
        if self.pk:
            overlapping = overlapping.exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(_("This range overlaps the region of another range."))


class Discipline(models.TextChoices):
    MEDICAL = "medical", _("Medical (confidential doctor)")
    PSYCHO_PEDAGOGICAL = "psycho_pedagogical", _("Psychological-pedagogical")
    SOCIAL = "social", _("Social")
    SECRETARIAT = "secretariat", _("Secretariat")


class Role(models.TextChoices):
    INTAKE = "intake", _("Intake")
    CASE_WORKER = "case_worker", _("Case worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    DIRECTOR = "director", _("Director")
    STATISTICS = "statistics", _("Statistics")
    COMPLAINTS = "complaints", _("Complaints officer")
    CENTRE_ADMIN = "centre_admin", _("Centre administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Data protection officer")


class UserQuerySet(CentreScopedQuerySet["User"]):
    def with_role(self, role: Role) -> UserQuerySet:
        return self.filter(role_grants__role=role)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member of one centre. Platform operators (Django admin) have no centre."""

    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
    )
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform operator"), default=False)
    date_joined = models.DateTimeField(_("created"), default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes = [models.Index(fields=["centre", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @cached_property
    def roles(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
        return frozenset(grant.role for grant in self.role_grants.all())

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    def role_labels(self) -> list[str]:
        return [str(role.label) for role in Role if role in self.roles]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique"),
        ]
        indexes = [models.Index(fields=["role", "user"])]

    def __str__(self) -> str:
        return self.get_role_display()


class Team(models.Model):
    """A multidisciplinary team within a centre (e.g. one per office)."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(User, related_name="teams", blank=True)

    objects = CentreScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="team_name_unique_in_centre"),
        ]

    def __str__(self) -> str:
        return self.name
