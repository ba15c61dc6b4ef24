"""The objects behind every URL's parameters, one owned by office A (Kalasin) and one by office B (Chiang
Mai).

`KWARGS` maps each URL name to the object behind each of its parameters. A new URL with a parameter this map
does not know fails `test_every_url_parameter_is_declared`: declare it here (and build its object in
`build_objects`).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from registry.models import (
    Expert,
    Household,
    ImportBatch,
    Person,
    PersonOccupation,
    RawMaterial,
    TargetHousehold,
    Village,
    WantedOccupation,
)
from registry.models.audit import ImportStatus
from registry.models.experts import InstructorTeam
from registry.registers.declarations import REGISTERS
from training.models import FollowUp, Step, Training

# The object each register's records are, by model (a new register declares its model here).
REGISTER_OBJECTS = {
    Person: "person",
    Household: "household",
    TargetHousehold: "target",
    PersonOccupation: "occupation",
    WantedOccupation: "wanted",
    RawMaterial: "material",
    Expert: "expert",
}

KWARGS = {
    "registry:village_detail": {"pk": "village"},
    "registry:village_update": {"pk": "village"},
    "registry:village_delete": {"pk": "village"},
    "registry:person_reveal": {"pk": "person"},
    "registry:team_detail": {"pk": "team"},
    # The picker's search endpoint, by the kind of record it finds (scoped by the user's office, not by the
    # URL).
    "registry:pick": {"kind": "pick_kind"},
    # Is the province ready? A province's lists are its administrator's and its provincial officer's only.
    "registry:readiness_list": {"province": "dash_province", "gap": "readiness_gap"},
    "training:detail": {"pk": "training"},
    "training:follow_up": {"pk": "training", "follow_up_pk": "follow_up"},
    "training:enrol_search": {"pk": "training"},
    "training:certificates_batch": {"pk": "training"},
    "training:certificates_pdf": {"pk": "training"},
    "training:materials_pdf": {"pk": "training"},
    "training:attendance_template": {"pk": "training"},
    "training:survey_qr": {"pk": "training", "enrollment_pk": "enrollment"},
    "training:signin_pdf": {"pk": "training", "session_pk": "session"},
    "groups:from_training": {"training_pk": "training"},
    "groups:detail": {"pk": "group"},
    "groups:edit": {"pk": "group"},
    "groups:member_search": {"pk": "group"},
    "groups:receipt": {"pk": "group", "entry_pk": "ledger_entry"},
    "groups:year": {"pk": "group", "year": "group_year"},
    "groups:dividend_pdf": {"pk": "group", "year": "group_year"},
    "groups:dividend_xlsx": {"pk": "group", "year": "group_year"},
    "grants:line": {"pk": "budget_line_grant"},
    "grants:line_edit": {"pk": "budget_line_grant"},
    "grants:detail": {"pk": "grant_request"},
    "grants:edit": {"pk": "grant_request"},
    "grants:document": {"pk": "grant_request", "doc_pk": "grant_document"},
    "grants:receipt_pdf": {"pk": "grant_agreed"},
    "grants:decision_pdf": {"pk": "grant_agreed"},
    "grants:agreement_pdf": {"pk": "grant_agreed"},
    "grants:file_request": {"pk": "grant_agreed"},
    "grants:file": {"pk": "grant_agreed", "file_pk": "grant_file"},
    "reports:plan": {"pk": "plan"},
    "reports:plan_publish": {"pk": "plan"},
    "reports:programme_create": {"pk": "plan"},
    "reports:programme_edit": {"pk": "plan", "programme_pk": "plan_programme"},
    "reports:indicator_create": {"pk": "plan", "programme_pk": "plan_programme"},
    "reports:indicator_edit": {"pk": "plan", "indicator_pk": "plan_indicator"},
    "reports:programme_remove": {"pk": "plan", "programme_pk": "plan_programme"},
    "reports:indicator_remove": {"pk": "plan", "indicator_pk": "plan_indicator"},
    "reports:targets_edit": {"pk": "plan", "programme_pk": "plan_programme"},
    "reports:targets_export": {"pk": "plan"},
    "reports:targets_import": {"pk": "plan"},
    "reports:targets": {"pk": "plan", "programme_pk": "plan_programme"},
    "reports:targets_district": {"pk": "plan", "programme_pk": "plan_programme", "district": "plan_district"},
    "reports:targets_pick": {"pk": "plan", "programme_pk": "plan_programme", "district": "plan_district"},
    "reports:targets_move": {"pk": "plan", "programme_pk": "plan_programme", "district": "plan_district"},
    "reports:target_remove": {"pk": "plan", "target_pk": "target_village"},
    "reports:exclusions": {"pk": "plan", "programme_pk": "plan_programme"},
    "reports:sufficiency_village": {"pk": "village"},
    "reports:sufficiency_record": {"pk": "village"},
    "reports:sufficiency_plan": {"pk": "assessment"},
    "reports:submission": {"pk": "submission"},
    "reports:submission_decide": {"pk": "submission"},
    "reports:missing_list": {"district": "missing_district", "kind": "missing_kind"},
    "reports:dashboard_province": {"code": "dash_province"},
    "reports:dashboard_district": {"code": "dash_district"},
    "reports:dashboard_sub_district": {"code": "dash_sub_district"},
    "reports:dashboard_village": {"pk": "village"},
    "reports:dashboard_records": {"level": "dash_level", "key": "dash_district", "figure": "dash_figure"},
    # A dashboard export is its owner's only (the side's provincial officer): everyone else gets a 404.
    "reports:export": {"pk": "export"},
    "reports:export_file": {"pk": "export"},
    # Public pages reached by an unguessable code, not by area: anyone holding the code may see them.
    "verify": {"code": "certificate_code"},
    "verify_json": {"code": "certificate_code"},
    "survey": {"token": "survey_token"},
    # The e-mailed first sign-in link: public, reached by its token (a made-up one here: the page says it is
    # dead).
    "signin_link": {"uidb64": "signin_uid", "token": "signin_token"},
}
for _register in REGISTERS:
    for _action in ("detail", "update", "delete"):
        KWARGS[f"registry:{_register.name}_{_action}"] = {"pk": REGISTER_OBJECTS.get(_register.model, "?")}
    KWARGS[f"registry:{_register.name}_import_preview"] = {"pk": f"import_{_register.import_kind}"}

# Fields of office A's forms that name a record, and office B's records the sweep types into them: none may be
# accepted (a form may only link, change or remove records of the user's own area).
CROSS_AREA = {
    "person": ["person"],
    "people": ["person"],
    "head": ["person"],
    "founders": ["person"],
    "village": ["village"],
    "villages": ["village"],
    "household": ["household"],
    "expert": ["expert"],
    "membership": ["membership"],
    "present": ["membership"],
    "meeting": ["meeting"],
    # the row a page's action acts on ("action.field")
    "member_leave.id": ["membership"],
    "seat_end.id": ["seat"],
    "work_remove.id": ["work_entry"],
    "ledger_remove.id": ["ledger_entry"],
    "instructor_remove.id": ["instructor"],
    "budget_remove.id": ["budget_line"],
    "session_remove.id": ["session"],
    "revoke.id": ["certificate"],
    "enroll_remove.id": ["enrollment"],
    "follow_up.id": ["enrollment"],
    "survey_qr.id": ["enrollment"],
    "group": ["group"],
    "document_remove.id": ["grant_document"],
}

# Object keys that are not bound to an area (the sweep does not expect a 404 for them outside the area). A
# district's "what is missing" list is shared by every office with an area in the district (a TAO sees its own
# records in it, e.g. tao_a2 in 4601 beside tao_a), so it is no one side's object; another province's district
# is a 404 (tests/reports/test_missing.py).
UNSCOPED = {
    "certificate_code",
    "survey_token",
    "pick_kind",
    "missing_kind",
    "missing_district",
    "dash_level",
    "dash_figure",
    "readiness_gap",
    "signin_uid",
    "signin_token",
}


def _side(world, side, catalogue):
    from groups import services
    from tests.groups import helpers as groups
    from tests.registers.helpers import make_person
    from tests.training.helpers import satisfy

    office, tao = (world.office_a, world.tao_a) if side == "a" else (world.office_b, world.tao_b)
    sub = office.sub_districts.get()
    village = Village.objects.create(
        sub_district=sub, number=7, name="บ้านโนนสวรรค์" if side == "a" else "บ้านป่าสัก"
    )
    n = 700 if side == "a" else 800
    person = make_person(village, n, last_name="สว่างวงศ์", birth_date=datetime.date(1975, 3, 9))
    household = Household.objects.create(
        village=village, house_number=f"{n}/1", head=person, member_count=3, yearly_income=Decimal(84000)
    )
    person.household = household
    person.save()
    expert = Expert.objects.create(person=person, years_experience=15, achievements="ปราชญ์ด้านการทอผ้า")
    expert.expertise.set([catalogue["ทอผ้าไหม"]])
    material = RawMaterial.objects.create(
        village=village,
        name="ต้นกก",
        category="plant",
        quantity=Decimal(50),
        unit="กิโลกรัม",
        months=0b11,
        source="หนองน้ำในหมู่บ้าน",
    )
    made = {
        "village": village,
        "person": person,
        "household": household,
        "expert": expert,
        "material": material,
        "occupation": PersonOccupation.objects.create(
            person=person, occupation=catalogue["ทำนา"], kind="main", yearly_income=Decimal(40000)
        ),
        "wanted": WantedOccupation.objects.create(
            person=person, occupation=catalogue["ทำน้ำพริก"], priority=1, survey_year=2569
        ),
        "target": TargetHousehold.objects.create(
            household=household,
            village=village,
            fiscal_year=2569,
            criterion="tpmap",
            forum_date=datetime.date(2025, 11, 15),
        ),
        "team": InstructorTeam.objects.create(village=village, fiscal_year=2569),
    }
    for register in REGISTERS:
        if register.import_kind:
            made[f"import_{register.import_kind}"] = ImportBatch.objects.create(
                kind=register.import_kind,
                office=office,
                user=tao,
                file_name="สำรวจ.xlsx",
                status=ImportStatus.PREVIEWED,
                row_count=0,
            )
    # A training that has issued its certificates (every form of the page has rows to act on).
    training = Training.objects.create(office=office, village=village, topic="การทอเสื่อกกเพื่อจำหน่าย")
    for step in range(Step.TOPIC, Step.SATISFACTION):
        training.step = step
        training.save()
        satisfy(training, step)
    training.step = Step.SATISFACTION
    training.save()
    enrollment = training.enrollments.order_by("pk").first()
    follow_up = FollowUp.objects.create(enrollment=enrollment, round=3, due_on=datetime.date(2026, 4, 21))
    made.update(
        training=training,
        enrollment=enrollment,
        session=training.sessions.order_by("pk").first(),
        certificate_code=enrollment.certificate.code,
        survey_token=enrollment.survey_token,
        follow_up=follow_up,
        pick_kind="person",
        missing_kind="results",
        missing_district=village.district,
        dash_province=village.province_id,
        dash_district=village.district_id,
        dash_sub_district=village.sub_district_id,
        dash_level="district",
        dash_figure="households_trained",
        readiness_gap="villages",
        signin_uid="MQ",
        signin_token="cz9x2k-0123456789abcdef0123456789abcdef",
    )
    # An occupation group with members, committee, rules, a meeting, work and books (with a scanned receipt).
    founders = [
        make_person(village, n + i, first_name=groups.FIRST_NAMES[i], last_name="ทองคำ") for i in range(1, 6)
    ]
    group = services.group_create(
        user=tao,
        office=office,
        name=f"กลุ่มทอเสื่อกก{village.name}",
        village=village,
        occupation=catalogue["ทอผ้าไหม"],
        founded_on=groups.days_ago(800),
        founders=founders,
        products="เสื่อกก",
    )
    day = groups.days_ago(40)
    meeting = groups.held_meeting(tao, group, day)
    groups.adopt_rules(tao, group, meeting)
    groups.full_committee(tao, group, day)
    entry = groups.income(tao, group, day, "1500")
    entry.receipt.save("receipt.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    groups.expense(tao, group, day, "300")
    services.work_log_day(
        user=tao, group=group, date=day, units={groups.member(group).pk: "6"}, activity=None, note="ทอเสื่อ"
    )
    made.update(
        group=group,
        ledger_entry=entry,
        group_year=group.year_of(groups.today()),
        membership=group.memberships.order_by("pk").first(),
        meeting=meeting,
        seat=group.committee.order_by("pk").first(),
        work_entry=group.work.order_by("pk").first(),
        instructor=training.instructors.order_by("pk").first(),
        budget_line=training.budget_lines.order_by("pk").first(),
        certificate=enrollment.certificate,
    )
    from grants.models import BudgetLine as GrantBudgetLine
    from kit import thai

    made["budget_line_grant"] = GrantBudgetLine.objects.create(
        office=office,
        fiscal_year=thai.fiscal_year_now(),
        plan_code="00230",
        work_code="00232",
        budget_code="510000",
        category_code="540000",
        type_code="540100",
        project=f"โครงการส่งเสริมกลุ่มอาชีพ{village.name}",
        appropriated=Decimal("80000"),
        materials_only=True,
    )
    # A grant request of the group, with its cost lines and an uploaded document.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from grants import services as grants

    grant = grants.request_create(
        user=tao,
        group=group,
        title="เสื่อกกลายขิดเพื่อจำหน่าย",
        purposes=["output"],
        support_kinds=["materials"],
        activities="จัดซื้อกกและสีย้อม",
        starts_on=groups.days_ago(10),
        ends_on=groups.days_ago(-80),
        expected_results="เสื่อกกเดือนละ 30 ผืน",
        amount_requested=Decimal(6000),
        received_on=groups.days_ago(12),
    )
    grants.cost_lines_replace(
        user=tao,
        request=grant,
        lines=[
            {
                "item": "ต้นกกตากแห้ง",
                "quantity": "40",
                "unit": "กิโลกรัม",
                "unit_price": "150",
                "kind": "material",
            }
        ],
    )
    document = grants.document_add(
        user=tao,
        request=grant,
        kind="request_letter",
        upload=SimpleUploadedFile(
            "หนังสือขอรับการสนับสนุน.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        ),
    )
    made.update(grant_request=grant, grant_document=document)
    made.update(_grant(world, side, tao, office, group))
    made.update(_plan(world, side, office))
    made.update(_targets(world, village, made["plan_programme"]))
    made.update(_assessment(world, side, village))
    made.update(_submission(world, side, office))
    made.update(_export(world, side, office))
    return made


def _export(world, side, office):
    """The province's dashboard exported as a workbook by its provincial officer (made: its file is
    stored)."""
    from reports.models import Export, ExportStatus

    officer = world.province_a if side == "a" else world.province_b
    export = Export.objects.create(
        user=officer,
        kind="xlsx",
        level="province",
        key=office.province_id,
        place_name=office.province.name_th,
        fiscal_year=2565,
        status=ExportStatus.DONE,
        steps_done=3,
        steps_total=3,
    )
    export.file.save(f"{export.pk}.xlsx", ContentFile(b"PK\x03\x04"))
    return {"export": export}


def _plan(world, side, office):
    """The province's plan (written by its provincial officer) with a programme, an indicator and a district
    row."""
    from reports.models import Indicator, Programme
    from reports.services import plans

    officer = world.province_a if side == "a" else world.province_b
    plan = plans.plan_create(user=officer, province=office.province, fiscal_year=2565)
    programme = plans.programme_save(
        user=officer,
        programme=Programme(
            plan=plan,
            number=1,
            name="โครงการสร้างสัมมาชีพชุมชนในระดับหมู่บ้าน",
            unit_label="หมู่บ้าน",
            stated_units=2,
            unit_budget=Decimal(24000),
            stated_total=Decimal(48000),
        ),
    )
    indicator = plans.indicator_save(
        user=officer,
        indicator=Indicator(
            programme=programme, number=1, name="ครัวเรือนได้รับการส่งเสริมอาชีพ", stated_target=Decimal(40)
        ),
    )
    plans.district_targets_save(
        user=officer,
        programme=programme,
        rows={office.district_id: {"units": 2, "budget": 48000, indicator.pk: 40}},
    )
    return {"plan": plan, "plan_programme": programme, "plan_indicator": indicator}


def _targets(world, village, programme):
    """The programme chooses its target villages by the rules: an exclusion, and the district's list with the
    village on it."""
    from reports.models import Exclusion, Project, TargetList, TargetVillage

    project = Project.objects.get_or_create(name="โครงการสร้างสัมมาชีพชุมชนตามหลักปรัชญาของเศรษฐกิจพอเพียง")[0]
    programme.project = project
    programme.save(update_fields=["project"])
    Exclusion.objects.create(programme=programme, project=project, from_year=2560, to_year=2562)
    target_list = TargetList.objects.create(programme=programme, district_id=village.district_id)
    row = TargetVillage.objects.create(target_list=target_list, village=village, added_by=world.admin)
    return {"plan_district": village.district, "target_village": row}


def _submission(world, side, office):
    """The district's summary of last fiscal year, submitted (office B's district has no district officer in
    the world: the administrator submits it)."""
    from kit import thai
    from reports.services.submissions import submission_submit

    user = world.district_a if side == "a" else world.admin
    return {
        "submission": submission_submit(
            user=user,
            district=office.district,
            fiscal_year=thai.fiscal_year_now() - 1,
            quarter=0,
            figures={"households_promoted": 12, "groups_formed": 1},
        )
    }


def _assessment(world, side, village):
    """Both rounds of the village's sufficiency-economy assessment this fiscal year (round 2 after the village
    training), with a plan item on round 1 (office B's district has no district office in the world: the
    administrator records it)."""
    from django.utils import timezone

    from kit import thai
    from reports.services import assessments as services
    from tests.reports.helpers import COMMITTEE, answers, criteria, village_training

    user = world.district_a if side == "a" else world.admin
    year = thai.fiscal_year_now()
    first_day, _last = thai.fiscal_year_bounds(year)
    version = criteria()
    village_training(village, ends_on=timezone.localdate())  # round 2 follows the village training
    rounds = {}
    for number, on, passed in ((1, first_day, 12), (2, timezone.localdate(), 18)):
        rounds[number] = services.assessment_record(
            user=user,
            village=village,
            fiscal_year=year,
            round_number=number,
            assessed_on=on,
            committee=COMMITTEE,
            answers=answers(version, passed),
        )
    item = services.plan_item_add(
        user=user,
        assessment=rounds[1],
        activity="ส่งเสริมการทำบัญชีครัวเรือน",
        indicator=version.indicators.get(number=7),
    )
    return {"assessment": rounds[1], "assessment_after": rounds[2], "plan_item": item}


def _grant(world, side, tao, office, group):
    """A grant request of the group at the agreement (decision letter and agreement printable), with a grant
    file."""
    from grants.models import BudgetLine, GrantFile, Status
    from groups import services as groups_services
    from kit import thai
    from registry.scoping import Role
    from tests.factories import UserFactory
    from tests.grants.helpers import GrantWorld, advance, make_request
    from tests.groups.helpers import days_ago

    groups_services.group_register(
        user=tao, group=group, number=f"กษ 00{side}1/2566", registered_on=days_ago(700)
    )
    group.status = "active"
    group.save(update_fields=["status"])
    line = BudgetLine.objects.create(
        office=office,
        fiscal_year=thai.fiscal_year_now(),
        plan_code="00230",
        project="โครงการส่งเสริมกลุ่มอาชีพ",
        appropriated=Decimal(100000),
        materials_only=True,
    )
    gw = GrantWorld(
        staff=tao,
        finance=UserFactory(username=f"finance_{side}", role=Role.FINANCE, office=office),
        executive=UserFactory(username=f"executive_{side}", role=Role.EXECUTIVE, office=office),
        group=group,
        line=line,
    )
    request = advance(gw, make_request(gw), Status.AGREEMENT)
    grant_file = GrantFile.objects.create(request=request, requested_by=tao, state=GrantFile.State.READY)
    grant_file.file.save(f"{grant_file.pk}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"grant_agreed": request, "grant_file": grant_file}


def build_objects(world, catalogue) -> dict:
    """{"a": {key: object}, "b": {key: object}}: one of everything in office A's area, one in office B's."""
    return {"a": _side(world, "a", catalogue), "b": _side(world, "b", catalogue)}
