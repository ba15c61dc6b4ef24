"""The demo's village programme of the current fiscal year, after the registers of
registry/demo_registers.py: six villages get households enough for a village forum of that year, its target
households and an instructor team. It is keyed on what exists (the number of households, the year's target
households and team of each village), so a second run adds nothing and a run in a later fiscal year adds only
that year's forum and teams. Two villages fall short on purpose, for the target-village rules to show.
"""

import random
from collections import defaultdict
from datetime import timedelta

from django.db.models import Count

from kit.thai import fiscal_year_bounds
from registry.demo_registers import EXPERT_FIELDS, RANDOM_SEED, THRESHOLD, _Builder
from registry.models import (
    Expert,
    Household,
    InstructorTeam,
    JptThreshold,
    Occupation,
    Person,
    PersonOccupation,
    TargetCriterion,
    TargetHousehold,
    TeamMember,
    Village,
)
from tests.benchmarks.data import national_id

# The current fiscal year's village programme (a team of 5 experts and at least 20 target households
# chosen at a village forum of the year). Two villages fall short on purpose, for the rules to show.
# (sub-district, village number, target households, team size)
PROGRAMME_VILLAGES = [
    ("460105", 3, 21, 5),
    ("460105", 4, 22, 5),
    ("460105", 5, 16, 5),  # too few target households
    ("460702", 1, 20, 5),
    ("460702", 2, 22, 5),
    ("460702", 3, 20, 4),  # a team of only 4
]
PROGRAMME_HOUSEHOLDS = (32, 40)  # a programme village is topped up to this many households (a random pick)
FORUM_AFTER = timedelta(weeks=3)  # the village forum, three weeks into the fiscal year, never after today
EXPERT_MIN_AGE = 50  # new experts are chosen among the village's elders
FORUM_NOTE = "คัดเลือกโดยเวทีประชาคมหมู่บ้าน"


def seed_programme(*, fiscal_year, today, log=print):
    """Households, target households and instructor teams of PROGRAMME_VILLAGES for `fiscal_year`."""
    survey_year = fiscal_year - 1
    JptThreshold.objects.get_or_create(year=survey_year, defaults={"income_per_person": THRESHOLD})
    forum = min(fiscal_year_bounds(fiscal_year)[0] + FORUM_AFTER, today)
    wanted = {(sub, number): (targets, team) for sub, number, targets, team in PROGRAMME_VILLAGES}
    villages = [
        v
        for v in Village.objects.filter(sub_district_id__in={sub for sub, *_ in PROGRAMME_VILLAGES})
        .select_related("sub_district")
        .order_by("code")
        if (v.sub_district_id, v.number) in wanted
    ]
    if not villages:
        log("registry programme: no demo villages, nothing to fill")
        return
    rnds = {v.pk: random.Random(f"{RANDOM_SEED}:{v.code}") for v in villages}
    # The registers as surveyed the year before the forum (interest and wanted occupations of that survey).
    _top_up(villages, rnds, fiscal_year=survey_year, survey_year=survey_year, today_year=forum.year)
    for village in villages:
        targets, team_size = wanted[(village.sub_district_id, village.number)]
        rnd = random.Random(f"{RANDOM_SEED}:{village.code}:{fiscal_year}")
        _choose_targets(village, targets, fiscal_year=fiscal_year, forum=forum, rnd=rnd)
        _make_team(village, team_size, fiscal_year=fiscal_year, forum=forum, rnd=rnd, log=log)


def _top_up(villages, rnds, **years):
    """Add households to each village up to its PROGRAMME_HOUSEHOLDS pick; the counts make this run once."""
    existing = defaultdict(list)
    for village_id, house in Household.objects.filter(village__in=villages).values_list(
        "village_id", "house_number"
    ):
        existing[village_id].append(house)
    people = dict(
        Person.objects.filter(village__in=villages)
        .values("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    builder = _TopUp(villages, people, **years)
    for village in villages:
        builder.rnd = rnd = rnds[village.pk]
        missing = rnd.randint(*PROGRAMME_HOUSEHOLDS) - len(existing[village.pk])
        if missing <= 0:
            continue
        taken = {int(house.split("/")[0]) for house in existing[village.pk] if house.split("/")[0].isdigit()}
        for number in sorted(rnd.sample([n for n in range(1, 250) if n not in taken], missing)):
            builder.plan_household(village, number)
    if builder.households:
        builder.save_people()


class _TopUp(_Builder):
    """The builder's households and people, with national IDs of their own per village
    (never the builder's)."""

    def __init__(self, villages, people, **years):
        super().__init__(villages, **years)
        self.serial = {v.pk: people.get(v.pk, 0) for v in villages}

    def national_id(self, village, first_digit):
        self.serial[village.pk] += 1
        serial = self.serial[village.pk]
        number = f"{village.district_id}{village.sub_district_id[-2:]}{village.number:02d}{serial:03d}"
        return national_id(int(number), first_digit)


def _criterion(household):
    """As the 2569 forum chose: poor in TPMAP, then low จปฐ. income, then released from prison."""
    if household.tpmap_poor:
        return TargetCriterion.TPMAP
    if household.yearly_income is not None and household.yearly_income / household.member_count < THRESHOLD:
        return TargetCriterion.JPT
    if household.released_prisoner:
        return TargetCriterion.PRISON
    return None


def _choose_targets(village, count, *, fiscal_year, forum, rnd):
    if TargetHousehold.objects.filter(village=village, fiscal_year=fiscal_year).exists():
        return
    households = list(Household.objects.filter(village=village).order_by("pk"))
    needy = [(h, c) for h in households if (c := _criterion(h))]
    rnd.shuffle(needy)
    chosen = needy[:count]
    # The rest of the places go to households that asked for training (โคก หนอง นา and the like).
    others = [h for h in households if not _criterion(h)]
    rnd.shuffle(others)
    others.sort(key=lambda h: not h.interested_in_training)
    newly_interested = []
    for household in others[: count - len(chosen)]:
        if not household.interested_in_training:
            household.interested_in_training, household.interested_year = True, fiscal_year
            household.interested_source = "เวทีประชาคม"
            newly_interested.append(household)
        chosen.append((household, TargetCriterion.INTERESTED))
    Household.objects.bulk_update(
        newly_interested, ["interested_in_training", "interested_year", "interested_source"]
    )
    TargetHousehold.objects.bulk_create(
        _Builder._with_areas(
            TargetHousehold(
                village=village,
                household=h,
                fiscal_year=fiscal_year,
                criterion=c,
                forum_date=forum,
                note=FORUM_NOTE,
            )
        )
        for h, c in sorted(chosen, key=lambda pair: pair[0].pk)
    )


def _make_team(village, size, *, fiscal_year, forum, rnd, log):
    """The village's own free experts first; elders of the village become experts where there are too few."""
    if InstructorTeam.objects.filter(village=village, fiscal_year=fiscal_year).exists():
        return
    busy = TeamMember.objects.filter(team__fiscal_year=fiscal_year).values("expert_id")
    members = list(
        Expert.objects.active()
        .filter(person__village=village)
        .exclude(pk__in=busy)
        .order_by("person__national_id")[:size]
    )
    members += _new_experts(village, size - len(members), forum=forum, rnd=rnd)
    if not members:
        log(f"registry programme: no experts and no elders in {village}, no instructor team")
        return
    lead = max(members, key=lambda e: (e.instructor_course_passed, e.years_experience))
    team = InstructorTeam.objects.create(village=village, fiscal_year=fiscal_year)
    TeamMember.objects.bulk_create(TeamMember(team=team, expert=e, is_lead=e.pk == lead.pk) for e in members)


def _new_experts(village, count, *, forum, rnd):
    if count <= 0:
        return []
    jobs = defaultdict(list)
    for person_id, name in (
        PersonOccupation.objects.filter(person__village=village)
        .order_by("person_id", "kind")
        .values_list("person_id", "occupation__name")
    ):
        jobs[person_id].append(name)
    elders = list(
        Person.objects.filter(
            village=village, birth_date__year__lte=forum.year - EXPERT_MIN_AGE, expert__isnull=True
        ).order_by("national_id")
    )
    skilled = [p for p in elders if any(job in EXPERT_FIELDS for job in jobs[p.pk])]
    pool = skilled if len(skilled) >= count else elders
    people = rnd.sample(pool, min(count, len(pool)))
    experts, fields_of = [], {}
    for person in people:
        age = forum.year - person.birth_date.year
        fields = sorted(
            (job for job in jobs[person.pk] if job in EXPERT_FIELDS), key=list(EXPERT_FIELDS).index
        )
        fields = fields or jobs[person.pk][:1] or ["ทำนา"]
        years = rnd.randint(10, max(10, min(40, age - 20)))
        template = EXPERT_FIELDS.get(fields[0], "ประกอบอาชีพ{field}มา {years} ปี; ถ่ายทอดความรู้ให้เพื่อนบ้าน")
        achievements = template.format(
            year=rnd.randint(2558, forum.year + 542),
            years=years,
            herd=rnd.randint(15, 60),
            village=village.name,
            field=fields[0],
        )
        course_date = forum - timedelta(days=rnd.randint(90, 900)) if rnd.random() < 0.4 else None
        expert = Expert(
            person=person,
            years_experience=years,
            achievements=achievements,
            instructor_course_passed=course_date is not None,
            instructor_course_date=course_date,
        )
        experts.append(expert)
        fields_of[id(expert)] = fields[:2]
    Expert.objects.bulk_create(experts)
    occupations = {
        o.name: o
        for o in Occupation.objects.filter(name__in={name for names in fields_of.values() for name in names})
    }
    through = Expert.expertise.through
    through.objects.bulk_create(
        through(expert_id=e.pk, occupation_id=occupations[name].pk)
        for e in experts
        for name in fields_of[id(e)]
    )
    return experts
