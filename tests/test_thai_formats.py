import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from kit import thai


@pytest.mark.parametrize(
    ("value", "short", "long"),
    [
        (datetime.date(2026, 1, 15), "15 ม.ค. 2569", "15 มกราคม พ.ศ. 2569"),
        (datetime.date(2025, 12, 31), "31 ธ.ค. 2568", "31 ธันวาคม พ.ศ. 2568"),
        (datetime.date(2024, 2, 29), "29 ก.พ. 2567", "29 กุมภาพันธ์ พ.ศ. 2567"),
    ],
)
def test_buddhist_era_dates(value, short, long):
    assert thai.date_short(value) == short
    assert thai.date_long(value) == long


def test_aware_datetime_is_shown_in_bangkok_time():
    # 20:00 UTC on 31 Dec is already 1 Jan in Bangkok (UTC+7).
    value = datetime.datetime(2025, 12, 31, 20, 0, tzinfo=datetime.UTC)
    assert thai.date_short(value) == "1 ม.ค. 2569"


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (datetime.date(2025, 9, 30), 2568),
        (datetime.date(2025, 10, 1), 2569),
        (datetime.date(2026, 9, 30), 2569),
        (datetime.date(2026, 10, 1), 2570),
    ],
)
def test_fiscal_year_starts_on_first_october(value, year):
    assert thai.fiscal_year(value) == year


def test_fiscal_year_bounds():
    assert thai.fiscal_year_bounds(2569) == (datetime.date(2025, 10, 1), datetime.date(2026, 9, 30))


def test_thai_digits_and_baht():
    assert thai.thai_digits("12/2569") == "๑๒/๒๕๖๙"
    assert thai.baht(Decimal("1234567.5")) == "1,234,567.50"
    assert thai.baht(1550, 0) == "1,550"
    assert thai.baht(0.125) == "0.13"
    assert thai.baht(None) == ""


# A valid national ID built from its first twelve digits (STACK.md).
def with_check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_national_id_checksum_accepts_valid_and_rejects_one_wrong_digit(first12):
    nid = with_check_digit(first12)
    assert thai.national_id_is_valid(nid)
    assert thai.national_id_is_valid(thai.national_id_format(nid))
    wrong = nid[:12] + str((int(nid[12]) + 1) % 10)
    assert not thai.national_id_is_valid(wrong)


@pytest.mark.parametrize("value", ["", "123", "12345678901234", "1-2345-67890-12-X", "abcdefghijklm"])
def test_national_id_rejects_malformed(value):
    assert not thai.national_id_is_valid(value)


def test_national_id_masked_and_formatted():
    nid = with_check_digit("110370012345")
    assert thai.national_id_format(nid) == f"1-1037-00123-45-{nid[12]}"
    assert thai.national_id_mask(nid) == f"1-1037-xxxxx-xx-{nid[12]}"
    assert "00123" not in thai.national_id_mask(nid)


def test_template_filters_are_available_everywhere():
    rendered = Template(
        "{{ d|thai_date }}|{{ d|thai_date_long }}|{{ d|fiscal_year }}|{{ n|thai_digits }}|{{ m|baht }}"
        "|{{ nid|masked_national_id }}"
    ).render(Context({"d": datetime.date(2026, 1, 15), "n": 2569, "m": 1234.5, "nid": "1103700123457"}))
    assert rendered == "15 ม.ค. 2569|15 มกราคม พ.ศ. 2569|2569|๒๕๖๙|1,234.50|1-1037-xxxxx-xx-7"


def test_name_parts_keep_each_part_of_a_thai_name_on_one_line():
    from types import SimpleNamespace

    from django.template import Context, Template

    person = SimpleNamespace(display_title="นาง", first_name="ปราณี", last_name="คำภูษา")
    html = Template("{{ p|name_parts }}").render(Context({"p": person}))
    assert html == '<span class="text-nowrap">นางปราณี</span> <span class="text-nowrap">คำภูษา</span>'
    hostile = SimpleNamespace(display_title="", first_name="<b>", last_name="x")
    assert "<b>" not in Template("{{ p|name_parts }}").render(Context({"p": hostile}))
