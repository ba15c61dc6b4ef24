"""The readers and formats of kit/thai.py, value by value: whole numbers, amounts, national IDs, phones, dates
in either era and Thai month names, each refusal's message, and the formats' edge cases (no value, a
date-time, a number that is not 13 digits)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kit import thai


@pytest.fixture(autouse=True)
def thai_language():
    with translation.override("th"):
        yield


def refusal(call, *args) -> str:
    with pytest.raises(thai.InputError) as caught:
        call(*args)
    return str(caught.value)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("12", 12),
        ("๑๒", 12),
        (" 7 ", 7),
        (5, 5),
        ("0", 0),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        (None, None),
        ("", None),
        ("-3", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits are digits to Python, not to us
        ("1.5", None),
    ],
)
def test_whole_numbers(value, number):
    assert thai.whole_number(value) == number


def test_whole_numbers_have_at_most_the_digits_asked():
    assert thai.whole_number("123", max_digits=3) == 123
    assert thai.whole_number("1234", max_digits=3) is None


def test_dates_are_shown_in_the_buddhist_era_and_nothing_for_no_date():
    assert thai.be_year(datetime.date(2026, 5, 1)) == 2569
    assert thai.date_short(None) == "" and thai.date_long("") == ""
    assert thai.date_short(datetime.datetime(2026, 1, 15, 23, 30)) == "15 ม.ค. 2569"  # naive: its own date
    assert thai.date_long(datetime.date(2026, 12, 1)) == "1 ธันวาคม พ.ศ. 2569"
    assert thai.date_short(datetime.date(2026, 10, 9)) == "9 ต.ค. 2569"


def test_the_fiscal_year_of_today_is_in_bangkok(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2025, 10, 1))
    assert thai.fiscal_year_now() == 2569
    aware = datetime.datetime(2025, 9, 30, 18, 0, tzinfo=datetime.UTC)  # 1 October 01:00 in Bangkok
    assert thai.fiscal_year(aware) == 2569


def test_baht_rounds_half_up_and_shows_nothing_for_nothing():
    assert thai.baht("") == ""
    assert thai.baht(Decimal("2.5"), 0) == "3"
    assert thai.baht(Decimal("-1234.5")) == "-1,234.50"
    assert thai.baht("1000000") == "1,000,000.00"
    assert thai.baht(Decimal("0.005")) == "0.01"
    assert thai.baht(Decimal("12.345"), 1) == "12.3"


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        (None, None),
        ("", None),
        ("๑๑๐๑๗๐๐๒๐๓๔๕๐", "1101700203450"),
        ("110170020345０", None),
        ("110170020345", None),
    ],
)
def test_a_national_id_candidate_is_13_ascii_digits(value, digits):
    assert thai.national_id_candidate(value) == digits


def test_national_id_refusals_never_repeat_the_number():
    short = refusal(thai.parse_national_id, "110170020345")
    assert "13" in short and "110170020345" not in short
    wrong = refusal(thai.parse_national_id, "1101700203451")
    assert wrong == "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง)"
    assert thai.parse_national_id("1-1017-00203-45-0") == "1101700203450"


def test_national_ids_that_are_not_13_digits_are_shown_as_typed_or_fully_masked():
    assert thai.national_id_digits(None) == ""
    assert thai.national_id_digits("1-10a") == "110"
    assert thai.national_id_format(None) == "" and thai.national_id_format("12-3") == "12-3"
    assert thai.national_id_mask("") == "" and thai.national_id_mask(None) == ""
    assert thai.national_id_mask("123") == "x-xxxx-xxxxx-xx-x"
    assert thai.national_id_mask("1101700203450") == "1-1017-xxxxx-xx-0"
    assert thai.national_id_mask("2345678901234") == "2-3456-xxxxx-xx-4"


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("๑,๒๕๐,๐๐๐.๕๐ บาท", Decimal("1250000.50")),
        ("  12.50  ", Decimal("12.50")),
        (5, Decimal(5)),
        (1.5, Decimal("1.5")),
        (Decimal("3.25"), Decimal("3.25")),
        ("-7", Decimal(-7)),
    ],
)
def test_amounts_are_read(value, number):
    assert thai.parse_decimal(value) == number


def test_what_is_not_an_amount_says_so():
    assert refusal(thai.parse_decimal, True) == refusal(thai.parse_decimal, "Infinity") == "ไม่ใช่ตัวเลข"
    assert refusal(thai.parse_decimal, "1 250 บาท") == "“1 250 บาท” ไม่ใช่ตัวเลข"
    assert refusal(thai.parse_decimal, "สองหมื่น   ห้าพัน") == "“สองหมื่น ห้าพัน” ไม่ใช่ตัวเลข"
    assert refusal(thai.parse_decimal, None) == "“” ไม่ใช่ตัวเลข"
    assert refusal(thai.parse_decimal, "x" * 40) == f"“{'x' * 30}” ไม่ใช่ตัวเลข"
    assert thai.number_text(" ๑,๒๕๐ บาท ") == "1250"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (None, ""),
        ("   ", ""),
        ("0812345678 ext. 5", "0812345678 ต่อ 5"),
        ("0812345678 x12", "0812345678 ต่อ 12"),
        ("0812345678#7", "0812345678 ต่อ 7"),
        ("(043) 812-345", "043812345"),
        ("+66 2 123 4567", "021234567"),
        ("0912345678", "0912345678"),
        ("0612345678", "0612345678"),
        ("032123456", "032123456"),
        ("074123456", "074123456"),
        ("52123456", "052123456"),
        (912345678, "0912345678"),
        ("661234567", "0661234567"),  # 9 digits starting 6: a mobile without its 0, not +66
    ],
)
def test_more_phone_numbers(typed, stored):
    assert thai.parse_phone(typed) == stored


def test_phone_refusals_say_why():
    assert "+66" in refusal(thai.parse_phone, "+1 212 555 0100")
    assert "081-234-5678" in refusal(thai.parse_phone, "โทร 081")
    not_thai = refusal(thai.parse_phone, "0712345678")
    assert refusal(thai.parse_phone, "08123456789") == not_thai  # 11 digits not starting 66
    assert "10" in not_thai and "9" in not_thai
    assert refusal(thai.parse_phone, "061234567") == not_thai  # 9 digits starting 06 is no landline
    assert refusal(thai.parse_phone, "012345678") == not_thai


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("มกราคม", 1),
        ("ม.ค.", 1),
        ("มค", 1),
        ("ธันวาคม", 12),
        ("ธ.ค.", 12),
        ("ธค", 12),
        ("ก.พ.", 2),
        ("มกรา", None),
    ],
)
def test_thai_month_names(name, number):
    assert thai.month_number(name) == number


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        (datetime.datetime(2026, 1, 15, 10, 30), datetime.date(2026, 1, 15)),
        (datetime.date(2026, 1, 15), datetime.date(2026, 1, 15)),
        (datetime.date(2486, 3, 1), datetime.date(1943, 3, 1)),  # 2486 is read as BE
        (datetime.date(2443, 1, 1), datetime.date(1900, 1, 1)),  # from 2443 on, a year is read as BE
        ("15-1-2569", datetime.date(2026, 1, 15)),
        ("15.01.2026", datetime.date(2026, 1, 15)),
        ("5 / 1 / 2569", datetime.date(2026, 1, 5)),
        ("๑๕/๐๑/๒๕๖๙", datetime.date(2026, 1, 15)),
        ("2569-01-15", datetime.date(2026, 1, 15)),
        ("2026-1-5", datetime.date(2026, 1, 5)),
        ("5 มกราคม 2569", datetime.date(2026, 1, 5)),
        ("5  ธค  2026", datetime.date(2026, 12, 5)),
        ("01/01/1900", datetime.date(1900, 1, 1)),
        ("31/12/2100", datetime.date(2100, 12, 31)),
        ("31/12/2643", datetime.date(2100, 12, 31)),
    ],
)
def test_more_dates(typed, day):
    assert thai.parse_date(typed) == day


def test_date_refusals_say_why():
    assert refusal(thai.parse_date, "15/01/69") == (
        "โปรดเขียนปีเป็น 4 หลัก (เช่น 2569 หรือ 2026): “15/01/69” อาจเป็นได้ทั้ง พ.ศ. และ ค.ศ."
    )
    assert refusal(thai.parse_date, "31/02/2569") == "ไม่มีวันที่ 31/2/2569 ในปฏิทิน"
    assert "31/2/2569" in refusal(thai.parse_date, "31/02/2569")
    assert "31/2/2569" in refusal(thai.parse_date, "31/02/2026")  # the day is shown in the Buddhist Era
    assert refusal(thai.parse_date, "31/12/1899") == "ปี 1899 ไม่ใช่ปี พ.ศ. หรือ ค.ศ. ที่เป็นไปได้"
    # A month written out and a year of too many digits: its first six are read, and refused.
    assert refusal(thai.parse_date, "5 ม.ค. 25690000") == "ปี 256900 ไม่ใช่ปี พ.ศ. หรือ ค.ศ. ที่เป็นไปได้"
    assert "2101" in refusal(thai.parse_date, datetime.date(2101, 1, 1))
    not_a_date = refusal(thai.parse_date, "พรุ่งนี้" + "ก" * 40)
    assert ("พรุ่งนี้" + "ก" * 22) in not_a_date and "ก" * 23 not in not_a_date
    assert refusal(thai.parse_date, None) == "“” ไม่ใช่วันที่ โปรดใช้รูปแบบ วัน/เดือน/ปี เช่น 15/01/2569"
    assert refusal(thai.parse_date, "5 มกรา 2569")
    assert refusal(thai.parse_date, "ห้า ม.ค. 2569")
