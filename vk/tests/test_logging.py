from __future__ import annotations

import logging
import sys
from typing import Any

from django.db import IntegrityError

from vk.lib.logging import RequestContextFilter


def _record_with(error: Exception) -> logging.LogRecord:
    try:
        raise error
    except type(error):
        return logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info()
        )


def test_exception_messages_are_dropped_from_log_records() -> None:
    record = _record_with(IntegrityError("Key (email)=(jan.peeters@school.test) already exists."))
    RequestContextFilter().filter(record)
    assert record.exc_info is None
    assert "jan.peeters" not in (record.exc_text or "")
    assert "IntegrityError" in (record.exc_text or "")


def test_query_strings_are_cut_from_request_log_lines() -> None:
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/staff/?naam=Jan",), None
    )
    RequestContextFilter().filter(record)
    assert record.getMessage() == "Not Found: /staff/"
    assert record.request_id == "-"


def test_production_log_lines_are_json_with_the_request_id() -> None:
    import json

    from django.conf import settings

    formatter_config: dict[str, Any] = dict(settings.LOGGING["formatters"]["json"])  # type: ignore[index]
    formatter_class = formatter_config.pop("()")
    module, _, name = formatter_class.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    record = logging.LogRecord("vk", logging.INFO, __file__, 1, "staff invitation sent", (), None)
    RequestContextFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "staff invitation sent"
    assert line["level"] == "INFO"
    assert line["request_id"] == "-"
