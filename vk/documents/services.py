"""Storing documents in a dossier and changing their access flags.

A file is encrypted and written before its row is saved; if the transaction fails, the
file is removed again. Every write records an audit entry in the same transaction, with
identifiers only (never the description or the file name).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.documents import storage
from vk.documents.models import ACCESS_FIELDS, FLAG_FIELDS, Document, Kind
from vk.dossiers.models import Dossier
from vk.lib.locking import save_versioned


class DocumentError(Exception):
    """A document that cannot be stored or changed; the message is for the user."""


@dataclass(frozen=True)
class FileData:
    """A file's content and what is known about it (type detected, never the browser's)."""

    content: bytes
    name: str
    content_type: str
    type_code: str


def upload_document(
    *,
    dossier: Dossier,
    by: User,
    purpose: Purpose,
    title: str,
    file: FileData,
    flags: Mapping[str, Any],
) -> Document:
    """Add an uploaded file (checked by vk.documents.uploads) to an open dossier."""
    return _store(
        dossier=dossier,
        by=by,
        purpose=purpose,
        title=title,
        file=file,
        kind=Kind.UPLOAD,
        flags=flags,
        event="documents.document.uploaded",
    )


def store_letter(
    *,
    dossier: Dossier,
    by: User,
    purpose: Purpose,
    letter_kind: str,
    title: str,
    file_name: str,
    pdf: bytes,
    flags: Mapping[str, Any] | None = None,
) -> Document:
    """Keep a generated letter in the open dossier (see vk.documents.letters).

    `flags` sets access flags at once, e.g. `for_court` for a report to the Jeugdparket.
    """
    return _store(
        dossier=dossier,
        by=by,
        purpose=purpose,
        title=title,
        file=FileData(pdf, file_name, "application/pdf", "pdf"),
        kind=Kind.LETTER,
        flags=flags or {},
        event="documents.letter.generated",
        letter_kind=letter_kind,
    )


def change_flags(
    *,
    document: Document,
    by: User,
    purpose: Purpose,
    expected_version: int,
    flags: Mapping[str, Any],
) -> Document:
    """Change a document's access flags, or raise EditConflict for a stale form.

    Allowed on a closed dossier too: file-access requests come long after closing.
    """
    _check_flag_names(flags)
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.centre_id != by.centre_id:
            raise DocumentError(_("This document belongs to another centre."))
        changed = save_versioned(current, expected_version=expected_version, changes=flags)
        record_event(
            action=Action.UPDATE,
            event="documents.document.flags_changed",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"dossier": current.dossier_id, "changed": changed},
        )
    return current


def read_content(document: Document) -> bytes:
    """The document's decrypted content, checked against the hash stored at upload."""
    content = storage.read(document.storage_name)
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise storage.StorageError("the file does not match its document")
    return content


def _store(
    *,
    dossier: Dossier,
    by: User,
    purpose: Purpose,
    title: str,
    file: FileData,
    kind: Kind,
    flags: Mapping[str, Any],
    event: str,
    letter_kind: str = "",
) -> Document:
    _check_flag_names(flags)
    if not file.content:
        raise DocumentError(_("The file is empty."))
    name = storage.new_name()
    try:
        storage.write(name, file.content)
        with transaction.atomic():
            current = _lock_open(dossier, by)
            document = Document.objects.create(
                dossier=current,
                centre_id=current.centre_id,
                title=title,
                original_name=file.name,
                content_type=file.content_type,
                size=len(file.content),
                sha256=hashlib.sha256(file.content).hexdigest(),
                storage_name=name,
                kind=kind,
                letter_kind=letter_kind,
                uploaded_by=by,
                **flags,
            )
            record_event(
                action=Action.CREATE,
                event=event,
                purpose=purpose,
                by=by,
                obj=document,
                detail={
                    "dossier": current.pk,
                    "type": file.type_code,
                    "size": document.size,
                    "flags": [flag for flag in FLAG_FIELDS if getattr(document, flag)],
                    **({"letter": letter_kind} if letter_kind else {}),
                },
            )
    except BaseException:
        # The row was not saved (or is rolled back): the file must not stay behind.
        storage.remove(name)
        raise
    return document


def _lock_open(dossier: Dossier, by: User) -> Dossier:
    """The dossier, re-read under a row lock: still open and of the user's centre."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if current.centre_id != by.centre_id:
        raise DocumentError(_("This dossier belongs to another centre."))
    if not current.is_open:
        raise DocumentError(_("This dossier is closed; reopen it first."))
    return current


def _check_flag_names(flags: Mapping[str, Any]) -> None:
    unknown = set(flags) - set(ACCESS_FIELDS)
    if unknown:
        raise ValueError(f"not access flags: {sorted(unknown)}")
