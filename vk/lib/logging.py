"""Log filter that adds the request id and keeps personal data out of log records.

Django attaches the request object to some records and exception messages can carry
database values (an IntegrityError names the duplicate value). The filter drops the
request, keeps only the exception type and stack, and adds the request id so a log
line can be matched with audit entries.
"""

from __future__ import annotations

import logging
import traceback

from vk.lib.request_context import current_context


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = current_context()
        record.request_id = context.request_id if context else "-"
        if hasattr(record, "request"):
            del record.request
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            frames = traceback.format_tb(error.__traceback__)
            record.exc_text = "".join(frames) + f"{type(error).__module__}.{type(error).__name__}"
            record.exc_info = None
        if record.args and record.name == "django.request":
            # "Not Found: %s" and friends: keep the path, drop any query string.
            record.args = tuple(
                arg.split("?", 1)[0] if isinstance(arg, str) else arg for arg in record.args
            )
        return True
