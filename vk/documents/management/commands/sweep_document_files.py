"""Find (and with --delete remove) encrypted files that no document row refers to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vk.documents import storage
from vk.documents.models import Document


class Command(BaseCommand):
    help = "List or remove document files without a database row (rolled-back uploads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove them.")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24,
            help="Leave younger files alone: their row may still be committing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        min_age = options["min_age_hours"] * 3600
        known = set(Document.objects.values_list("storage_name", flat=True))
        orphans = storage.orphaned_names(known, min_age)
        temporary = storage.stale_temporary_files(min_age)
        self.stdout.write(f"{len(orphans)} orphaned file(s), {len(temporary)} temporary file(s)")
        if options["delete"]:
            for name in orphans:
                storage.remove(name)
            for path in temporary:
                path.unlink(missing_ok=True)
            self.stdout.write("removed")
