"""generate_national (issue 13), first part: villages, households and people at a tiny scale on the test database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from kit import thai
from registry.models import Household, Person, Village

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(settings):
    settings.DEBUG = True
    call_command("load_areas", verbosity=0)


def test_counts_follow_the_scale_and_rows_are_consistent(country):
    call_command("generate_national", scale=0.002, seed=1, stdout=None)
    assert Village.objects.count() == 150
    assert Person.objects.count() == 2000
    assert Household.objects.count() > 300
    # Area columns equal the village's; households hold their members; IDs valid.
    assert not Person.objects.exclude(sub_district=F("village__sub_district"), district=F("village__district"),
                                      province=F("village__province")).exists()
    assert not Person.objects.exclude(village=F("household__village")).exists()
    assert not Village.objects.exclude(district=F("sub_district__district")).exists()
    assert all(thai.national_id_is_valid(n) for n in Person.objects.values_list("national_id", flat=True))
    # Realistic spread: more than one village per sub-district somewhere, and households of different sizes.
    assert Village.objects.filter(number=2).exists()
    assert Household.objects.values("member_count").distinct().count() > 3


def test_same_seed_same_data(country):
    call_command("generate_national", scale=0.0005, seed=7)
    first = list(Person.objects.order_by("national_id").values_list("national_id", "first_name", "village__code"))
    Person.objects.all().delete()
    Household.objects.all().delete()
    Village.objects.all().delete()
    call_command("generate_national", scale=0.0005, seed=7)
    assert list(Person.objects.order_by("national_id").values_list("national_id", "first_name", "village__code")) == first


def test_refuses_without_debug_or_on_a_database_with_data(country, settings):
    call_command("generate_national", scale=0.0005)
    with pytest.raises(CommandError, match="already has"):
        call_command("generate_national", scale=0.0005)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("generate_national", scale=0.0005)
