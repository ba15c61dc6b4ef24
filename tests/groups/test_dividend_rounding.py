"""The satang arithmetic of groups/dividends.py by hand-worked examples: baht to satang and back, what is
refused and with which message, and who gets the satang left over when remainders tie (the larger work, then
the key that sorts first, whatever the order the members are given in)."""

from decimal import Decimal

import pytest

from groups.dividends import split, to_baht, to_satang


def test_baht_become_whole_satang_and_back_with_two_decimals():
    assert to_satang(Decimal("12.34")) == 1234 and type(to_satang(Decimal("12.34"))) is int
    assert to_satang(Decimal("0.01")) == 1
    assert to_satang("7") == 700
    assert str(to_baht(1234)) == "12.34"
    assert str(to_baht(100)) == "1.00"
    assert str(to_baht(5)) == "0.05"
    with pytest.raises(ValueError, match=r"^1\.005 has fractions of a satang$"):
        to_satang(Decimal("1.005"))


def test_refusals_say_what_is_wrong():
    with pytest.raises(ValueError, match=r"^Cannot split a negative amount\.$"):
        split(-1, {"a": 1})
    with pytest.raises(ValueError, match=r"^Weights cannot be negative\.$"):
        split(100, {"a": 1, "b": -1})


def test_nothing_to_split_or_no_work_gives_every_member_zero():
    assert split(0, {"a": 3, "b": 1}) == {"a": 0, "b": 0}
    assert split(500, {"a": 0, "b": Decimal("0.00")}) == {"a": 0, "b": 0}
    assert split(500, {}) == {}


def test_whole_shares_first_then_the_largest_remainders():
    # 10 satang for work 1, 2 and 4: exact shares 1 3/7, 2 6/7, 5 5/7; whole parts 1, 2, 5; the two left over
    # go to the remainders 6/7 and 5/7.
    assert split(10, {"a": 1, "b": 2, "c": 4}) == {"a": 1, "b": 3, "c": 6}
    assert split(7, {"a": Decimal("0.5"), "b": Decimal("1.5")}) == {"a": 2, "b": 5}


def test_a_tie_goes_to_the_larger_work_then_to_the_key_that_sorts_first():
    # 2 satang for work 1 and 3: shares 0.5 and 1.5, both remainders a half: the larger work gets the satang.
    assert split(2, {"a": 1, "b": 3}) == {"a": 0, "b": 2}
    assert split(2, {"b": 3, "a": 1}) == {"a": 0, "b": 2}
    # Equal work, equal remainders: the key that sorts first, in either order.
    assert split(1, {"b": 1, "a": 1}) == {"a": 1, "b": 0}
    assert split(1, {"a": 1, "b": 1}) == {"a": 1, "b": 0}
    assert split(2, {"c": 1, "b": 1, "a": 1}) == {"a": 1, "b": 1, "c": 0}
    # Keys of different types are sorted by type name first, then by their text.
    assert split(1, {"1": 1, 1: 1}) == split(1, {1: 1, "1": 1}) == {1: 1, "1": 0}
    assert split(1, {12: 1, 3: 1}) == split(1, {3: 1, 12: 1}) == {12: 1, 3: 0}  # "12" sorts before "3"
