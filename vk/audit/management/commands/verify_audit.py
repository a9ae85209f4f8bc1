from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vk.audit.services import verify_trail


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chains; exit non-zero at the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_trail()
        if result.first_break is not None:
            broken = result.first_break
            raise CommandError(
                f"Audit trail broken at entry id={broken.entry_id} "
                f"(chain {broken.chain}, seq {broken.seq}): {broken.reason}."
            )
        self.stdout.write(f"Audit trail intact: {result.entries} entries checked.")
        for head in result.heads:
            self.stdout.write(f"  chain {head.chain}: {head.seq} entries, head {head.hash}")
