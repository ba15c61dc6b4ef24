"""Splitting money exactly: the group's profit by its rules, and the dividend pool by recorded work.

"ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้" (the more one works, the more one gets): each member's dividend is in
proportion to their work units, in satang, and the parts add up exactly to the pool. Largest-remainder
(Hamilton) rounding: everyone gets the whole satang of their exact share, and the satang left over go one each
to the largest remainders. So equal work gets parts within one satang of each other, more work never gets
less, and no work gets nothing.
"""

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction

SATANG_PER_BAHT = 100


def to_satang(baht: Decimal) -> int:
    """Baht (two decimals at most) to whole satang."""
    satang = Decimal(baht) * SATANG_PER_BAHT
    if satang != satang.to_integral_value():
        raise ValueError(f"{baht} has fractions of a satang")
    return int(satang)


def to_baht(satang: int) -> Decimal:
    return (Decimal(satang) / SATANG_PER_BAHT).quantize(Decimal("0.01"))


def split(total: int, weights: Mapping[Hashable, Decimal | int | Fraction]) -> dict[Hashable, int]:
    """Split `total` whole units (satang) in proportion to `weights` (≥ 0), adding up to `total` exactly.

    Keys with weight 0 get 0. When every weight is 0, nothing can be split: every part is 0 (the caller keeps
    the total). Ties between equal remainders go to the larger weight, then to the key that sorts first, so
    the result never depends on the order of `weights`.
    """
    if total < 0:
        raise ValueError("Cannot split a negative amount.")
    exact = {key: Fraction(weight) for key, weight in weights.items()}
    if any(w < 0 for w in exact.values()):
        raise ValueError("Weights cannot be negative.")
    whole = sum(exact.values())
    if whole == 0:
        return dict.fromkeys(exact, 0)
    quotas = {key: total * w / whole for key, w in exact.items()}
    parts = {key: q.numerator // q.denominator for key, q in quotas.items()}
    left = total - sum(parts.values())
    by_remainder = sorted(quotas, key=lambda k: (-(quotas[k] - parts[k]), -exact[k], _sort_key(k)))
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


def _sort_key(key):
    return (str(type(key)), str(key))
