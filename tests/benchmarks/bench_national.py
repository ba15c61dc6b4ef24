"""National-scale benchmarks. Prints figures; run through `make bench` on SQLite and
PostgreSQL.

The country is generated once with `manage.py generate_national` (BENCH_NATIONAL_SCALE, default 1 on
PostgreSQL: 77 provinces, 75,000 villages, 1,000,000 people, 400,000 enrolments, 30,000 groups, 20,000 grant
requests, plans for every province; 0.1 on SQLite, where the full country takes too long to load for a routine
run). Then, median of 5:
1. the provincial figures (reports.selectors.results `results(scope)` + `plan_progress`) of the province with
   the most target villages, as its provincial officer, beside the lower bound measured in the same run:
   hand-written SQL computing the same figures per district and for the province (the numbers are asserted
   equal); goal: within 2× the lower bound and under 300 ms on PostgreSQL;
2. a district's figures (per sub-district, with the plan's progress) as its district officer;
3. the national overview: an administrator's results per district over all 77 provinces, computed live; the
   whole dashboard (reports.selectors.dashboard) of the provincial officer, the district officer and an
   administrator as it runs, from the figures stored per place (reports/services/snapshots.py), beside the
   same computed live (the first page after a change) and the worker's refresh; goals: the province within 2×
   the lower bound and under 300 ms, the country under 1 s; then the same pages through the test client, HTML
   included; the province's Excel workbook and printed book, as the worker makes them;
4. the lists a provincial officer opens (people, trainings, groups filtered by readiness level, grant
   requests), through the Django test client at page sizes 25 and 100; goal under 300 ms and the same number
   of queries at both page sizes.
The query counts of the figures are pinned: the province's, the district's and the country's need the same
number of queries (the run fails when they do not). Goals are printed beside each figure, met or not.
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 5


def measure(function, runs=RUNS):
    """(median ms, queries of the last run, the last result)."""
    function()  # warm up
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            value = function()
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(ctx), value


def goal(ms, limit, on_postgres_only=False):
    if on_postgres_only and connection.vendor != "postgresql":
        return f"(goal < {limit:,} ms on PostgreSQL)"
    return f"goal < {limit:,} ms: {'met' if ms < limit else 'MISSED'}"


# --- the lower bound: the provincial figures in hand-written SQL --------------------------------------------


def lower_bound(province: str, year: int, plan_id: int) -> dict:
    """The same figures as results() + plan_progress() for a provincial officer of `province`, per district
    (key None: the province), in eight statements. Each figure: {district or None: value}."""
    from grants.workflow import APPROVED_STATES

    approved = ", ".join(f"'{state}'" for state in APPROVED_STATES)
    local = "('tao', 'municipality')"
    trainings = """
        WITH av AS (
            SELECT tv.village_id FROM reports_targetvillage tv
            JOIN reports_targetlist tl ON tl.id = tv.target_list_id
            JOIN reports_programme pr ON pr.id = tl.programme_id
            JOIN reports_plan pl ON pl.id = pr.plan_id
            WHERE tl.status = 'approved' AND pl.status = 'published' AND pl.fiscal_year = %(year)s),
        vt AS (
            SELECT t.id, t.district_id, t.village_id, t.step FROM training_training t
            WHERE t.province_id = %(province)s AND t.fiscal_year = %(year)s
              AND t.village_id IN (SELECT village_id FROM av)),
        en AS (
            SELECT e.id, vt.district_id, p.household_id,
                   CASE WHEN c.id IS NOT NULL AND c.revoked_at IS NULL THEN 1 ELSE 0 END AS certified
            FROM vt JOIN training_enrollment e ON e.training_id = vt.id
            JOIN registry_person p ON p.id = e.person_id
            LEFT JOIN training_certificate c ON c.enrollment_id = e.id
            WHERE p.household_id IS NOT NULL),
        lf AS (
            SELECT en.district_id, en.household_id, f.uses_skill, f.income_before, f.income_after
            FROM en JOIN training_followup f ON f.enrollment_id = en.id
            WHERE en.certified = 1 AND f.visited_on IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM training_followup l
                WHERE l.enrollment_id = f.enrollment_id AND l.visited_on IS NOT NULL AND l.round > f.round))
    """
    statements = {
        ("villages_done", "experts"): (
            trainings,
            "vt.district_id",
            """
            SELECT {area}, COUNT(DISTINCT vt.village_id), COUNT(DISTINCT ti.expert_id)
            FROM vt LEFT JOIN training_traininginstructor ti ON ti.training_id = vt.id
            WHERE vt.step > 6 {group}""",
        ),
        ("households_trained", "households_promoted"): (
            trainings,
            "district_id",
            """
            SELECT {area}, COUNT(DISTINCT household_id),
                   COUNT(DISTINCT CASE WHEN certified = 1 THEN household_id END) FROM en {group}""",
        ),
        ("higher_income", "rise_count", "rise_before", "rise_after"): (
            trainings,
            "district_id",
            """
            SELECT {area},
                   COUNT(DISTINCT CASE WHEN uses_skill AND income_before IS NOT NULL
                                            AND income_after > income_before
                                       THEN household_id END),
                   COUNT(CASE WHEN income_before IS NOT NULL AND income_after IS NOT NULL THEN 1 END),
                   COALESCE(SUM(CASE WHEN income_after IS NOT NULL THEN income_before END), 0),
                   COALESCE(SUM(CASE WHEN income_before IS NOT NULL THEN income_after END), 0)
            FROM lf {group}""",
        ),
        ("groups_formed", "groups_registered"): (
            "",
            "g.district_id",
            """
            SELECT {area}, COUNT(*), COUNT(g.registered_on) FROM groups_group g
            JOIN training_training t ON t.id = g.formed_from_id
            WHERE g.province_id = %(province)s AND t.fiscal_year = %(year)s {group}""",
        ),
        (
            "grants_approved",
            "grants_approved_baht",
            "grants_paid",
            "grants_paid_baht",
            "grants_refunded_baht",
            "tao_grants_approved",
            "tao_grants_approved_baht",
            "tao_grants_paid",
            "tao_grants_paid_baht",
            "tao_grants_refunded_baht",
            "tao_groups_supported",
        ): (
            f"""
            WITH ag AS (
                SELECT r.id, r.district_id, r.approved_amount, r.group_id,
                       CASE WHEN o.kind IN {local} THEN 1 ELSE 0 END AS is_local
                FROM grants_grantrequest r JOIN registry_office o ON o.id = r.office_id
                WHERE r.province_id = %(province)s AND r.fiscal_year = %(year)s AND r.status IN ({approved})),
            pay AS (SELECT request_id, SUM(amount) AS amount FROM grants_payment
                    WHERE request_id IN (SELECT id FROM ag) GROUP BY request_id),
            ref AS (SELECT request_id, SUM(amount) AS amount FROM grants_refund
                    WHERE request_id IN (SELECT id FROM ag) GROUP BY request_id)""",
            "ag.district_id",
            """
            SELECT {area}, COUNT(*), COALESCE(SUM(ag.approved_amount), 0), COUNT(pay.request_id),
                   COALESCE(SUM(pay.amount), 0), COALESCE(SUM(ref.amount), 0),
                   SUM(is_local), COALESCE(SUM(is_local * ag.approved_amount), 0),
                   COUNT(CASE WHEN is_local = 1 THEN pay.request_id END),
                   COALESCE(SUM(is_local * pay.amount), 0), COALESCE(SUM(is_local * ref.amount), 0),
                   COUNT(DISTINCT CASE WHEN is_local = 1 THEN ag.group_id END)
            FROM ag LEFT JOIN pay ON pay.request_id = ag.id
            LEFT JOIN ref ON ref.request_id = ag.id {group}""",
        ),
        ("tao_trainings", "tao_certificates"): (
            "",
            "t.district_id",
            f"""
            SELECT {{area}}, COUNT(DISTINCT t.id),
                   COUNT(DISTINCT CASE WHEN c.revoked_at IS NULL THEN c.id END)
            FROM training_training t JOIN registry_office o ON o.id = t.office_id
            LEFT JOIN training_enrollment e ON e.training_id = t.id
            LEFT JOIN training_certificate c ON c.enrollment_id = e.id
            WHERE t.province_id = %(province)s AND t.fiscal_year = %(year)s
              AND o.kind IN {local} AND t.step > 6
            {{group}}""",
        ),
    }
    figures = {}
    params = {"province": province, "year": year}
    with connection.cursor() as cursor:
        for names, (with_clause, column, select) in statements.items():
            # Per district and for the province in one statement (two SELECTs over the same CTEs).
            cursor.execute(
                with_clause
                + select.format(area=column, group=f"GROUP BY {column}")
                + " UNION ALL "
                + select.format(area="NULL", group=""),
                params,
            )
            for row in cursor.fetchall():
                for name, value in zip(names, row[1:], strict=True):
                    if row[0] is not None and not value:
                        continue
                    figures.setdefault(name, {})[row[0]] = value
        cursor.execute(
            """
            WITH s AS (
                SELECT a.id, a.district_id, a.round, cv.well_min, cv.sufficient_min,
                       COALESCE(SUM(CASE WHEN ans.passed THEN 1 ELSE 0 END), 0) AS passed,
                       COALESCE(SUM(CASE WHEN c.core AND NOT ans.passed THEN 1 ELSE 0 END), 0) AS core_failed,
                       COALESCE(SUM(CASE WHEN c.core THEN 1 ELSE 0 END), 0) AS core_answered,
                       (SELECT COUNT(*) FROM reports_criterion k
                        WHERE k.version_id = a.criteria_id AND k.core) AS core_count,
                       (SELECT COUNT(*) FROM reports_criterion k
                        WHERE k.version_id = a.criteria_id) AS indicator_count
                FROM reports_assessment a JOIN reports_criteriaversion cv ON cv.id = a.criteria_id
                LEFT JOIN reports_answer ans ON ans.assessment_id = a.id
                LEFT JOIN reports_criterion c ON c.id = ans.indicator_id
                WHERE a.province_id = %(province)s AND a.fiscal_year = %(year)s
                GROUP BY a.id, a.district_id, a.round, cv.well_min, cv.sufficient_min, a.criteria_id),
            l AS (
                SELECT district_id, round, CASE
                    WHEN core_failed > 0 OR core_answered < core_count OR indicator_count = 0 THEN 'none'
                    WHEN passed >= indicator_count THEN 'prosperous'
                    WHEN passed >= well_min THEN 'well'
                    WHEN passed >= sufficient_min THEN 'sufficient'
                    ELSE 'none' END AS level
                FROM s)
            SELECT district_id, round, level, COUNT(*) FROM l GROUP BY district_id, round, level
            UNION ALL SELECT NULL, round, level, COUNT(*) FROM l GROUP BY round, level""",
            params,
        )
        figures["sufficiency"] = {
            (area, round_number, level): n for area, round_number, level, n in cursor.fetchall()
        }
        cursor.execute(
            "SELECT dt.indicator_id, dt.district_id, dt.value FROM reports_districttarget dt "
            "JOIN reports_indicator i ON i.id = dt.indicator_id "
            "JOIN reports_programme pr ON pr.id = i.programme_id WHERE pr.plan_id = %(plan)s",
            {"plan": plan_id},
        )
        figures["targets"] = {
            (indicator, district): value for indicator, district, value in cursor.fetchall()
        }
    return figures


def rows_shown(response) -> str:
    """The rows of the page shown (the Page in the template's context); "-" for a list that is not paged."""
    from django.core.paginator import Page

    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, Page):
                return len(value.object_list)
            page = getattr(value, "page", None)
            if isinstance(page, Page):
                return len(page.object_list)
    return "-"


def _number(value):
    if value is None:
        return 0
    if isinstance(value, (float, Decimal)):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return value


def django_figures(figures, progress) -> dict:
    """The same figures read from Results and plan_progress, in the lower bound's shape."""
    pairs = {
        "villages_done": figures.target_villages_done,
        "experts": figures.experts_taught,
        "households_trained": figures.households_trained,
        "households_promoted": figures.households_promoted,
        "higher_income": figures.households_higher_income,
        "groups_formed": figures.groups_formed,
        "groups_registered": figures.groups_registered,
        "grants_approved": figures.grants.approved,
        "grants_approved_baht": figures.grants.approved_baht,
        "grants_paid": figures.grants.paid,
        "grants_paid_baht": figures.grants.paid_baht,
        "grants_refunded_baht": figures.grants.refunded_baht,
        "tao_grants_approved": figures.tao.grants.approved,
        "tao_grants_approved_baht": figures.tao.grants.approved_baht,
        "tao_grants_paid": figures.tao.grants.paid,
        "tao_grants_paid_baht": figures.tao.grants.paid_baht,
        "tao_grants_refunded_baht": figures.tao.grants.refunded_baht,
        "tao_groups_supported": figures.tao.groups_supported,
        "tao_trainings": figures.tao.trainings,
        "tao_certificates": figures.tao.certificates,
    }
    out = {name: {**figure.by_area, None: figure.total} for name, figure in pairs.items()}
    for name, attribute in (("rise_count", "count"), ("rise_before", "before"), ("rise_after", "after")):
        out[name] = {
            **{area: getattr(rise, attribute) for area, rise in figures.rise_by_area.items()},
            None: getattr(figures.rise, attribute),
        }
    out["sufficiency"] = {
        (area, round_number, level): n
        for area, counts in figures.sufficiency.by_area.items()
        for (round_number, level), n in counts.items()
    }
    out["sufficiency"].update(
        {(None, round_number, level): n for (round_number, level), n in figures.sufficiency.total.items()}
    )
    out["targets"] = {
        (row.indicator.pk, row.area): row.target for p in progress for row in p.rows if row.target is not None
    }
    return out


def compare(ours, raw) -> list:
    problems = []
    for name, by_area in raw.items():
        mine = {area: _number(value) for area, value in ours[name].items() if value or area is None}
        theirs = {area: _number(value) for area, value in by_area.items() if value or area is None}
        if mine != theirs:
            wrong = sorted(
                ({*mine, *theirs} - {None}) & {a for a in {*mine, *theirs} if mine.get(a) != theirs.get(a)},
                key=str,
            )[:3]
            problems.append(
                f"{name}: results {mine.get(None)} / SQL {theirs.get(None)} (areas differing: {wrong})"
            )
    return problems


# --- the run ------------------------------------------------------------------------------------------------


def generate(scale):
    settings.DEBUG = True
    try:
        call_command("load_areas", verbosity=0)
        start = time.perf_counter()
        call_command("generate_national", scale=scale, seed=13)
        print(f"  generated in {time.perf_counter() - start:.0f} s")
    finally:
        settings.DEBUG = False


def main():
    from django.db.models import Count

    from kit import thai
    from registry.models import Person, User
    from registry.scoping import Role
    from reports.models import Plan, Snapshot, TargetVillage
    from reports.selectors import dashboard as d
    from reports.selectors.results import Scope, plan_progress, results
    from reports.services import snapshots

    setup_test_environment()
    settings.DEBUG = False
    default_scale = "1" if connection.vendor == "postgresql" else "0.1"
    scale = float(os.environ.get("BENCH_NATIONAL_SCALE", default_scale))
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = []
    try:
        print(
            f"Database: {connection.vendor}; national data at scale {scale:g}"
            + ("" if scale == 1 else " (BENCH_NATIONAL_SCALE=1 for the whole country)")
        )
        generate(scale)
        today = timezone.localdate()
        year = thai.fiscal_year(today) - 1
        print(f"  {Person.objects.count():,} people; fiscal year {year}")
        busiest = (
            TargetVillage.objects.values("village__province", "village__district")
            .annotate(n=Count("pk"))
            .order_by("-n", "village__district")
        )
        province = (
            TargetVillage.objects.values("village__province")
            .annotate(n=Count("pk"))
            .order_by("-n", "village__province")[0]["village__province"]
        )
        district = next(row["village__district"] for row in busiest if row["village__province"] == province)
        officer = User.objects.get(role=Role.PROVINCE_OFFICER, office__province=province)
        district_officer = User.objects.get(role=Role.DISTRICT_OFFICER, office__district=district)
        admin = User.objects.get(role=Role.ADMIN)
        plan = Plan.objects.get(province=province, fiscal_year=year)
        districts = officer.office.province.districts.count()

        def provincial():
            # The scope names the plan's province: plan_progress then reuses the figures (else it computes
            # them again).
            scope = Scope(user=officer, fiscal_year=year, province=province)
            figures = results(scope)
            return figures, plan_progress(plan=plan, scope=scope, today=today, figures=figures)

        def of_district():
            scope = Scope(
                user=district_officer,
                fiscal_year=year,
                level="sub_district",
                province=province,
                district=district,
            )
            figures = results(scope)
            return figures, plan_progress(plan=plan, scope=scope, today=today, figures=figures)

        def national():
            return results(Scope(user=admin, fiscal_year=year))

        print(
            f"  province {province} ({districts} districts, the most target villages), district {district}; "
            f"median of {RUNS}:"
        )
        raw_ms, raw_q, raw = measure(lambda: lower_bound(province, year, plan.pk))
        ms, queries, (figures, progress) = measure(provincial)
        problems = compare(django_figures(figures, progress), raw)
        compared = sum(len(values) for values in raw.values())
        if problems:
            failures.append("the lower bound and results() disagree:\n    " + "\n    ".join(problems))
        ratio = ms / raw_ms
        print(f"  {'':<44} {'time':>9} {'queries':>8}")
        print(
            f"  {'lower bound: hand-written SQL':<44} {raw_ms:>6.0f} ms {raw_q:>8}   "
            f"{'the same' if not problems else 'DIFFERENT'} {compared} numbers "
            "(figures per district and in total)"
        )
        print(
            f"  {'provincial figures: results + plan_progress':<44} {ms:>6.0f} ms {queries:>8}   "
            f"{ratio:.1f}× the lower bound, computed live (the dashboard's goal: below, stored)"
        )
        print(
            f"  {'':<44} households promoted {figures.households_promoted.total:,}, higher income "
            f"{figures.households_higher_income.total:,}, groups formed {figures.groups_formed.total:,}, "
            f"grants approved {figures.grants.approved.total:,}"
        )
        d_ms, d_queries, _ = measure(of_district)
        print(
            f"  {'a district (per sub-district) + plan_progress':<44} {d_ms:>6.0f} ms {d_queries:>8}   "
            f"computed live"
        )
        n_ms, n_queries, national_figures = measure(national)
        print(
            f"  {'national overview: 77 provinces, per district':<44} {n_ms:>6.0f} ms {n_queries:>8}   "
            f"computed live ({len(national_figures.households_trained.by_area)} districts with figures)"
        )
        plain = measure(lambda: results(Scope(user=officer, fiscal_year=year)), runs=1)[1]
        if (
            not plain
            == measure(
                lambda: results(
                    Scope(user=district_officer, fiscal_year=year, level="sub_district", district=district)
                ),
                runs=1,
            )[1]
            == n_queries
        ):
            failures.append(
                f"results() needs a different number of queries for a province, a district and the "
                f"country ({plain}, …, {n_queries}): it must not grow with the areas"
            )

        # The dashboard as it runs: the figures stored per place (reports/services/snapshots.py) while no
        # change was recorded in the province, computed live (and stored again) after one, refreshed by the
        # worker meanwhile.
        print("  the whole dashboard (every part of the page but its HTML), stored figures beside live ones:")
        print(f"  {'':<44} {'stored':>9} {'queries':>8} {'live':>9} {'queries':>8} {'worker':>9}")
        for who, user, limit, versus_raw in (
            ("the provincial officer's province", officer, 300, True),
            ("the district officer's district", district_officer, 300, False),
            ("an administrator's country", admin, 1000, False),
        ):
            place = d.home_place(user)

            def board(user=user, place=place):
                return d.dashboard(user=user, place=place, fiscal_year=year, today=today)

            s_ms, s_q, stored = measure(board)
            with override_settings(REPORTS_SNAPSHOTS=False):
                l_ms, l_q, live = measure(board, runs=3)
            mine = Snapshot.objects.filter(level=place.level, key=snapshots._key(place))

            def refresh(mine=mine, place=place):
                mine.update(queued=True)
                return snapshots.refresh(place.province or "", today=today)

            w_ms, _w_q, made = measure(refresh, runs=1)
            assert made >= 1 and s_q < l_q, (who, made, s_q, l_q)
            if versus_raw:
                problems = compare(django_figures(stored.figures, stored.progress), raw)
                if problems:
                    failures.append(
                        "the stored figures and the lower bound disagree:\n    " + "\n    ".join(problems)
                    )
                versus = (
                    f"; stored {s_ms / raw_ms:.1f}× the lower bound (goal ≤ 2×: "
                    f"{'met' if s_ms <= 2 * raw_ms else 'MISSED'}), the same {compared} numbers"
                    if not problems
                    else "; DIFFERENT from the lower bound"
                )
            else:
                versus = ""
            if d.values_of(stored.figures) != d.values_of(live.figures):
                failures.append(f"{who}: the stored figures differ from the live ones")
            print(
                f"  {'  ' + who:<44} {s_ms:>6.0f} ms {s_q:>8} {l_ms:>6.0f} ms {l_q:>8} {w_ms:>6.0f} ms   "
                f"{goal(s_ms, limit, on_postgres_only=True)} (stored){versus}"
            )

        print(
            f"  the dashboard pages (reports:dashboard, ?year={year}), through the test client, median of 3:"
        )
        for who, user, limit in (
            ("the provincial officer's province", officer, 300),
            ("the district officer's district", district_officer, 300),
            ("an administrator's country", admin, 1000),
        ):
            client = Client()
            client.force_login(user)
            url = reverse("reports:dashboard") + f"?year={year}"
            p_ms, p_queries, response = measure(lambda client=client, url=url: client.get(url), runs=3)
            assert response.status_code == 200, (url, response.status_code)
            versus = f"{p_ms / raw_ms:.1f}× the lower bound; " if user is officer else ""
            print(
                f"  {'  ' + who:<44} {p_ms:>6.0f} ms {p_queries:>8}   "
                f"{versus}{goal(p_ms, limit, on_postgres_only=True)}"
            )

        # The exports of the province, as the worker makes them (computed live: a job, not a page).
        from reports.models import Export, ExportKind
        from reports.services.exports import export_build

        for kind, label in ((ExportKind.XLSX, "Excel workbook"), (ExportKind.PDF, "printed book (PDF)")):
            export = Export.objects.create(
                user=officer,
                kind=kind,
                level=d.PROVINCE,
                key=province,
                place_name=officer.office.province.name_th,
                fiscal_year=year,
            )
            e_ms, _e_q, data = measure(lambda export=export: export_build(export=export), runs=1)
            assert data, kind
            print(
                f"  {'the province as ' + label:<44} {e_ms / 1000:>6.1f} s  {len(data) / 1024:>8.0f} KB   "
                f"(goal: the book well under a minute)"
            )

        client = Client()
        client.force_login(officer)
        lists = [
            ("people", reverse("registry:person_list")),
            ("trainings", reverse("training:training_list")),
            ("groups, readiness B", reverse("groups:group_list") + "?level=B"),
            ("grant requests", reverse("grants:list")),
        ]
        print(f"  lists as the provincial officer of {province} {'per_page=25':>28} {'per_page=100':>28}")
        for name, url in lists:
            cells, counts = [], []
            for size in (25, 100):
                glue = "&" if "?" in url else "?"
                ms_, q_, response = measure(lambda address=f"{url}{glue}per_page={size}": client.get(address))
                assert response.status_code == 200, (url, response.status_code)
                cells.append(f"{ms_:>6.0f} ms {q_:>3} queries {rows_shown(response):>3} rows")
                counts.append((ms_, q_))
            slowest = max(c[0] for c in counts)
            same = counts[0][1] == counts[1][1]
            print(
                f"  {name:<40} {cells[0]:>28} {cells[1]:>28}   {goal(slowest, 300, on_postgres_only=True)}; "
                f"same queries at both sizes: {'yes' if same else 'NO'}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
