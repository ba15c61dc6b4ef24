"""Amounts in Thai words (kit.thai.baht_text), as written on agreements and receipts: each place word, the
special readings of 1 and 2 in the tens (สิบ, ยี่สิบ) and of 1 in the units (เอ็ด), millions read in groups of six
digits, satang, rounding to the satang and negative amounts."""

from decimal import Decimal

import pytest

from kit import thai


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "ศูนย์บาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (2, "สองบาทถ้วน"),
        (9, "เก้าบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (12, "สิบสองบาทถ้วน"),
        (20, "ยี่สิบบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (35, "สามสิบห้าบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (110, "หนึ่งร้อยสิบบาทถ้วน"),
        (1001, "หนึ่งพันเอ็ดบาทถ้วน"),
        (20000, "สองหมื่นบาทถ้วน"),
        (150000, "หนึ่งแสนห้าหมื่นบาทถ้วน"),
        (999999, "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทถ้วน"),
        (1000000, "หนึ่งล้านบาทถ้วน"),
        (1000001, "หนึ่งล้านหนึ่งบาทถ้วน"),  # the units after ล้าน are read on their own
        (1000011, "หนึ่งล้านสิบเอ็ดบาทถ้วน"),
        (21000000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        (2000000000000, "สองล้านล้านบาทถ้วน"),
        (Decimal("1234.50"), "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        (Decimal("1.01"), "หนึ่งบาทหนึ่งสตางค์"),
        (Decimal("0.01"), "หนึ่งสตางค์"),
        (Decimal("0.11"), "สิบเอ็ดสตางค์"),
        (Decimal("0.5"), "ห้าสิบสตางค์"),
        (Decimal("0.015"), "สองสตางค์"),  # rounded half up to the satang
        (Decimal("0.025"), "สามสตางค์"),  # half up, not to the even satang
        (Decimal("0.004"), "ศูนย์บาทถ้วน"),
        (Decimal("99.995"), "หนึ่งร้อยบาทถ้วน"),
        ("12000", "หนึ่งหมื่นสองพันบาทถ้วน"),
        (Decimal("-5"), "ลบห้าบาทถ้วน"),
        (Decimal("-0.25"), "ลบยี่สิบห้าสตางค์"),
    ],
)
def test_amounts_in_thai_words(amount, words):
    assert thai.baht_text(amount) == words
