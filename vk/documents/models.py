"""Documents in a dossier: uploaded files and the letters the centre sends.

The file itself is encrypted on disk (storage.py) under a random `storage_name`; the row
holds what is needed to find, check and label it, and the access flags that a later
file-access request (inzagerecht) by a minor, their confidant or the parents works with.
Documents are never deleted through the application: retention rules decide.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, CentreScopedQuerySet
from vk.documents.uploads import label_for
from vk.dossiers.models import Dossier


class Kind(models.TextChoices):
    UPLOAD = "upload", _("Upload")
    LETTER = "letter", _("Letter")


# The access flags, in the order forms and badges show them.
FLAG_FIELDS = (
    "confidential_source",
    "third_party_only",
    "for_court",
    "agogic_exception",
    "health",
)
# Everything a flag edit changes: the flags and the agogic exception's reason and review.
ACCESS_FIELDS = (*FLAG_FIELDS, "agogic_reason", "agogic_review_on")


class DocumentQuerySet(CentreScopedQuerySet["Document"]):
    pass


class Document(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    # Denormalised from the dossier for row-level security.
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("description"), max_length=200)
    # Only used as the file name of a download.
    original_name = models.CharField(max_length=255)
    # Detected from the file's bytes, never taken from the browser.
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # Random token naming the encrypted file; never derived from user input.
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.UPLOAD)
    # For letters: which letter (a key of vk.documents.letters.LETTERS).
    letter_kind = models.CharField(max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    row_version = models.PositiveIntegerField(default=1)

    # Access flags (domain addendum Q3): what a file-access request must leave out.
    confidential_source = models.BooleanField(_("given in confidence"), default=False)
    third_party_only = models.BooleanField(_("only about third parties"), default=False)
    for_court = models.BooleanField(_("drawn up for the court"), default=False)
    agogic_exception = models.BooleanField(_("agogic exception"), default=False)
    agogic_reason = models.TextField(_("reason for the agogic exception"), blank=True)
    agogic_review_on = models.DateField(_("review the agogic exception on"), null=True, blank=True)
    # Medical data under the patients' rights law: only the team's medical discipline.
    health = models.BooleanField(_("medical data"), default=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["dossier", "-uploaded_at"], name="document_dossier_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(agogic_exception=False)
                | (~Q(agogic_reason="") & Q(agogic_review_on__isnull=False)),
                name="document_agogic_exception_has_reason_and_review",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="document_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.pk}"

    @property
    def type_label(self) -> str:
        return label_for(self.content_type)

    @property
    def flag_labels(self) -> list[str]:
        """The labels of the flags that are set, for badges."""
        return [
            str(getattr(self._meta.get_field(name), "verbose_name", name))
            for name in FLAG_FIELDS
            if getattr(self, name)
        ]
