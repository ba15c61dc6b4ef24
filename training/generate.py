"""National-scale trainings, written by `manage.py generate_national` through kit.bulkload, following
what training/services.py does for each step:

- a training has its office, village and area columns, dates inside its fiscal year (fiscal_year set from the
  start date, as Training.save does) and a step; each step it went through is logged (StepMove,
  by the office's user);
- the village trainings of the programme (in the approved target villages) are kept by the district CD office,
  the others by the village's TAO; two sessions (first and last day), one or two instructors (registered
  experts of the sub-district, else an outside instructor);
- trainees are enrolled once per training (unique), from the sub-district's people; from step 6 on they have
  attendance and scores; from step 8 the eligible ones (attended ≥ the threshold and post-test ≥ pass mark,
  training/selectors.eligible_enrollments) hold a certificate numbered per office and fiscal year,
  a few revoked;
- at step 10 every certified trainee has follow-ups at 3 and 6 months (due from the end date, as
  training/services.follow_ups_open); a round is visited only if its visit date is not in the future, and only
  a visited round records uses the skill and incomes before/after.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from kit import thai
from registry.models import Occupation
from training.models import (
    Attendance,
    Certificate,
    Enrollment,
    FollowUp,
    Session,
    Step,
    StepMove,
    Training,
    TrainingInstructor,
)
from training.services import FOLLOW_UP_MONTHS, _add_months

ENROLLMENTS = 400_000
PER_TRAINING = 20
TOPICS = [
    "การทำขนมไทย",
    "การทอผ้าไหม",
    "การเลี้ยงไก่ไข่",
    "การปลูกผักปลอดสารพิษ",
    "การแปรรูปกล้วย",
    "การทำน้ำพริก",
    "การจักสานไม้ไผ่",
    "การเพาะเห็ด",
    "การทำปุ๋ยหมัก",
    "การนวดแผนไทย",
]
SESSION_HOURS = Decimal(3)


@dataclass
class TrainingRow:
    id: int
    village: object
    office: int
    step: int
    start: datetime.date
    end: datetime.date
    fiscal_year: int
    occupation: int
    certified: list = field(default_factory=list)  # [(enrollment id, person id, household id)]


def _step_for(rnd, end: datetime.date, today: datetime.date) -> int:
    if end > today:
        return rnd.choice([Step.PREPARE, Step.PLAN, Step.BUDGET])
    if (today - end).days < 30:
        return rnd.choice([Step.RUN, Step.EVALUATE, Step.CERTIFY])
    roll = rnd.random()
    return (
        Step.FOLLOW_UP
        if roll < 0.85
        else Step.SATISFACTION
        if roll < 0.9
        else Step.CERTIFY
        if roll < 0.95
        else Step.EVALUATE
    )


def generate(writer, register, rnd, *, scale: float, year: int, today: datetime.date, targets: dict):
    """Trainings of fiscal year `year` (a village training in every target village of `targets`, {district:
    [village]}, the rest in random villages), and some of the next year
    (`year` + 1) up to today; returns [TrainingRow]."""
    occupations = list(Occupation.objects.order_by("pk").values_list("pk", flat=True))
    total = max(1, round(ENROLLMENTS * scale) // PER_TRAINING)
    first, last = thai.fiscal_year_bounds(year)
    next_first = thai.fiscal_year_bounds(year + 1)[0]
    planned = [
        (village, register.district_office[village.district], year)
        for villages in targets.values()
        for village in villages
    ]
    while len(planned) < total:
        village = register.villages[rnd.randrange(len(register.villages))]
        planned.append(
            (village, register.tao[village.sub_district], year if rnd.random() < 0.85 else year + 1)
        )
    trainings = []
    for training_id, (village, office, fiscal_year) in zip(
        writer.ids(Training, len(planned)), planned, strict=True
    ):
        if fiscal_year == year:
            start = first + datetime.timedelta(days=rnd.randrange(0, (last - first).days - 3))
        else:  # the current year: from its first day to two months ahead
            start = next_first + datetime.timedelta(
                days=rnd.randrange(0, max(1, (today - next_first).days + 60))
            )
        end = start + datetime.timedelta(days=rnd.randrange(0, 3))
        trainings.append(
            TrainingRow(
                training_id,
                village,
                office,
                _step_for(rnd, end, today),
                start,
                end,
                thai.fiscal_year(start),
                rnd.choice(occupations),
            )
        )
    writer.write(
        Training,
        [
            "id",
            "village",
            "sub_district",
            "district",
            "province",
            "office",
            "step",
            "topic",
            "occupation",
            "venue",
            "start_date",
            "end_date",
            "hours",
            "capacity",
            "documents_ready",
            "materials_ready",
            "budget_approved",
            "budget_spent",
            "fiscal_year",
        ],
        (
            (
                t.id,
                t.village.id,
                t.village.sub_district,
                t.village.district,
                t.village.province,
                t.office,
                t.step,
                rnd.choice(TOPICS),
                t.occupation,
                "ศาลาประชาคม",
                t.start,
                t.end,
                SESSION_HOURS * 2,
                PER_TRAINING,
                t.step > Step.PREPARE,
                t.step > Step.PREPARE,
                Decimal(rnd.randrange(20_000, 60_000, 1000)) if t.step > Step.PLAN else None,
                Decimal(rnd.randrange(15_000, 20_000, 100)) if t.step > Step.RUN else None,
                t.fiscal_year,
            )
            for t in trainings
        ),
    )
    _moves(writer, register, trainings)
    _sessions_and_instructors(writer, register, rnd, trainings)
    _trainees(writer, register, rnd, trainings, today)
    return trainings


def _moves(writer, register, trainings):
    rows = [
        (t.id, step, step + 1, register.user_of_office[t.office])
        for t in trainings
        for step in range(Step.TOPIC, t.step)
    ]
    writer.write(StepMove, ["training", "from_step", "to_step", "user"], rows)


def _sessions_and_instructors(writer, register, rnd, trainings):
    held = [t for t in trainings if t.step >= Step.RUN]
    session_ids = iter(writer.ids(Session, 2 * len(held)))
    rows = []
    for t in held:
        t.sessions = (next(session_ids), next(session_ids))
        rows.append(
            (t.sessions[0], t.id, t.start, datetime.time(9), datetime.time(12), "ภาคทฤษฎี", SESSION_HOURS)
        )
        rows.append(
            (t.sessions[1], t.id, t.end, datetime.time(13), datetime.time(16), "ภาคปฏิบัติ", SESSION_HOURS)
        )
    writer.write(Session, ["id", "training", "date", "start_time", "end_time", "title", "hours"], rows)
    rows = []
    for t in trainings:
        experts = register.experts_by_sub.get(t.village.sub_district, [])
        for expert in rnd.sample(experts, min(len(experts), rnd.choice([1, 2]))):
            rows.append((t.id, expert, ""))
        if not experts:
            rows.append((t.id, None, "วิทยากรจากสำนักงานเกษตรอำเภอ"))
    writer.write(TrainingInstructor, ["training", "expert", "name"], rows)


def _trainees(writer, register, rnd, trainings, today):
    enrollments, attendance, certificates, follow_ups = [], [], [], []
    serials = {}
    picks = [
        (
            t,
            rnd.sample(
                register.people_by_sub[t.village.sub_district],
                min(PER_TRAINING, len(register.people_by_sub[t.village.sub_district])),
            ),
        )
        for t in trainings
    ]
    enrollment_ids = iter(writer.ids(Enrollment, sum(len(p) for _, p in picks)))
    for t, people in picks:
        held = t.step >= Step.RUN
        user = register.user_of_office[t.office]
        for person, household in people:
            eid = next(enrollment_ids)
            post = Decimal(rnd.randrange(40, 101)) if held else None
            enrollments.append(
                (
                    eid,
                    t.id,
                    person,
                    Decimal(rnd.randrange(20, 71)) if held else None,
                    post,
                    f"g{eid:x}{rnd.getrandbits(64):016x}",
                )
            )
            if not held:
                continue
            both = rnd.random() < 0.9
            attendance.append((eid, t.sessions[0], SESSION_HOURS))
            if both:
                attendance.append((eid, t.sessions[1], SESSION_HOURS))
            # Eligible: all sessions attended (100 % ≥ the 80 % threshold; one of two is 50 %) and
            # passed (≥ 60).
            if t.step < Step.CERTIFY or not both or post < 60:
                continue
            number = serials[(t.office, t.fiscal_year)] = serials.get((t.office, t.fiscal_year), 0) + 1
            revoked = rnd.random() < 0.005
            certificates.append(
                (
                    eid,
                    t.office,
                    t.fiscal_year,
                    number,
                    f"c{eid:x}{rnd.getrandbits(64):016x}",
                    t.end,
                    writer.now if revoked else None,
                    "ออกให้ผิดคน" if revoked else "",
                )
            )
            if not revoked:
                t.certified.append((eid, person, household))
            if t.step < Step.FOLLOW_UP:
                continue
            for months in FOLLOW_UP_MONTHS:
                due = _add_months(t.end, months)
                visited = due + datetime.timedelta(days=rnd.randrange(0, 21))
                if visited > today:
                    follow_ups.append((eid, months, due, None, None, None, None, None, None, None))
                    continue
                uses = rnd.random() < 0.75
                before = Decimal(rnd.randrange(3000, 9000, 100))
                change = rnd.uniform(-0.05, 0.4) if uses else rnd.uniform(-0.1, 0.05)
                after = (before * Decimal(1 + change)).quantize(Decimal(100))
                follow_ups.append(
                    (
                        eid,
                        months,
                        due,
                        visited,
                        uses,
                        uses and rnd.random() < 0.6,
                        before,
                        after,
                        rnd.random() < 0.3,
                        user,
                    )
                )
    writer.write(
        Enrollment, ["id", "training", "person", "pre_score", "post_score", "survey_token"], enrollments
    )
    writer.write(Attendance, ["enrollment", "session", "hours"], attendance)
    writer.write(
        Certificate,
        ["enrollment", "office", "fiscal_year", "number", "code", "issued_on", "revoked_at", "revoke_reason"],
        certificates,
    )
    writer.write(
        FollowUp,
        [
            "enrollment",
            "round",
            "due_on",
            "visited_on",
            "uses_skill",
            "started_occupation",
            "income_before",
            "income_after",
            "joined_group",
            "recorded_by",
        ],
        follow_ups,
    )
