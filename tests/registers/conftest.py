import datetime
from decimal import Decimal

import pytest

from registry.models import (
    Expert,
    Household,
    PersonOccupation,
    RawMaterial,
    TargetHousehold,
    WantedOccupation,
)
from tests.registers.helpers import make_person, make_villages


@pytest.fixture
def villages(world):
    return make_villages()


@pytest.fixture
def records(world, villages, catalogue):
    """One of each register record in office A's area and one in office B's (Chiang Mai)."""
    made = {}
    for side, village, n, surname in (("a", villages["a1"], 1, "วงศ์สุวรรณ"), ("b", villages["b"], 2, "ดอยคำ")):
        person = make_person(village, n, last_name=surname, birth_date=datetime.date(1970, 5, 1))
        household = Household.objects.create(
            village=village,
            house_number=str(n),
            head=person,
            member_count=4,
            yearly_income=Decimal("96000"),
            jpt_year=2568,
            tpmap_poor=True,
            tpmap_year=2568,
        )
        person.household = household
        person.save()
        expert = Expert.objects.create(
            person=person,
            years_experience=20,
            achievements="ครูภูมิปัญญาไทย",
            instructor_course_passed=True,
            instructor_course_date=datetime.date(2025, 3, 1),
        )
        expert.expertise.set([catalogue["ทอผ้าไหม"]])
        material = RawMaterial.objects.create(
            village=village,
            name=f"เส้นไหม{surname}",
            category="animal",
            quantity=Decimal("120"),
            unit="กิโลกรัม",
            months=0b111,
            source="กลุ่มเลี้ยงไหม",
            price_per_unit=Decimal("1500.50"),
        )
        material.occupations.set([catalogue["ทอผ้าไหม"]])
        occupation = PersonOccupation.objects.create(
            person=person, occupation=catalogue["ทำนา"], kind="main", yearly_income=Decimal("45000")
        )
        wanted = WantedOccupation.objects.create(
            person=person, occupation=catalogue["ทำน้ำพริก"], priority=1, survey_year=2569
        )
        target = TargetHousehold.objects.create(
            household=household,
            village=village,
            fiscal_year=2569,
            criterion="tpmap",
            forum_date=datetime.date(2025, 11, 15),
        )
        made[side] = {
            "person": person,
            "household": household,
            "expert": expert,
            "material": material,
            "occupation": occupation,
            "wanted": wanted,
            "target": target,
        }
    return made
