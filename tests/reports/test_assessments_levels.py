"""The level of a sufficiency-economy village is computed from the answers and the criteria version, never
typed: every boundary of the Ministry of Interior's rule, a missing core indicator, and thresholds as data."""

import pytest

from reports.models import Assessment, CriteriaVersion, Level
from reports.selectors.assessments import level_of, tallies, village_rows, with_levels
from tests.reports.helpers import YEAR, criteria, record, village


def test_version_1_has_four_areas_twenty_three_indicators_ten_core(db):
    version = criteria()
    assert version.areas.count() == 4
    assert list(version.indicators.values_list("number", flat=True)) == list(range(1, 24))
    assert version.indicators.filter(core=True).count() == 10
    assert (version.sufficient_min, version.well_min) == (10, 17)
    assert "4 ด้าน 23 ตัวชี้วัด" in version.source
    assert CriteriaVersion.for_year(YEAR) == version


@pytest.mark.parametrize(
    ("passed", "core_failed", "level"),
    [
        (0, 0, Level.NONE),
        (9, 0, Level.NONE),  # one short of พออยู่ พอกิน, every core indicator passed
        (10, 0, Level.SUFFICIENT),  # the 10 core indicators alone
        (16, 0, Level.SUFFICIENT),
        (17, 0, Level.WELL),
        (22, 0, Level.WELL),
        (23, 0, Level.PROSPEROUS),
        (10, 1, Level.NONE),  # ten passed, but a core indicator is missing
        (16, 1, Level.NONE),
        (22, 1, Level.NONE),  # 22 of 23, the one missing is core: not even the first level
        (13, 3, Level.NONE),
    ],
)
def test_level_at_every_boundary(world, passed, core_failed, level):
    place = village(world)
    assessment = record(world.district_a, place, passed=passed, core_failed=core_failed)
    assert level_of(assessment) == level
    row = with_levels(Assessment.objects.filter(pk=assessment.pk)).get()
    core_passed = min(passed, 10 - core_failed)  # the helper passes core indicators first
    assert (row.passed_count, row.core_failed, row.indicator_count) == (passed, 10 - core_passed, 23)
    # the district's list and its tallies read the same level
    from registry.models import Village

    assert village_rows(Village.objects.filter(pk=place.pk), fiscal_year=YEAR).get().level_1 == level
    counts = dict(tallies(Village.objects.filter(pk=place.pk), fiscal_year=YEAR)[0].counts)
    assert counts[Level(level)] == 1 and sum(counts.values()) == 1


def test_the_thresholds_are_data_of_the_version(world):
    """An administrator's later version with other thresholds: the same answers give another level."""
    version = criteria()
    place = village(world)
    assessment = record(world.district_a, place, passed=11)
    assert level_of(assessment) == Level.SUFFICIENT
    CriteriaVersion.objects.filter(pk=version.pk).update(sufficient_min=12, well_min=18)
    assert level_of(assessment) == Level.NONE


def test_the_level_is_not_a_field():
    names = {f.name for f in Assessment._meta.get_fields()}
    assert "level" not in names
