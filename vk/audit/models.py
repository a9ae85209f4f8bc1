"""The access audit trail (NEN 7513 style): one append-only, hash-chained table.

Each centre has its own chain (`chain` = centre id, 0 for events without a centre such
as a failed login). Within a chain `seq` counts up without gaps and every entry stores
the hash of its predecessor, so `manage.py verify_audit` finds an altered, inserted or
deleted entry. On PostgreSQL a trigger also refuses UPDATE and DELETE.

Entries hold identifiers only: never names, dates of birth, addresses or case text.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Create")
    READ = "read", _("Read")
    UPDATE = "update", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    SEARCH = "search", _("Search")
    LOGIN = "login", _("Log in")
    LOGOUT = "logout", _("Log out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    MFA_CHANGE = "mfa_change", _("Two-step verification changed")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    DENIED = "denied", _("Denied")


class Purpose(models.TextChoices):
    """On which grounds the access was allowed (NEN 7513 'autorisatieprotocol')."""

    INTAKE = "intake", _("Intake and triage")
    ASSIGNMENT = "assignment", _("Assigned team")
    OVERSIGHT = "oversight", _("Oversight role")
    EMERGENCY = "emergency", _("Emergency access")
    ADMINISTRATION = "administration", _("Centre administration")
    COMPLAINTS = "complaints", _("Complaint handling")
    STATISTICS = "statistics", _("Statistics and accountability")
    SELF = "self", _("Own account")
    SYSTEM = "system", _("System")


class AuditEntry(models.Model):
    chain = models.PositiveIntegerField()
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    action = models.CharField(max_length=20, choices=Action)
    event = models.CharField(max_length=64)
    outcome = models.CharField(max_length=10, choices=Outcome, default=Outcome.SUCCESS)
    purpose = models.CharField(max_length=20, choices=Purpose)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_roles = models.CharField(max_length=200, blank=True)
    centre_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_time"),
            # Who looked at a file (review.newest_page): each index is read in time order.
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object"),
            models.Index(fields=["person_id", "occurred_at"], name="audit_person_time"),
            models.Index(fields=["centre_id", "occurred_at"], name="audit_centre_time"),
            # Audit review (vk/audit/review.py): entries about a dossier or a MaNo
            # procedure that name it in `detail`, reads and searches per user, and the
            # refused or failed entries.
            models.Index(
                KeyTransform("dossier", "detail"), F("occurred_at"), name="audit_detail_dossier"
            ),
            models.Index(
                KeyTransform("procedure", "detail"),
                F("occurred_at"),
                name="audit_detail_procedure",
            ),
            models.Index(
                fields=["centre_id", "action", "occurred_at"], name="audit_centre_action_time"
            ),
            models.Index(
                fields=["centre_id", "occurred_at"],
                condition=~Q(outcome="success"),
                name="audit_centre_unsuccessful",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chain}/{self.seq} {self.event}"
