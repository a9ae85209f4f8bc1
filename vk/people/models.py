"""Persons known to a centre: children (born or unborn) and the adults around them.

A person belongs to one centre. Names may be unknown at first. The national register
number is kept only as a keyed hash (exact matching) and a mask. When a child's date of
birth is not known, an estimated year of birth may stand in for it (see `Person.age_on`).
"""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.lib.indexes import PostgresGinIndex
from vk.people.names import name_key


class Gender(models.TextChoices):
    GIRL_OR_WOMAN = "f", _("Female")
    BOY_OR_MAN = "m", _("Male")
    OTHER = "x", _("Other")
    UNKNOWN = "", _("Unknown")


class PersonQuerySet(CentreScopedQuerySet["Person"]):
    pass


def age_on(birth: date, day: date) -> int:
    """Whole years from `birth` to `day`: the birthday counts from that day on (one born
    on 29 February turns a year older on 1 March in other years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Person(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="persons")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    # Lower-case, accent-free, letters only: what fuzzy matching compares.
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    is_unborn = models.BooleanField(_("unborn"), default=False)
    expected_birth_date = models.DateField(_("expected date of birth"), null=True, blank=True)
    # When the date of birth is not known: the year of birth from an age estimate in whole
    # years (leeftijdsschatting), counted from the day the report came in.
    estimated_birth_year = models.PositiveSmallIntegerField(
        _("estimated year of birth"), null=True, blank=True
    )
    extended_minority = models.BooleanField(_("extended minority"), default=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")
    national_number_index = models.CharField(max_length=64, blank=True, editable=False)
    national_number_mask = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a transfer copied this person from another centre (the original is still
    # needed there); a later transfer of the same person reuses this copy.
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["centre", "name_key"], name="person_centre_name"),
            # Search before create (vk/people/matching.py): names of one centre similar to
            # a typed name, with pg_trgm's `%`; btree_gin lets the centre be a key of the
            # same GIN index. PostgreSQL only: SQLite compares names in Python.
            PostgresGinIndex(
                "centre", OpClass("name_key", name="gin_trgm_ops"), name="person_centre_name_trgm"
            ),
            models.Index(fields=["centre", "birth_date"], name="person_centre_birth"),
            models.Index(fields=["centre", "postcode"], name="person_centre_postcode"),
            models.Index(
                fields=["centre", "national_number_index"],
                name="person_centre_nn",
                condition=~Q(national_number_index=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_unborn=False) | Q(birth_date__isnull=True),
                name="person_unborn_has_no_birth_date",
            ),
            # An estimate only stands in for an unknown date of birth of a born person.
            models.CheckConstraint(
                condition=Q(estimated_birth_year__isnull=True)
                | Q(birth_date__isnull=True, is_unborn=False),
                name="person_estimate_only_without_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        if name:
            return name
        return str(_("Unborn child")) if self.is_unborn else str(_("Name unknown"))

    def age_on(self, day: date) -> int | None:
        """The person's age in whole years on `day`; the statistics count with this rule.

        - From the date of birth when it is known: a year older on each birthday.
        - Else from the estimated year of birth: the difference of the years, the same
          the whole year through. An estimate of 8 years typed for a report of 2026 is
          the year 2018, so the child counts as 8 throughout 2026 and 9 throughout 2027.
        - None for an unborn child, on a day before the (estimated) birth, and when
          neither the date of birth nor an estimate is known.
        """
        if self.is_unborn:
            return None
        if self.birth_date is not None:
            return age_on(self.birth_date, day) if self.birth_date <= day else None
        if self.estimated_birth_year is not None and self.estimated_birth_year <= day.year:
            return day.year - self.estimated_birth_year
        return None

    @property
    def estimated_age(self) -> int | None:
        """Today's age from the estimate, when only an estimate is known (for display)."""
        if self.birth_date is not None or self.estimated_birth_year is None:
            return None
        return self.age_on(timezone.localdate())

    def refresh_name_key(self) -> None:
        self.name_key = name_key(self.first_name, self.last_name)
