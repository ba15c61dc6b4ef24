"""Thai formats used everywhere: Buddhist Era dates, fiscal years, Thai digits, baht, national IDs, phones.

Plain functions; the template filters in `kit.templatetags.thai` wrap them. The parsers (`parse_*`)
are the only readers of typed or imported national IDs, phone numbers and dates: form fields
(`kit.fields`), spreadsheet cells (`kit.imports.cells`) and search boxes all call them, so a
value is read the same way wherever it comes in. They raise `InputError` with a Thai message.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

BE_OFFSET = 543

MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class InputError(ValueError):
    """A typed or imported value that cannot be read; str() is the message for the user (Thai)."""


def arabic_digits(value) -> str:
    """Thai digits (๒๕๖๙) as Arabic ones (2569); anything else unchanged."""
    return str(value).translate(_ARABIC_DIGITS)


def whole_number(value, *, max_digits: int = 18) -> int | None:
    """A whole number typed or sent in a URL or form (Arabic or Thai digits, no sign),
    or None for anything else.

    At most 18 digits, so it fits every integer column: `"²".isdigit()` is true but int("²") fails, and a
    5,000-digit number is more than int() reads; neither may become a server error."""
    raw = arabic_digits(value if value is not None else "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= max_digits else None


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


def fiscal_year_now() -> int:
    """The fiscal year (BE) of today, in the project's time zone."""
    from django.utils import timezone

    return fiscal_year(timezone.localdate())


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


_ID_SEPARATORS = re.compile(r"[\s\-.]")


def national_id_candidate(value) -> str | None:
    """The 13 digits when `value` is written as one national ID (Thai or Arabic digits, with or without
    dashes, spaces or dots), else None: what a search box uses to tell an ID from a name."""
    raw = _ID_SEPARATORS.sub("", arabic_digits(value if value is not None else ""))
    return raw if len(raw) == 13 and raw.isascii() and raw.isdigit() else None


def _check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return int(digits[12]) == (11 - total % 11) % 10


def parse_national_id(value) -> str:
    """13 digits whose last is the checksum of the first twelve; dashes and spaces are allowed.

    The message never repeats the number: it may end up on an error page or in a log."""
    digits = national_id_candidate(value)
    if digits is None:
        raise InputError(_("A national ID number has 13 digits."))
    if not _check_digit_ok(digits):
        raise InputError(_("The check digit of the national ID number is wrong."))
    return digits


def national_id_is_valid(value) -> bool:
    try:
        parse_national_id(value)
    except InputError:
        return False
    return True


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


# --- numbers ------------------------------------------------------------------------------------------------
def number_text(value: str) -> str:
    """ "๑,๒๕๐,๐๐๐.๕๐ บาท" -> "1250000.50": amounts as offices type them (Thai digits,
    grouping commas, the unit)."""
    return arabic_digits(value).replace(",", "").replace("บาท", "").strip()


def parse_decimal(value) -> Decimal:
    """A number typed or imported: 1,250,000.50, Thai digits, "บาท" after it; a spreadsheet's own numbers."""
    if isinstance(value, bool):
        raise InputError(_("Not a number."))
    if isinstance(value, int | float):
        return Decimal(str(value))
    shown = " ".join(str(value if value is not None else "").split())
    try:
        number = Decimal(number_text(shown))
    except ArithmeticError as exc:
        raise InputError(_("“%(value)s” is not a number.") % {"value": shown[:30]}) from exc
    if not number.is_finite():
        raise InputError(_("Not a number."))
    return number


# --- phone numbers ------------------------------------------------------------------------------------------
_PHONE_EXTENSION = re.compile(r"\s*(?:ต่อ|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s\-.()]+$")


def parse_phone(value) -> str:
    """A Thai phone number as its digits with the leading 0: mobiles have 10 digits (06, 08, 09), landlines 9
    (02 to 05, 07), an extension may follow ("ต่อ 12"). +66 is read as 0. Blank gives "".

    Excel turns 0812345678 typed into a number cell into 812345678: the 0 is put back where that cannot be
    anything else (9 digits starting 6, 8 or 9 is a mobile; 8 digits starting 2 to 5 or 7 a landline)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = " ".join(arabic_digits(value).split())
    if not raw:
        return ""
    extension = ""
    if match := _PHONE_EXTENSION.search(raw):
        extension, raw = match.group(1), raw[: match.start()]
    if not _PHONE_CHARACTERS.match(raw):
        raise InputError(_("A phone number has only digits (and dashes or spaces), e.g. 081-234-5678."))
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.startswith("+") or (len(digits) == 11 and digits.startswith("66")):
        if not digits.startswith("66"):
            raise InputError(_("Only Thai phone numbers (+66) can be recorded."))
        digits = "0" + digits[2:]
    if len(digits) == 9 and digits[0] in "689" or len(digits) == 8 and digits[0] in "23457":
        digits = "0" + digits
    mobile = len(digits) == 10 and digits[:2] in ("06", "08", "09")
    landline = len(digits) == 9 and digits[:2] in ("02", "03", "04", "05", "07")
    if not (mobile or landline):
        raise InputError(
            _(
                "This is not a Thai phone number: a mobile number has 10 digits (e.g. 081-234-5678), "
                "a landline 9 (e.g. 043-812-345)."
            )
        )
    return f"{digits} ต่อ {extension}" if extension else digits


# --- dates --------------------------------------------------------------------------------------------------
# Anything outside these years (CE) is a typing mistake: nobody in the registers was born before 1900, and
# nothing is planned after 2100. Years from 2443 are read as Buddhist Era (2443 BE is 1900 CE).
YEAR_MIN, YEAR_MAX = 1900, 2100
BE_MIN, BE_MAX = YEAR_MIN + BE_OFFSET, YEAR_MAX + BE_OFFSET
_DATE_RE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_NAMES = (
    {name: i for i, name in enumerate(MONTHS_LONG, 1)}
    | {name.replace(".", ""): i for i, name in enumerate(MONTHS_SHORT, 1)}
    | {name: i for i, name in enumerate(MONTHS_SHORT, 1)}
)


def month_number(name: str) -> int | None:
    """1–12 for a Thai month name, long or short (with or without dots)."""
    return _MONTH_NAMES.get(name)


def parse_date(value) -> datetime.date:
    """Real dates (spreadsheet cells), d/m/yyyy in BE (15/01/2569) or CE (15/01/2026), yyyy-mm-dd, and
    "15 ม.ค. 2569". A two-digit year could be either era (or century),
    so it is refused rather than guessed."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        # A BE year typed into a date cell on a CE-configured Excel is stored as the year 2569.
        year = value.year - BE_OFFSET if value.year >= BE_MIN else value.year
        _check_year(year, value.year)
        return _make_date(year, value.month, value.day)
    raw = " ".join(arabic_digits(value if value is not None else "").split())
    if match := _DATE_RE.match(raw):
        day, month, year_text = match.groups()
        if len(year_text) != 4:
            raise InputError(
                _("Write the year with 4 digits (e.g. 2569 or 2026): “%(value)s” could be either era.")
                % {"value": raw}
            )
        year = int(year_text)
    elif match := _ISO_RE.match(raw):
        year_text, month, day = match.groups()
        year = int(year_text)
    else:
        parts = raw.split()
        if len(parts) == 3 and parts[1] in _MONTH_NAMES and parts[0].isdigit() and parts[2].isdigit():
            day, month, year = parts[0], _MONTH_NAMES[parts[1]], int(parts[2][:6])
        else:
            raise InputError(
                _("“%(value)s” is not a date. Use day/month/year, e.g. 15/01/2569.") % {"value": raw[:30]}
            )
    typed = year
    if year >= BE_MIN:
        year -= BE_OFFSET
    _check_year(year, typed)
    return _make_date(year, int(month), int(day))


def _check_year(year_ce: int, typed: int):
    if not (YEAR_MIN <= year_ce <= YEAR_MAX):
        raise InputError(
            _("The year %(year)s is neither a Buddhist Era nor a Christian Era year.") % {"year": typed}
        )


def _make_date(year, month, day) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise InputError(
            _("There is no such day: %(day)s/%(month)s/%(year)s.")
            % {"day": day, "month": month, "year": year + BE_OFFSET}
        ) from exc


_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")


def _number_words(value: int) -> str:
    """Thai words of a whole number (no "ศูนย์" for 0: the caller decides). Read in groups of
    six digits (ล้าน)."""
    if value >= 1_000_000:
        high, low = divmod(value, 1_000_000)
        return _number_words(high) + "ล้าน" + _number_words(low)
    words = []
    digits = str(value)
    for position, ch in enumerate(digits):
        digit, place = int(ch), len(digits) - position - 1
        if digit == 0:
            continue
        if place == 1 and digit == 1:
            words.append("สิบ")
        elif place == 1 and digit == 2:
            words.append("ยี่สิบ")
        elif place == 0 and digit == 1 and value > 10:
            words.append("เอ็ด")  # 11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด; but 1,000,001 หนึ่งล้านหนึ่ง
        else:
            words.append(_DIGIT_WORDS[digit] + _PLACE_WORDS[place])
    return "".join(words)


def baht_text(value) -> str:
    """An amount in Thai words, as written on cheques and agreements: 1234.50 ->
    'หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์', 20000 -> 'สองหมื่นบาทถ้วน'. Rounded to the satang."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        return "ลบ" + baht_text(-amount)
    baht_part, satang = divmod(int(amount * 100), 100)
    if baht_part == 0 and satang:
        return _number_words(satang) + "สตางค์"
    text = (_number_words(baht_part) or "ศูนย์") + "บาท"
    return text + (_number_words(satang) + "สตางค์" if satang else "ถ้วน")
