"""Cell parsers: each turns one spreadsheet value into a Python value or raises CellError (Thai message).

They are called for every cell of files with tens of thousands of rows, so each is a plain function
with no database access; references (villages, people, occupations) are resolved in bulk afterwards.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from kit import thai

# A cell that cannot be read: the shared parsers' error, so national IDs, phones and dates are read here
# exactly as in forms and search boxes (kit/thai.py).
CellError = thai.InputError


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or house number typed into a number cell
    return " ".join(str(value).split())


def national_id(value) -> str:
    return thai.parse_national_id(text(value))


def phone(value) -> str:
    return thai.parse_phone(
        value if isinstance(value, int | float) and not isinstance(value, bool) else text(value)
    )


def decimal(value) -> Decimal:
    return thai.parse_decimal(value)


def integer(value) -> int:
    number = decimal(value)
    if abs(number) >= 10**18:  # no column holds it, and int() of 1e999999 would take its time
        raise CellError(_("The number is too large."))
    if number != number.to_integral_value():
        raise CellError(_("A whole number is needed."))
    return int(number)


def year_be(value) -> int:
    year = integer(value)
    if thai.YEAR_MIN <= year <= thai.YEAR_MAX:
        year += thai.BE_OFFSET
    if not (2500 <= year <= 2700):
        raise CellError(_("The year must be a Buddhist Era year such as 2569."))
    return year


def date(value) -> datetime.date:
    return thai.parse_date(value)


def past_date(value) -> datetime.date:
    """A date that has happened (a birth date): not after today."""
    from django.utils import timezone

    day = thai.parse_date(value)
    if day > timezone.localdate():
        raise CellError(_("The date cannot be in the future."))
    return day


TRUE_WORDS = {"ใช่", "มี", "เป็น", "y", "yes", "true", "1", "✓", "/", "x", "ผ่าน"}
FALSE_WORDS = {"ไม่", "ไม่ใช่", "ไม่มี", "ไม่เป็น", "n", "no", "false", "0", "-", "ไม่ผ่าน"}


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS or raw == "":
        return False
    raise CellError(_("Write ใช่ or ไม่ใช่."))


def months(value) -> int:
    """'ม.ค. ก.พ. มี.ค.', 'มกราคม, กุมภาพันธ์', '1,2,3', '1-3' or 'ตลอดปี' -> a 12-bit mask."""
    raw = thai.arabic_digits(text(value))
    if raw in ("ตลอดปี", "ทั้งปี", "ทุกเดือน"):
        return (1 << 12) - 1
    mask = 0
    for token in re.split(r"[\s,;]+", raw):
        if not token:
            continue
        if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})", token):
            first, last = int(m.group(1)), int(m.group(2))
            if not (1 <= first <= 12 and 1 <= last <= 12):
                raise CellError(_("Months are 1 to 12."))
            month_range = (
                range(first, last + 1) if first <= last else [*range(first, 13), *range(1, last + 1)]
            )
            for month in month_range:
                mask |= 1 << (month - 1)
        elif token.isascii() and token.isdigit() and 1 <= int(token) <= 12:
            mask |= 1 << (int(token) - 1)
        elif thai.month_number(token):
            mask |= 1 << (thai.month_number(token) - 1)
        else:
            raise CellError(_("“%(value)s” is not a month.") % {"value": token[:20]})
    return mask


def choice(mapping: dict):
    """A parser accepting the Thai labels (and values) of a TextChoices, case and space insensitive."""
    lookup = {" ".join(str(k).lower().split()): v for k, v in mapping.items()}

    def parse(value):
        key = text(value).lower()
        if key in lookup:
            return lookup[key]
        raise CellError(_("Use one of: %(choices)s.") % {"choices": ", ".join(parse.allowed)})

    # What the template offers as a drop-down list and the error message names: the Thai words.
    # One word per value (the first Thai one: ชาย, not its abbreviation ช); the others are still accepted.
    firsts = {}
    for key, value in mapping.items():
        if not str(key).isascii():
            firsts.setdefault(value, str(key))
    parse.allowed = list(firsts.values()) or [str(k) for k in mapping]
    return parse
