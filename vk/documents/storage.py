"""Encrypted files at rest for dossier documents.

Each document is one file under `settings.VK_DOCUMENT_ROOT`, named by a random token
(sharded into two levels of sub-directories by its first characters) and encrypted
with Fernet (AES-128-CBC + HMAC-SHA256). `settings.VK_DOCUMENT_KEYS` lists the keys:
the first encrypts, every one of them decrypts, so a new key is put first and the old
ones stay until `manage.py reencrypt_documents` has rewritten every file. Outside
production a key derived from SECRET_KEY is used when none is set; production refuses
to start without one (settings.py).

Files are written to a temporary file in the target directory and moved into place
with one rename, so a reader never sees half a file.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import tempfile
import time
from collections.abc import Collection, Iterator
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

_NAME = re.compile(r"^[0-9a-f]{64}$")
_TEMP_PREFIX = ".tmp-"


class StorageError(Exception):
    """A stored file is missing, unreadable or not what its row says."""


def new_name() -> str:
    """A fresh random storage name (256 bits, hex)."""
    return secrets.token_hex(32)


def path_for(name: str) -> Path:
    if not _NAME.match(name):
        raise StorageError("not a storage name")
    return Path(settings.VK_DOCUMENT_ROOT) / name[:2] / name[2:4] / name


def write(name: str, data: bytes) -> None:
    """Encrypt `data` and store it under `name`, atomically."""
    target = path_for(name)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _replace(target, _fernet().encrypt(data))


def read(name: str) -> bytes:
    """The decrypted content stored under `name`."""
    try:
        token = path_for(name).read_bytes()
    except OSError as error:
        raise StorageError("the file cannot be read") from error
    try:
        return _fernet().decrypt(token)
    except InvalidToken as error:
        raise StorageError("the file cannot be decrypted with any of the keys") from error


def remove(name: str) -> None:
    """Delete the file (only for files whose database row was never committed)."""
    path_for(name).unlink(missing_ok=True)


def reencrypt(name: str) -> None:
    """Re-encrypt a file with the current first key (after a key rotation)."""
    path = path_for(name)
    try:
        token = _fernet().rotate(path.read_bytes())
    except OSError as error:
        raise StorageError("the file cannot be read") from error
    except InvalidToken as error:
        raise StorageError("the file cannot be decrypted with any of the keys") from error
    _replace(path, token)


def stored_names() -> Iterator[str]:
    """Every storage name present on disk (temporary files excluded)."""
    root = Path(settings.VK_DOCUMENT_ROOT)
    if not root.is_dir():
        return
    for path in root.glob("*/*/*"):
        if _NAME.match(path.name):
            yield path.name


def orphaned_names(known: Collection[str], min_age_seconds: float) -> list[str]:
    """Files on disk without a database row, at least `min_age_seconds` old.

    They come from a transaction rolled back by a caller after the document service
    returned (the service itself removes the file when its own transaction fails).
    """
    cutoff = time.time() - min_age_seconds
    return sorted(
        name
        for name in stored_names()
        if name not in known and path_for(name).stat().st_mtime <= cutoff
    )


def stale_temporary_files(min_age_seconds: float) -> list[Path]:
    """Temporary files of writes that never finished (a crash between write and rename)."""
    root = Path(settings.VK_DOCUMENT_ROOT)
    cutoff = time.time() - min_age_seconds
    return sorted(
        path for path in root.glob(f"*/*/{_TEMP_PREFIX}*") if path.stat().st_mtime <= cutoff
    )


def _replace(target: Path, token: bytes) -> None:
    """Write `token` to a temporary file beside `target`, then rename it into place."""
    with tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=_TEMP_PREFIX, delete=False
    ) as temporary:
        try:
            temporary.write(token)
            temporary.flush()
            os.fsync(temporary.fileno())
        except BaseException:
            Path(temporary.name).unlink(missing_ok=True)
            raise
    Path(temporary.name).replace(target)


def _fernet() -> MultiFernet:
    keys = list(settings.VK_DOCUMENT_KEYS)
    if not keys:
        # Development and tests only: production refuses to start without keys.
        digest = hashlib.sha256(f"vk.documents:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])
