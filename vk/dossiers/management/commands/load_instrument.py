"""Load an assessment instrument (a JSON definition) as a new version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vk.dossiers.instruments import InstrumentError, load_instrument


class Command(BaseCommand):
    help = "Validate and store an assessment instrument definition (JSON) as a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="JSON file with the definition")
        parser.add_argument(
            "--retire-older",
            action="store_true",
            help="mark older versions of the same instrument inactive for new assessments",
        )

    def handle(self, *args: Any, path: Path, retire_older: bool, **options: Any) -> None:
        try:
            definition = json.loads(path.read_text(encoding="utf-8"))
            instrument, created = load_instrument(definition)
        except (OSError, json.JSONDecodeError, InstrumentError) as error:
            raise CommandError(str(error)) from error
        if retire_older:
            type(instrument).objects.filter(
                code=instrument.code, version__lt=instrument.version
            ).update(active=False)
        verb = "Loaded" if created else "Already loaded:"
        self.stdout.write(f"{verb} {instrument.code} version {instrument.version}.")
