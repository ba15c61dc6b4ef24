"""axe-core (WCAG 2.1 A and AA) on every main page, as each role sees it, at a desktop and a phone width; at
the phone width, buttons and labels that break or are cut.

axe-core comes from npm (package-lock.json) and is read from node_modules; it is evaluated through the
DevTools protocol, so the page's Content-Security-Policy stays in force while it runs (no script tag is
added). A page passes with no serious or critical violation. The same walk fails on any
Content-Security-Policy violation the browser reports (an inline script or style the policy refused).
"""

import pytest
from django.conf import settings

from tests.browser.test_training_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (settings.NODE_MODULES / "axe-core" / "axe.min.js").read_text()
AXE_RUN = """() => axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
}).then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(
        n => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")),
})))"""
BLOCKING = {"serious", "critical"}
# At phone width: a button's words never break over two lines ("นำ/ออก"), no label is cut, a time or date
# field is wide enough to show its value, and nothing is wider than the screen.
PHONE_LAYOUT = """() => {
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const lines = el => { const range = document.createRange(); range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size; };
  const problems = [];
  for (const b of document.querySelectorAll(".btn"))
    if (visible(b) && b.innerText.trim() && lines(b) > 1)
      problems.push("button wraps: " + b.innerText.trim());
  // A visually hidden label is cut on purpose.
  for (const l of document.querySelectorAll("label, .form-label"))
    if (visible(l) && !l.matches(".visually-hidden") && l.scrollWidth > l.clientWidth + 1)
      problems.push("label cut: " + l.innerText.trim());
  for (const i of document.querySelectorAll("input[type=time], input[type=date]"))
    if (visible(i) && i.getBoundingClientRect().width < 96)
      problems.push("field too narrow: " + (i.name || i.id));
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push("page wider than the screen");
  return problems;
}"""

# Violations tolerated while a page is being fixed, listed so that nothing is excluded silently: (page
# name, axe rule).
KNOWN_AND_OWNED_BY_PAGES: set[tuple[str, str]] = set()  # (page, rule) pairs tolerated while being fixed: none
# axe-core 4.x no longer reports repeated ids under WCAG 2.1 (4.1.1 is obsolete), but a label or aria
# reference that points at another form's field is still wrong; this walk checks it itself.
DUPLICATE_IDS = """() => { const seen = {};
  for (const el of document.querySelectorAll("[id]")) seen[el.id] = (seen[el.id] || 0) + 1;
  return Object.entries(seen).filter(([id, n]) => n > 1).map(([id, n]) => `${id} ×${n}`); }"""


RECEIVED_PAGE = "grant request page, received"  # the walk follows its request receipt (a PDF, not axe's)


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return [v for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING]


def main_pages(live_server_url):
    """(username or None, page name, path) of every main page, from the demo data."""
    from grants.models import GrantRequest
    from grants.workflow import APPROVED_STATES
    from groups.models import Group
    from registry.models import Person, PersonOccupation, User
    from training.models import Training

    tao = "tao_lampao"
    officer = User.objects.get(username=tao)
    person = Person.objects.for_user(officer).order_by("pk").first()
    occupation = PersonOccupation.objects.for_user(officer).order_by("pk").first()
    training = Training.objects.for_user(officer).order_by("-step", "pk").first()
    # A second training, still running: its page carries the sessions, attendance and step forms.
    running = Training.objects.for_user(officer).exclude(pk=training.pk).order_by("-step", "pk").first()
    group = Group.objects.for_user(officer).order_by("pk").first()
    from grants.models import BudgetLine

    line = BudgetLine.objects.for_user(officer).order_by("pk").first()
    grant = demo_grant_request(officer)
    # A request received (submitted): its printouts offer the request receipt, which the walk downloads.
    received = (
        GrantRequest.objects.for_user(officer).filter(moves__to_state="submitted").order_by("pk").first()
    )
    plan = demo_plan()
    programme = plan.programmes.order_by("number").first()
    # The public list of approved grants, of an office and year that has some (the form alone without demo
    # grants).
    approved = (
        GrantRequest.objects.filter(status__in=APPROVED_STATES)
        .select_related("office")
        .order_by("pk")
        .first()
    )
    grants_list = (
        f"/grants/public/?office={approved.office.code}&year={approved.fiscal_year}"
        if approved
        else "/grants/public/"
    )
    assessment = demo_assessment(User.objects.get(username="cd_mueang"))
    submission = demo_submission(User.objects.get(username="cd_mueang"))
    missing = demo_missing_list(User.objects.get(username="pcd_kalasin"))
    export = demo_export(User.objects.get(username="pcd_kalasin"))
    sufficiency = f"/reports/sufficiency/villages/{assessment.village_id}/"
    return [
        (None, "login", "/accounts/login/"),
        (None, "certificate lookup", "/certificates/"),
        (None, "about", "/about/"),
        (None, "grant status lookup", "/grants/status/"),
        (None, "approved grants list", grants_list),
        (tao, "home (TAO)", "/"),
        (tao, "people list", "/registry/people/"),
        (tao, "person detail", f"/registry/people/{person.pk}/"),
        (tao, "person form", "/registry/people/new/"),
        (tao, "household list", "/registry/households/"),
        (tao, "occupation list", "/registry/occupations/"),
        (tao, "occupation detail", f"/registry/occupations/{occupation.pk}/"),
        (tao, "occupation form", "/registry/occupations/new/"),
        (tao, "expert list", "/registry/experts/"),
        (tao, "village list", "/registry/villages/"),
        (
            tao,
            "village page (with its sufficiency assessment)",
            f"/registry/villages/{assessment.village_id}/",
        ),
        (tao, "training list", "/training/"),
        (tao, "training page", f"/training/{training.pk}/"),
        (tao, "training page (running)", f"/training/{running.pk}/"),
        (tao, "new training form", "/training/new/"),
        (tao, "group list", "/groups/"),
        (tao, "group page", f"/groups/{group.pk}/"),
        (tao, "grant list", "/grants/"),
        (tao, "grant due list", "/grants/due/"),
        (tao, "budget lines", "/grants/lines/"),
        (tao, "budget line", f"/grants/lines/{line.pk}/"),
        (tao, "budget line form", "/grants/lines/new/"),
        (tao, "grant settings", "/grants/settings/"),
        ("fin_lampao", "home (finance)", "/"),
        ("exec_lampao", "home (executive)", "/"),
        (tao, "new grant request form", "/grants/new/"),
        (tao, "grant request page", f"/grants/{grant.pk}/"),
        (tao, "grant request edit form", f"/grants/{grant.pk}/edit/"),
        (tao, RECEIVED_PAGE, f"/grants/{received.pk}/"),
        # The readiness badge in each level's colour: a request of a group at each level.
        *(
            (staff, f"grant request page, group readiness {level}", f"/grants/{request.pk}/")
            for staff, level, request in demo_requests_by_readiness()
        ),
        ("cd_mueang", "home (district)", "/"),
        ("cd_mueang", "training list (district)", "/training/"),
        ("cd_mueang", "grant list (district)", "/grants/"),
        ("cd_mueang", "sufficiency villages (district)", "/reports/sufficiency/"),
        ("cd_mueang", "sufficiency village, both rounds", sufficiency),
        ("cd_mueang", "sufficiency round form", f"{sufficiency}record/?round=2"),
        ("cd_mueang", "village development plan", f"/reports/sufficiency/assessments/{assessment.pk}/plan/"),
        ("cd_mueang", "district summary form (district)", "/reports/submissions/"),
        (
            "cd_mueang",
            "district summary submitted (district)",
            f"/reports/submissions/?quarter={submission.quarter}",
        ),
        ("cd_mueang", "what is missing (district)", "/reports/missing/"),
        ("pcd_kalasin", "home (province)", "/"),
        ("pcd_kalasin", "plan list", "/reports/plans/"),
        ("pcd_kalasin", "plan page", f"/reports/plans/{plan.pk}/"),
        (
            "pcd_kalasin",
            "plan district targets form",
            f"/reports/plans/{plan.pk}/programmes/{programme.pk}/targets/",
        ),
        ("pcd_kalasin", "plan programme form", f"/reports/plans/{plan.pk}/programmes/new/"),
        ("pcd_kalasin", "plan import form", f"/reports/plans/{plan.pk}/import/"),
        (
            "pcd_kalasin",
            "plan indicator removal (published, with a reason)",
            f"/reports/plans/{plan.pk}/indicators/{programme.indicators.order_by('number').first().pk}/remove/",
        ),
        ("cd_mueang", "plan page (district)", f"/reports/plans/{plan.pk}/"),
        (
            "cd_mueang",
            "target villages, approved, with the programme's progress",
            f"/reports/plans/{plan.pk}/programmes/{programme.pk}/villages/4601/",
        ),
        ("cd_mueang", "village training page (district)", "/training/village/"),
        (
            "pcd_kalasin",
            "target villages of the districts",
            f"/reports/plans/{plan.pk}/programmes/{programme.pk}/villages/",
        ),
        ("pcd_kalasin", "plan exclusions", f"/reports/plans/{plan.pk}/programmes/{programme.pk}/exclusions/"),
        ("pcd_kalasin", "earlier years' target villages import", "/reports/target-villages/import/"),
        (
            "pcd_kalasin",
            "districts' summaries (province)",
            f"/reports/submissions/?quarter={submission.quarter}",
        ),
        ("pcd_kalasin", "a district's summary to accept", f"/reports/submissions/{submission.pk}/"),
        ("pcd_kalasin", "what is missing (province)", "/reports/missing/"),
        ("pcd_kalasin", "what is missing, one list", missing),
        # The dashboard: one template for every place (a district's and the country's pages differ only in
        # rows).
        ("pcd_kalasin", "results dashboard (province)", "/reports/dashboard/"),
        (
            "pcd_kalasin",
            "results dashboard, a village",
            f"/reports/dashboard/villages/{assessment.village_id}/",
        ),
        (
            "pcd_kalasin",
            "results dashboard, the records behind a count",
            "/reports/dashboard/district/4601/households_trained/",
        ),
        (
            "pcd_kalasin",
            "results dashboard, the villages behind a sufficiency count",
            "/reports/dashboard/province/46/sufficiency_1_sufficient/",
        ),
        ("pcd_kalasin", "an export's job page (made)", f"/reports/exports/{export.pk}/"),
        ("tao_lampao", "results dashboard (office)", "/reports/dashboard/"),
        ("admin", "home (admin)", "/"),
    ]


def demo_plan():
    """The demo province's plan of this fiscal year (seed_demo: published, with both programmes)."""
    from kit import thai
    from registry.models import User
    from reports.models import Plan

    return Plan.objects.for_user(User.objects.get(username="pcd_kalasin")).get(
        fiscal_year=thai.fiscal_year_now()
    )


def demo_assessment(officer):
    """Round 1 of a demo village of the district officer's district this fiscal year that has round 2 too
    (seed_demo), in a village the TAO staff of the walk sees (its page shows the assessment's panel)."""
    from kit import thai
    from registry.models import User, Village
    from reports.models import Assessment

    villages = Village.objects.for_user(officer).filter(
        pk__in=Village.objects.for_user(User.objects.get(username="tao_lampao"))
    )
    year = thai.fiscal_year_now()
    both = Assessment.objects.filter(village__in=villages, fiscal_year=year, round=2).values("village")
    return Assessment.objects.filter(village__in=both, fiscal_year=year, round=1).order_by("pk").first()


def demo_submission(officer):
    """The district officer's summary of the first quarter of this fiscal year, submitted (seed_demo has
    none): the province's officer has one to open and decide; the district's own page of the whole year still
    has the form."""
    from kit import thai
    from reports.selectors.submissions import live_figures
    from reports.services.submissions import submission_submit

    district = officer.office.district
    year = thai.fiscal_year_now()
    return submission_submit(
        user=officer,
        district=district,
        fiscal_year=year,
        quarter=1,
        figures=live_figures(officer, district, year),
        note="ผลสะสมไตรมาสแรก",
    )


def demo_export(officer):
    """The provincial officer's workbook of their province's dashboard (made at once by the tests' task
    backend)."""
    from kit import thai
    from reports.selectors.dashboard import home_place
    from reports.services.exports import export_request

    return export_request(
        user=officer, place=home_place(officer), kind="xlsx", fiscal_year=thai.fiscal_year_now()
    )


def demo_missing_list(officer):
    """The list behind the first count of the demo's "what is missing" table that has records."""
    from django.utils import timezone

    from kit import thai
    from reports.selectors.missing import missing_table

    table = missing_table(user=officer, fiscal_year=thai.fiscal_year_now(), today=timezone.localdate())
    district, kind = next((row.district, kind) for row in table.rows for kind, n in row.counts if n)
    return f"/reports/missing/{district.pk}/{kind.code}/"


def demo_requests_by_readiness():
    """(username, level, request) for each readiness level (A to D): a request of a group of the demo at that
    level, opened by its office's staff; a level whose groups have no request gets a draft entered for one."""
    from django.utils import timezone

    from grants.models import GrantRequest
    from groups.models import Group
    from groups.selectors import Level, with_readiness
    from registry.models import User
    from registry.scoping import Role

    groups = list(with_readiness(Group.objects.order_by("pk"), timezone.localdate()))
    found = []
    for level, _label in Level.CHOICES:
        at_level = [g for g in groups if Level.of(g.readiness_score) == level]
        assert at_level, f"the demo has no group at readiness level {level}"
        asked = [g for g in at_level if GrantRequest.objects.filter(group=g).exists()]
        group = (asked or at_level)[0]
        request = GrantRequest.objects.filter(group=group).order_by("pk").first()
        if request is None:
            staff = User.objects.filter(office__sub_districts=group.sub_district_id, role=Role.TAO_STAFF)
            request = demo_grant_request(staff.order_by("pk").first(), group=group)
        staff = User.objects.filter(office=request.office, role=Role.TAO_STAFF).order_by("pk").first()
        found.append((staff.username, level, request))
    return found


def demo_grant_request(officer, group=None):
    """A grant request of the demo data (or, while seed_demo has none, a draft entered for the officer's
    group); with `group`, a draft entered for that group."""
    import datetime
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from grants import services
    from grants.models import GrantRequest
    from grants.selectors import groups_for_request

    grant = GrantRequest.objects.for_user(officer).order_by("pk").first() if group is None else None
    if grant is not None:
        return grant
    today = datetime.date.today()
    grant = services.request_create(
        user=officer,
        group=group or groups_for_request(officer).first(),
        title="ผ้าไหมลายขิดสีธรรมชาติเพื่อจำหน่าย",
        purposes=["output", "quality"],
        support_kinds=["materials"],
        activities="จัดซื้อเส้นไหมและสีย้อม",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
        expected_results="ผ้าไหมเดือนละ 20 ผืน",
        amount_requested=Decimal(20000),
        received_on=today,
    )
    services.cost_lines_replace(
        user=officer,
        request=grant,
        lines=[
            {
                "item": "เส้นไหมย้อมสีธรรมชาติ",
                "quantity": "20",
                "unit": "กิโลกรัม",
                "unit_price": "1000",
                "kind": "material",
            }
        ],
    )
    services.document_add(
        user=officer,
        request=grant,
        kind="request_letter",
        upload=SimpleUploadedFile(
            "หนังสือขอรับการสนับสนุน.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        ),
    )
    return grant


def settle(page, pending):
    """The page as the user sees it: `goto` waited for the load event (every script, style and image); then
    its fonts (a button's wrapping depends on them). Only when a request is still under way is the network
    waited for to be idle (which always costs half a second more a page)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    if pending:
        page.wait_for_load_state("networkidle")


def test_main_pages_have_no_serious_accessibility_violation(live_server, demo, page_at, screenshot):
    """Both widths in one test, on one seeded demo (the walk only reads; seeding again costs half a
    minute)."""
    found, csp_errors = {}, []
    pages = main_pages(live_server.url)
    for width in (1366, 375):
        walk(live_server.url, pages, width, page_at, screenshot, found, csp_errors)
    assert not found and not csp_errors, "\n".join(
        [
            f"{name}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
            for name, vs in found.items()
            for v in vs
        ]
        + csp_errors
    )


def walk(base, pages, width, page_at, screenshot, found, csp_errors):
    current_user, page, pending = object(), None, set()
    for username, page_name, path in pages:
        name = f"{page_name} @{width}"
        if username != current_user:
            page, pending = page_at(width), set()
            page.on(
                "console",
                lambda message, page=page: (
                    csp_errors.append(f"{page.url}: {message.text}")
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            page.on("request", lambda request, pending=pending: pending.add(request))
            page.on("requestfinished", lambda request, pending=pending: pending.discard(request))
            page.on("requestfailed", lambda request, pending=pending: pending.discard(request))
            if username:
                login(page, base, username)
            current_user = username
        response = page.goto(f"{base}{path}")
        assert response.status == 200, (name, path, response.status)
        settle(page, pending)
        screenshot(page, f"a11y-{page_name.replace(' ', '-').replace('(', '').replace(')', '')}-{width}")
        if (
            page_name == "home (TAO)"
        ):  # the first Tab reaches the skip link; Enter moves to the page's own content
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.innerText") == "ข้ามไปยังเนื้อหาหลัก"
            assert (
                page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
            )  # shown when focused
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "main-content"
        if page_name == RECEIVED_PAGE:
            href = page.get_by_test_id("receipt-link").get_attribute("href")
            receipt = page.request.get(f"{base}{href}")
            assert receipt.status == 200, (name, href, receipt.status)
            assert receipt.headers["content-type"] == "application/pdf", (name, href)
        if width < 576:
            for problem in page.evaluate(PHONE_LAYOUT):
                found.setdefault(name, []).append(
                    {"impact": "layout", "id": problem, "help": "phone", "nodes": []}
                )
        duplicates = page.evaluate(DUPLICATE_IDS)
        if duplicates and (page_name, "duplicate-id") not in KNOWN_AND_OWNED_BY_PAGES:
            found.setdefault(name, []).append(
                {"impact": "serious", "id": "duplicate-id", "help": "ids repeated", "nodes": duplicates}
            )
        for violation in axe_violations(page):
            if (page_name, violation["id"]) in KNOWN_AND_OWNED_BY_PAGES:
                continue
            found.setdefault(name, []).append(violation)
