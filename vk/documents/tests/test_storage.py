"""Documents at rest: encrypted, randomly named, atomically written, key rotation,
and no file left behind when the database does not keep the row."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction

from vk.audit.models import Purpose
from vk.centres.models import User
from vk.documents import services, storage
from vk.documents.models import Document
from vk.documents.tests.files import MARKER, docx_bytes
from vk.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _upload(dossier: Dossier, by: User, content: bytes | None = None) -> Document:
    return services.upload_document(
        dossier=dossier,
        by=by,
        purpose=Purpose.ASSIGNMENT,
        title="Verslag",
        file=services.FileData(
            content=content or docx_bytes(),
            name="../../verslag.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            type_code="docx",
        ),
        flags={},
    )


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_the_file_on_disk_is_encrypted_and_decrypts_to_the_upload(
    dossier: Dossier, worker_a: User, document_root: Path
) -> None:
    content = docx_bytes()
    assert MARKER in content
    document = _upload(dossier, worker_a, content)
    [path] = _files(document_root)
    on_disk = path.read_bytes()
    assert on_disk != content
    assert MARKER not in on_disk
    assert storage.read(document.storage_name) == content
    assert services.read_content(document) == content


def test_the_storage_name_is_random_and_sharded_never_the_file_name(
    dossier: Dossier, worker_a: User, document_root: Path
) -> None:
    first = _upload(dossier, worker_a)
    second = _upload(dossier, worker_a)
    assert first.storage_name != second.storage_name
    assert len(first.storage_name) == 64
    path = storage.path_for(first.storage_name)
    assert path == document_root / first.storage_name[:2] / first.storage_name[2:4] / path.name
    assert "verslag" not in str(path)
    assert path.stat().st_mode & 0o077 == 0
    assert not [p for p in document_root.rglob(".tmp-*")]


def test_a_storage_name_that_is_not_a_token_is_refused() -> None:
    with pytest.raises(storage.StorageError):
        storage.path_for("../../etc/passwd")


def test_rotating_keys_still_decrypts_old_files_and_reencrypts_them(
    dossier: Dossier, worker_a: User, settings: Any
) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.VK_DOCUMENT_KEYS = [old_key]
    content = docx_bytes()
    document = _upload(dossier, worker_a, content)

    settings.VK_DOCUMENT_KEYS = [new_key, old_key]
    assert storage.read(document.storage_name) == content
    call_command("reencrypt_documents", stdout=StringIO())

    settings.VK_DOCUMENT_KEYS = [new_key]
    assert storage.read(document.storage_name) == content
    settings.VK_DOCUMENT_KEYS = [old_key]
    with pytest.raises(storage.StorageError):
        storage.read(document.storage_name)


def test_a_swapped_file_is_detected(dossier: Dossier, worker_a: User) -> None:
    first = _upload(dossier, worker_a, docx_bytes())
    second = _upload(dossier, worker_a, docx_bytes(macros=True))
    storage.path_for(second.storage_name).replace(storage.path_for(first.storage_name))
    with pytest.raises(storage.StorageError):
        services.read_content(first)


def test_no_file_is_left_behind_when_the_transaction_fails(
    dossier: Dossier, worker_a: User, document_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def _failing_audit(**kwargs: object) -> None:
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(services, "record_event", _failing_audit)
    with pytest.raises(RuntimeError):
        _upload(dossier, worker_a)
    assert not Document.objects.exists()
    assert _files(document_root) == []


def test_a_file_whose_row_is_rolled_back_by_the_caller_is_found_by_the_sweep(
    dossier: Dossier, worker_a: User, document_root: Path
) -> None:
    kept = _upload(dossier, worker_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        _upload(dossier, worker_a)
        raise RuntimeError("the caller's transaction fails")
    assert len(_files(document_root)) == 2
    known = set(Document.objects.values_list("storage_name", flat=True))
    [orphan] = storage.orphaned_names(known, min_age_seconds=0)
    assert orphan != kept.storage_name
    assert storage.orphaned_names(known, min_age_seconds=3600) == []
    call_command("sweep_document_files", "--delete", "--min-age-hours", "0", stdout=StringIO())
    assert [path.name for path in _files(document_root)] == [kept.storage_name]


def test_production_refuses_to_start_without_document_keys() -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VK_", "SECRET_KEY", "DJANGO_"))
    }
    env.update(
        VK_ENVIRONMENT="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="vk.example.org",
        DJANGO_SETTINGS_MODULE="vk.settings",
    )
    command = [sys.executable, "-c", "import vk.settings"]
    root = Path(django_settings.BASE_DIR)
    refused = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True)  # noqa: S603
    assert refused.returncode != 0
    assert "VK_DOCUMENT_KEYS must be set in production" in refused.stderr
    env["VK_DOCUMENT_KEYS"] = Fernet.generate_key().decode()
    started = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True)  # noqa: S603
    assert started.returncode == 0, started.stderr
    env["VK_DOCUMENT_KEYS"] = "not-a-key"
    bad = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True)  # noqa: S603
    assert "must hold Fernet keys" in bad.stderr
