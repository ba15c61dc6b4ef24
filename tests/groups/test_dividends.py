"""Dividends by work done (the group guide's ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้), exactly, in satang."""

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groups.dividends import split, to_baht, to_satang

pools = st.integers(min_value=0, max_value=10**11)  # up to a billion baht, in satang
units = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
work = st.dictionaries(st.integers(min_value=1, max_value=10_000), units, min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(pool=pools, weights=work)
def test_the_parts_add_up_exactly_to_the_pool(pool, weights):
    parts = split(pool, weights)
    assert set(parts) == set(weights)
    if any(weights.values()):
        assert sum(parts.values()) == pool
    else:
        assert sum(parts.values()) == 0, "nobody worked: nothing is split, the pool stays with the group"
    assert all(p >= 0 for p in parts.values())


@settings(max_examples=300, deadline=None)
@given(pool=pools, weights=work)
def test_no_work_gives_nothing(pool, weights):
    parts = split(pool, weights)
    assert all(parts[k] == 0 for k, w in weights.items() if w == 0)


@settings(max_examples=300, deadline=None)
@given(pool=pools, weights=work)
def test_equal_work_gives_equal_parts_within_one_satang(pool, weights):
    parts = split(pool, weights)
    for a in weights:
        for b in weights:
            if weights[a] == weights[b]:
                assert abs(parts[a] - parts[b]) <= 1


@settings(max_examples=300, deadline=None)
@given(pool=pools, weights=work)
def test_more_work_never_gets_less(pool, weights):
    parts = split(pool, weights)
    ordered = sorted(weights, key=lambda k: weights[k])
    for lower, higher in pairwise(ordered):
        if weights[higher] > weights[lower]:
            assert parts[higher] >= parts[lower]


@settings(max_examples=200, deadline=None)
@given(pool=pools, weights=work)
def test_each_part_is_within_one_satang_of_the_exact_share(pool, weights):
    from fractions import Fraction

    total = sum(Fraction(w) for w in weights.values())
    parts = split(pool, weights)
    if total:
        for key, w in weights.items():
            assert abs(parts[key] - pool * Fraction(w) / total) < 1


@given(pool=pools, weights=work)
def test_the_order_of_members_does_not_matter(pool, weights):
    assert split(pool, dict(reversed(list(weights.items())))) == split(pool, weights)


def test_a_worked_example():
    # 1,000.00 baht for 3 members who worked 10, 20 and 0 hours; then three equal members and 100 satang.
    assert split(100_000, {"a": Decimal(10), "b": Decimal(20), "c": Decimal(0)}) == {
        "a": 33_333,
        "b": 66_667,
        "c": 0,
    }
    assert sorted(split(100, {"a": 1, "b": 1, "c": 1}).values()) == [33, 33, 34]


def test_the_profit_split_by_the_rules_adds_up():
    # 12,345.67 baht split 60/20/10/5/5 by the rules: every satang is allocated.
    parts = split(
        to_satang(Decimal("12345.67")),
        {"dividend": 60, "reserve": 20, "welfare": 10, "committee": 5, "other": 5},
    )
    assert sum(parts.values()) == 1_234_567
    assert to_baht(parts["dividend"]) == Decimal("7407.40")


def test_bad_input():
    with pytest.raises(ValueError):
        split(-1, {"a": 1})
    with pytest.raises(ValueError):
        split(100, {"a": -1})
    with pytest.raises(ValueError):
        to_satang(Decimal("1.005"))
