"""Persons known to a centre: children (born or unborn) and the adults around them.

A person belongs to one centre. Names may be unknown at first. The national register
number is kept only as a keyed hash (exact matching) and a mask.
"""

from __future__ import annotations

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


class Person(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="persons")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    # Lower-case, accent-free, letters only: what fuzzy matching compares.
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    is_unborn = models.BooleanField(_("unborn"), default=False)
    expected_birth_date = models.DateField(_("expected date of birth"), null=True, blank=True)
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
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        if name:
            return name
        return str(_("Unborn child")) if self.is_unborn else str(_("Name unknown"))

    def refresh_name_key(self) -> None:
        self.name_key = name_key(self.first_name, self.last_name)
