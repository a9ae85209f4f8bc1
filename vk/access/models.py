"""Emergency access ("break the glass"): a time-limited grant outside the team, reviewed
afterwards by a team lead. The access rule (rules.py) honours an active grant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.dossiers.models import Dossier


class Judgement(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified")


class EmergencyAccessQuerySet(CentreScopedQuerySet["EmergencyAccess"]):
    def active(self) -> EmergencyAccessQuerySet:
        return self.filter(ended_at__isnull=True, expires_at__gt=timezone.now())

    def awaiting_review(self) -> EmergencyAccessQuerySet:
        return self.filter(reviewed_at__isnull=True)


class EmergencyAccess(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judgement = models.CharField(_("judgement"), max_length=20, choices=Judgement, blank=True)
    review_note = models.TextField(_("note"), blank=True)
    row_version = models.PositiveIntegerField(default=1)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = [
            models.Index(fields=["user", "dossier", "expires_at"], name="emergency_user_dossier"),
            models.Index(
                fields=["centre", "started_at"],
                condition=Q(reviewed_at__isnull=True),
                name="emergency_awaiting_review",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, judgement="")
                | Q(reviewed_at__isnull=False) & ~Q(judgement=""),
                name="emergency_review_has_judgement",
            ),
            models.CheckConstraint(
                condition=~Q(reviewed_by=models.F("user")),
                name="emergency_not_reviewed_by_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}→{self.dossier_id} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


# Disclosure register ----------------------------------------------------------------


class DisclosureKind(models.TextChoices):
    PARKET_REPORT = "parket_report", _("Transfer report to the Jeugdparket")
    LETTER = "letter", _("Letter")
    PROFESSIONAL = "professional", _("Information shared with a professional")
    EXPORT = "export", _("Export")
    FILE_COPY = "file_copy", _("Copy of the file")
    STATISTICS = "statistics", _("Statistical figures")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent of the person concerned")
    SHARED_SECRECY = "shared_secrecy", _("Shared professional secrecy")
    CASE_CONSULTATION = "case_consultation", _("Case consultation (art. 458ter Criminal Code)")
    STATE_OF_NECESSITY = "state_of_necessity", _("State of necessity / art. 458bis Criminal Code")
    MANO_MANDATE = "mano_mandate", _("MaNo mandate (decree on integral youth care)")
    OWN_DATA = "own_data", _("The family's own information")
    DATA_SUBJECT_REQUEST = "data_subject_request", _("Request of the person concerned (GDPR)")
    # The working basis for figures given to the funder (and on its behalf to the
    # inspection): the centres register reports and report on them to Opgroeien, as
    # recognised and subsidised centres (domain addendum Q5; the article is not
    # confirmed yet).
    FUNDER_REPORTING = "funder_reporting", _("Reporting duty to the funder (recognition decree)")


class Disclosure(models.Model):
    """Something that left the centre with personal data: to whom, on which ground,
    what, and who decided. Written by the services that disclose, never by hand.

    Every disclosure comes from a dossier, except statistical figures: they are about the
    centre's whole caseload (and pass small-cell suppression first)."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="disclosures", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DisclosureKind)
    recipient = models.CharField(_("recipient"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis)
    legal_basis_text = models.CharField(max_length=300, blank=True)
    what = models.CharField(_("what was shared"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(default=timezone.now)
    source_type = models.CharField(max_length=64)
    source_id = models.CharField(max_length=64)

    class Meta:
        ordering = ["-disclosed_at", "-pk"]
        indexes = [models.Index(fields=["dossier", "-disclosed_at"], name="disclosure_dossier")]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind"], name="disclosure_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(dossier__isnull=False) | Q(kind=DisclosureKind.STATISTICS),
                name="disclosure_dossier_unless_statistics",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id or self.centre_id} {self.kind} {self.disclosed_at:%Y-%m-%d}"
