"""What an export of the dashboard holds beyond the dashboard itself: each district's sub-districts and
villages with their figures and its month-by-month chart, and the lists behind the "what is missing" counts.

Everything starts from the Dashboard the user saw (reports/selectors/dashboard.py, built with the same
parameters) and the same results selectors: the figures of every sub-district and every village of the place
are read with one set of grouped queries for the whole place (not per district), so a province of 25 districts
costs what a province of 2 does, plus one query per district for its chart and one per non-empty "missing"
count for its list."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from registry.models import SubDistrict, Village
from reports.selectors import results as r
from reports.selectors.dashboard import (
    DISTRICT,
    PROVINCE,
    SUB_DISTRICT,
    VILLAGE,
    Dashboard,
    Place,
    Progress,
    Row,
    monthly_by_area,
    progress_chart,
    values_of,
)
from reports.selectors.missing import missing_records, rows_of


@dataclass
class SubDistrictPart:
    row: Row  # the sub-district with its figures
    villages: list  # Row per village


@dataclass
class DistrictPart:
    place: Place
    total: Row  # the district's own figures (the dashboard's row of it, or its total)
    sub_districts: list  # SubDistrictPart
    chart: Progress


@dataclass
class MissingList:
    kind: object  # reports.selectors.missing.Kind
    district: object  # registry District
    rows: list = field(default_factory=list)  # MissingRow: masked national IDs only


def districts_of(board: Dashboard) -> list[Place]:
    """The districts an export gives a part each: a province's (in the order the user sorted them), a district
    itself; none above or below."""
    if board.place.level == PROVINCE:
        return [row.place for row in board.rows]
    if board.place.level == DISTRICT:
        return [board.place]
    return []


def district_parts(board: Dashboard, *, today: datetime.date, step=lambda: None):
    """Each district's part (districts_of), calling `step()` after each one (the worker's progress)."""
    districts = districts_of(board)
    if not districts:
        return []
    user, year, place = board.user, board.fiscal_year, board.place
    by_sub = r.results(place.scope(user, year, level=SUB_DISTRICT))
    by_village = r.results(place.scope(user, year, level=VILLAGE))
    codes = [d.key for d in districts]
    with_data = (
        set(by_sub.households_trained.by_area)
        | set(by_sub.groups_formed.by_area)
        | set(by_sub.tao.trainings.by_area)
        | set(by_sub.grants.approved.by_area)
    )
    subs = list(
        SubDistrict.objects.filter(district_id__in=codes)
        .filter(Q(abolished_on__isnull=True) | Q(pk__in=with_data))
        .order_by("code")
    )
    villages = {}
    for v in (
        Village.objects.filter(district_id__in=codes)
        .select_related("sub_district")
        .order_by("sub_district_id", "number")
    ):
        villages.setdefault(v.sub_district_id, []).append(
            Row(
                Place(
                    VILLAGE,
                    v.pk,
                    str(v),
                    province=v.province_id,
                    district=v.district_id,
                    sub_district=v.sub_district_id,
                    village=v.pk,
                ),
                values_of(by_village, v.pk),
            )
        )
    own = {row.place.key: row for row in board.rows}
    months = monthly_by_area(place.scope(user, year, level=DISTRICT), board.chart.measure, today)  # one query
    parts = []
    for district in districts:
        sub_parts = [
            SubDistrictPart(
                Row(
                    Place(
                        SUB_DISTRICT,
                        s.code,
                        s.name_th,
                        province=s.province_id,
                        district=s.district_id,
                        sub_district=s.code,
                    ),
                    values_of(by_sub, s.code),
                ),
                villages.get(s.code, []),
            )
            for s in subs
            if s.district_id == district.key
        ]
        total = own.get(district.key) or Row(district, board.total.values)
        parts.append(DistrictPart(district, total, sub_parts, district_chart(board, district, months)))
        step()
    return parts


def district_chart(board: Dashboard, district: Place, months_by_district: dict) -> Progress:
    """The dashboard's chart (the same figure) for one district: its cumulative results by month
    (`monthly_by_area`) against its own target spread over the programme's period."""
    measure = board.chart.measure
    months = months_by_district.get(district.key) or [
        None if month.result is None else 0 for month in board.chart.months
    ]  # nothing yet in the district
    item = next((p for p in board.progress if p.indicator.measure == measure), None)
    target = None
    if item is not None:
        target = next((row.target for row in item.rows if row.area == district.key), None)
        if board.place.level == DISTRICT:
            target = item.total.target
    return progress_chart(
        measure=measure,
        label=board.chart.label,
        fiscal_year=board.fiscal_year,
        months=months,
        target=target,
        programme=item.indicator.programme if item else None,
    )


def missing_lists(board: Dashboard, *, today: datetime.date) -> list[MissingList]:
    """The records behind each non-zero "what is missing" count of the dashboard, per district and kind, as
    the lists on screen show them (masked national IDs)."""
    if board.missing is None:
        return []
    lists = []
    for row in board.missing.rows:
        for kind, count in row.counts:
            if not count:
                continue
            records = missing_records(
                user=board.user, kind=kind, district=row.district, fiscal_year=board.fiscal_year, today=today
            )
            lists.append(MissingList(kind, row.district, rows_of(kind, records, board.fiscal_year)))
    return lists
