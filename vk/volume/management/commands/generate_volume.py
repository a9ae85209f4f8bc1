"""`manage.py generate_volume --scale smoke|flanders|national [--factor F] [--seed N]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vk.volume.generator import GenerationRefused, generate
from vk.volume.shape import SCALES


class Command(BaseCommand):
    help = (
        "Fill a fresh PostgreSQL database with ten years of fictional casework for the "
        "benchmark (see vk/volume/generator.py for the shape and the numbers)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument(
            "--factor", type=float, default=1.0, help="Multiply every number of the scale."
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices.")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress line on stderr."
        )

    def handle(
        self, *args: Any, scale: str, factor: float, seed: int, no_progress: bool, **options: Any
    ) -> None:
        if factor <= 0:
            raise CommandError("--factor must be positive.")
        try:
            summary = generate(scale, factor=factor, seed=seed, progress=not no_progress)
        except GenerationRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(summary.table())
        for centre_id, ids in summary.large_dossier_ids.items():
            self.stdout.write(f"large dossiers of centre {centre_id}: {ids}")
        self.stdout.write(f"most accessed persons: {summary.most_accessed_person_ids[:10]}")
        self.stdout.write(self.style.SUCCESS(f"Generated {scale} × {factor} (seed {seed})."))
