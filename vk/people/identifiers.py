"""Belgian national register numbers (rijksregisternummer): validate, blind-index, mask.

The number itself is never stored. A keyed hash (HMAC-SHA256) allows an exact match
between records of one installation, and a mask showing only the last two digits lets
a worker recognise the number they typed.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.be import nn


def clean_national_number(value: str) -> str:
    """The number's 11 digits, or a Dutch ValidationError."""
    try:
        return str(nn.validate(value))
    except stdnum_errors.InvalidChecksum as error:
        raise ValidationError(
            _("This national register number is not valid: the check digits do not match."),
            code="checksum",
        ) from error
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            _("A national register number has 11 digits, e.g. 85.07.30-033.28."),
            code="format",
        ) from error


def national_number_index(digits: str) -> str:
    key = (settings.IDENTIFIER_HMAC_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, f"be.nn:{digits}".encode(), hashlib.sha256).hexdigest()


def mask_national_number(digits: str) -> str:
    return f"••.••.••-•••.{digits[-2:]}"
