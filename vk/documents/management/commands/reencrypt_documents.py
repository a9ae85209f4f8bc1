"""Re-encrypt every document file with the first key of VK_DOCUMENT_KEYS.

After putting a new key first in VK_DOCUMENT_KEYS, run this; when it reports no
failures, the old keys can be removed from the list.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vk.documents import storage
from vk.documents.models import Document


class Command(BaseCommand):
    help = "Re-encrypt all document files with the current first key (key rotation)."

    def handle(self, *args: Any, **options: Any) -> None:
        done, failed = 0, []
        names = Document.objects.order_by("pk").values_list("pk", "storage_name")
        for pk, name in names.iterator(chunk_size=500):
            try:
                storage.reencrypt(name)
            except storage.StorageError:
                failed.append(pk)
            else:
                done += 1
        self.stdout.write(f"{done} file(s) re-encrypted")
        if failed:
            raise CommandError(f"{len(failed)} document(s) could not be re-encrypted: {failed}")
