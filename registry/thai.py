"""Thai formats used everywhere: Buddhist Era dates, fiscal years, Thai digits, baht, national IDs.

Plain functions; the template filters in `registry.templatetags.thai` wrap them.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

BE_OFFSET = 543

MONTHS_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def be_year(value: datetime.date) -> int:
    return value.year + BE_OFFSET


def _as_date(value):
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def date_short(value) -> str:
    """15 ม.ค. 2569"""
    if not value:
        return ""
    value = _as_date(value)
    return f"{value.day} {MONTHS_SHORT[value.month - 1]} {be_year(value)}"


def date_long(value) -> str:
    """15 มกราคม พ.ศ. 2569"""
    if not value:
        return ""
    value = _as_date(value)
    return f"{value.day} {MONTHS_LONG[value.month - 1]} พ.ศ. {be_year(value)}"


def fiscal_year(value) -> int:
    """The Thai government fiscal year (BE) a date falls in: 1 Oct 2025 – 30 Sep 2026 is 2569."""
    value = _as_date(value)
    return be_year(value) + (1 if value.month >= 10 else 0)


def fiscal_year_bounds(year_be: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a fiscal year given in BE."""
    ce = year_be - BE_OFFSET
    return datetime.date(ce - 1, 10, 1), datetime.date(ce, 9, 30)


def thai_digits(value) -> str:
    return str(value).translate(_THAI_DIGITS)


def baht(value, decimals: int = 2) -> str:
    """1234567.5 -> '1,234,567.50' (the unit is added by the caller or template)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{amount:,.{decimals}f}"


def national_id_digits(value) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def national_id_is_valid(value) -> bool:
    """13 digits whose last is the checksum of the first twelve (STACK.md)."""
    digits = national_id_digits(value)
    if len(digits) != 13 or len(str(value).replace("-", "").replace(" ", "")) != 13:
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return int(digits[12]) == (11 - total % 11) % 10


def national_id_format(value) -> str:
    """N-NNNN-NNNNN-NN-N"""
    d = national_id_digits(value)
    if len(d) != 13:
        return str(value or "")
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def national_id_mask(value) -> str:
    """1-2345-xxxxx-xx-1: enough to tell people apart on a list, not enough to use the number."""
    d = national_id_digits(value)
    if len(d) != 13:
        return "" if not value else "x-xxxx-xxxxx-xx-x"
    return f"{d[0]}-{d[1:5]}-xxxxx-xx-{d[12]}"
