"""Cell parsers: each turns one spreadsheet value into a Python value or raises CellError (Thai message).

They are called for every cell of files with tens of thousands of rows, so each is a plain function
with no database access; references (villages, people, occupations) are resolved in bulk afterwards.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from registry import thai

BE_MIN, BE_MAX = 2400, 2700
CE_MIN, CE_MAX = 1880, 2200
_DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_MONTH_NAMES = {name: i for i, name in enumerate(thai.MONTHS_LONG, 1)} | {
    name.replace(".", ""): i for i, name in enumerate(thai.MONTHS_SHORT, 1)} | {
    name: i for i, name in enumerate(thai.MONTHS_SHORT, 1)}


class CellError(ValueError):
    pass


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or house number typed into a number cell
    return " ".join(str(value).split())


def national_id(value) -> str:
    raw = text(value).translate(_THAI_TO_ARABIC).replace("-", "").replace(" ", "")
    if not thai.national_id_is_valid(raw):
        if len(raw) != 13 or not raw.isdigit():
            raise CellError(_("A national ID number has 13 digits."))
        raise CellError(_("The check digit of the national ID number is wrong."))
    return raw


def decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Not a number."))
    if isinstance(value, int | float):
        return Decimal(str(value))
    raw = text(value).translate(_THAI_TO_ARABIC).replace(",", "").replace("บาท", "").strip()
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text(value)[:30]}) from exc
    if not number.is_finite():
        raise CellError(_("Not a number."))
    return number


def integer(value) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("A whole number is needed."))
    return int(number)


def year_be(value) -> int:
    year = integer(value)
    if CE_MIN <= year <= CE_MAX:
        year += thai.BE_OFFSET
    if not (2500 <= year <= BE_MAX):
        raise CellError(_("The year must be a Buddhist Era year such as 2569."))
    return year


def date(value) -> datetime.date:
    """Accepts real date cells, d/m/yyyy in BE (15/01/2569) or CE (15/01/2026), and yyyy-mm-dd.

    A two-digit year could be either era (or century), so it is refused rather than guessed.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        # A BE year typed into a date cell on a CE-configured Excel is stored as the year 2569.
        if value.year >= BE_MIN:
            return _make_date(value.year - thai.BE_OFFSET, value.month, value.day)
        return value
    raw = text(value).translate(_THAI_TO_ARABIC)
    if match := _DATE_RE.match(raw):
        day, month, year_text = match.groups()
        if len(year_text) != 4:
            raise CellError(_("Write the year with 4 digits (e.g. 2569 or 2026): “%(value)s” could be either era.")
                            % {"value": raw})
        year = int(year_text)
    elif match := _ISO_RE.match(raw):
        year_text, month, day = match.groups()
        year = int(year_text)
    else:
        parts = raw.split()
        if len(parts) == 3 and parts[1] in _MONTH_NAMES and parts[0].isdigit() and parts[2].isdigit():
            day, month, year = parts[0], _MONTH_NAMES[parts[1]], int(parts[2])
        else:
            raise CellError(_("“%(value)s” is not a date. Use day/month/year, e.g. 15/01/2569.") % {"value": raw[:30]})
    if BE_MIN <= year <= BE_MAX:
        year -= thai.BE_OFFSET
    elif not (CE_MIN <= year <= CE_MAX):
        raise CellError(_("The year %(year)s is neither a Buddhist Era nor a Christian Era year.") % {"year": year})
    return _make_date(year, int(month), int(day))


def _make_date(year, month, day) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("There is no such day: %(day)s/%(month)s/%(year)s.")
                        % {"day": day, "month": month, "year": year + thai.BE_OFFSET}) from exc


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
    raw = text(value).translate(_THAI_TO_ARABIC)
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
            month_range = range(first, last + 1) if first <= last else [*range(first, 13), *range(1, last + 1)]
            for month in month_range:
                mask |= 1 << (month - 1)
        elif token.isdigit() and 1 <= int(token) <= 12:
            mask |= 1 << (int(token) - 1)
        elif token in _MONTH_NAMES:
            mask |= 1 << (_MONTH_NAMES[token] - 1)
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
