"""manage.py load_code_list file.json: a new version of the funder's code lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vk.stats.code_lists import CodeListError, load_code_list


class Command(BaseCommand):
    help = "Validate a code-list definition (JSON) and store it as a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = json.loads(options["path"].read_text(encoding="utf-8"))
            stored = load_code_list(definition)
        except (OSError, ValueError, CodeListError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Stored {stored}.")
