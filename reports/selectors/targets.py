"""Target villages: the rules of the provincial operating guideline, checked in one place,
and the pages' reads.

Step 3 of the guideline (Kalasin, fiscal year 2565): a district's target villages are as many as its quota; a
target village was not funded by the projects and fiscal years the plan excludes (Exclusion rows: data of the
plan), and is not a target of the same year's sufficiency-village project (a sufficiency village of another
year is allowed); it has its community experts (an instructor team of 5: a warning when short, naming who is
there and how many are missing) and its 20 target households of the fiscal year, selected at a village forum;
fewer households only when the shortfall is covered by households of a nearby earlier target village, recorded
on the target village (the guideline's "ข้อเสนอแนะ" 2). A refusal blocks proposing and approving;
a warning does not.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from registry.models import District, TargetHousehold, Village
from registry.models.experts import TEAM_SIZE, InstructorTeam, TeamMember
from registry.models.people import TARGETS_PER_VILLAGE
from reports.models import (
    DistrictAllocation,
    Exclusion,
    FundedVillage,
    ListStatus,
    Plan,
    PlanStatus,
    Programme,
    TargetList,
    TargetVillage,
)


@dataclass(frozen=True)
class Pick:
    """A village proposed, with the households borrowed from a nearby earlier target village (if any)."""

    village: Village
    borrowed_from: Village | None = None
    borrowed_households: int = 0
    note: str = ""


@dataclass
class VillageCheck:
    pick: Pick
    households: int = 0
    team: list = field(default_factory=list)  # names of the team's experts for the fiscal year
    refusals: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    row: TargetVillage | None = None  # the list's row, for a village already on it
    progress: "VillageProgress | None" = None  # on an approved list: round 1, the village training, round 2

    @property
    def village(self):
        return self.pick.village

    @property
    def refused(self) -> bool:
        return bool(self.refusals)


def quota(programme, district) -> int:
    """The district's number of units (target villages) of the programme (DistrictAllocation.units)."""
    return (
        DistrictAllocation.objects.filter(programme=programme, district=district)
        .values_list("units", flat=True)
        .first()
        or 0
    )


def _earlier_targets(village_ids, before_year: int) -> set:
    """Villages that were a funded (target) village of any project before `before_year`."""
    return set(
        FundedVillage.objects.filter(village_id__in=village_ids, fiscal_year__lt=before_year).values_list(
            "village_id", flat=True
        )
    )


def check_picks(
    *,
    programme: Programme,
    district: District,
    picks: list[Pick],
    already: int = 0,
    listed_ids=frozenset(),
    each_alone: bool = False,
) -> list[VillageCheck]:
    """Every rule for each pick, in order, in a fixed number of queries. `already` villages are on the list
    before these picks (the quota counts them); `listed_ids` are the villages already on it (a pick of one of
    them is "chosen twice"). `each_alone`: each pick is checked as if it were the only one added
    (the picker's candidates)."""
    year = programme.plan.fiscal_year
    ids = [p.village.pk for p in picks]
    exclusions = list(Exclusion.objects.filter(programme=programme).select_related("project"))
    funded = defaultdict(list)
    if exclusions:
        for village_id, project_id, project, funded_year in FundedVillage.objects.filter(
            village_id__in=ids, project_id__in={e.project_id for e in exclusions}
        ).values_list("village_id", "project_id", "project__name", "fiscal_year"):
            funded[village_id].append((project_id, project, funded_year))
    households = dict(
        TargetHousehold.objects.filter(village_id__in=ids, fiscal_year=year)
        .values("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    teams = {
        t.village_id: [str(m.expert.person) for m in t.members.all()]
        for t in InstructorTeam.objects.filter(village_id__in=ids, fiscal_year=year).prefetch_related(
            Prefetch("members", TeamMember.objects.select_related("expert__person").order_by("pk"))
        )
    }
    lenders = [p.borrowed_from.pk for p in picks if p.borrowed_from is not None]
    earlier = _earlier_targets(lenders, year) if lenders else set()
    limit = quota(programme, district)
    seen, results = set(listed_ids), []
    for index, pick in enumerate(picks):
        village = pick.village
        check = VillageCheck(
            pick=pick, households=households.get(village.pk, 0), team=teams.get(village.pk, [])
        )
        refusals, warnings = check.refusals, check.warnings
        if village.district_id != district.pk:
            refusals.append(
                _("%(village)s is outside %(district)s: a district proposes its own villages.")
                % {"village": village, "district": district.name_th}
            )
        if village.pk in seen:
            refusals.append(_("%(village)s is chosen twice.") % {"village": village})
        if not each_alone:
            seen.add(village.pk)
        if already + (1 if each_alone else index + 1) > limit:
            refusals.append(
                _("Over the quota: %(district)s has %(quota)s target villages for this programme.")
                % {"district": district.name_th, "quota": limit}
            )
        for exclusion in exclusions:
            start, end = exclusion.years(year)
            years = sorted(
                {
                    y
                    for project_id, _name, y in funded.get(village.pk, ())
                    if project_id == exclusion.project_id and start <= y <= end
                }
            )
            if not years:
                continue
            if exclusion.same_year:
                refusals.append(
                    _("%(village)s is a target village of %(project)s of the same fiscal year %(year)s.")
                    % {"village": village, "project": exclusion.project, "year": year}
                )
            else:
                refusals.append(
                    _(
                        "%(village)s was funded by %(project)s in fiscal year %(years)s (the plan excludes "
                        "%(start)s–%(end)s)."
                    )
                    % {
                        "village": village,
                        "project": exclusion.project,
                        "years": ", ".join(map(str, years)),
                        "start": start,
                        "end": end,
                    }
                )
        _check_households(check, year=year, earlier=earlier)
        missing = TEAM_SIZE - len(check.team)
        if village.pk not in teams:
            warnings.append(
                _("No instructor team of %(size)s experts is recorded for fiscal year %(year)s.")
                % {"size": TEAM_SIZE, "year": year}
            )
        elif missing > 0:
            warnings.append(
                _(
                    "The instructor team of fiscal year %(year)s has %(count)s of %(size)s experts "
                    "(%(names)s): %(missing)s missing."
                )
                % {
                    "year": year,
                    "count": len(check.team),
                    "size": TEAM_SIZE,
                    "names": ", ".join(check.team) or "—",
                    "missing": missing,
                }
            )
        results.append(check)
    return results


def _check_households(check: VillageCheck, *, year: int, earlier: set):
    pick, refusals = check.pick, check.refusals
    short = TARGETS_PER_VILLAGE - check.households
    borrowed = pick.borrowed_households if pick.borrowed_from is not None else 0
    if pick.borrowed_from is not None:
        lender = pick.borrowed_from
        if lender.pk == pick.village.pk:
            refusals.append(_("Households are borrowed from another village, not from the village itself."))
        elif lender.district_id != pick.village.district_id:
            refusals.append(
                _("%(lender)s is not nearby: households are borrowed from a village of the same district.")
                % {"lender": lender}
            )
        elif lender.pk not in earlier:
            refusals.append(
                _(
                    "%(lender)s is not an earlier target village (before fiscal year %(year)s): "
                    "households are borrowed only from one."
                )
                % {"lender": lender, "year": year}
            )
        if borrowed < 1:
            refusals.append(_("Say how many households are borrowed."))
        if not pick.note.strip():
            refusals.append(_("Write a note on the borrowed households."))
    if short > 0 and check.households + borrowed < TARGETS_PER_VILLAGE:
        refusals.append(
            _(
                "%(village)s has %(count)s of %(needed)s target households of fiscal year %(year)s "
                "selected at a village forum: record %(short)s households borrowed from a nearby earlier "
                "target village, or choose another village."
            )
            % {
                "village": pick.village,
                "count": check.households,
                "needed": TARGETS_PER_VILLAGE,
                "year": year,
                "short": short - borrowed,
            }
        )


def list_checks(target_list: TargetList) -> list[VillageCheck]:
    """The rules for every village on the list (the quota counted in the order the villages were added)."""
    rows = list(
        target_list.villages.select_related("village__sub_district", "borrowed_from").order_by(
            "added_at", "pk"
        )
    )
    checks = check_picks(
        programme=target_list.programme,
        district=target_list.district,
        picks=[
            Pick(
                village=r.village,
                borrowed_from=r.borrowed_from,
                borrowed_households=r.borrowed_households,
                note=r.borrowed_note,
            )
            for r in rows
        ],
    )
    for check, row in zip(checks, rows, strict=True):
        check.row = row
    return sorted(checks, key=lambda c: c.village.code)


def list_refusals(target_list: TargetList) -> list[str]:
    """What still blocks the list, as sentences (the workflow's guard)."""
    missing = []
    if target_list.programme.plan.status != PlanStatus.PUBLISHED:
        missing.append(_("a published plan"))
    if not target_list.villages.exists():
        missing.append(_("at least one village"))
    refused = [str(c.village) for c in list_checks(target_list) if c.refused]
    if refused:
        missing.append(_("no refused village (%(villages)s)") % {"villages": ", ".join(refused)})
    return missing


# --- pages --------------------------------------------------------------------------------------------------


def village_programmes(plan):
    """The plan's programmes whose units are target villages chosen by the rules."""
    return plan.programmes.filter(project__isnull=False).order_by("number")


def list_of(programme, district) -> TargetList:
    """The district's list, or an unsaved empty draft when nothing is proposed yet."""
    return TargetList.objects.filter(programme=programme, district=district).first() or TargetList(
        programme=programme, district=district
    )


@dataclass
class DistrictPage:
    target_list: TargetList
    quota: int
    checks: list
    moves: list
    approved: bool = False  # the list is approved: each village's progress through the programme is shown

    @property
    def used(self):
        return len(self.checks)

    @property
    def refused(self):
        return any(c.refused for c in self.checks)


def district_page(programme, district) -> DistrictPage:
    target_list = list_of(programme, district)
    checks = list_checks(target_list) if target_list.pk else []
    moves = list(target_list.moves.select_related("user")) if target_list.pk else []
    progress = programme_progress(target_list) if target_list.status == ListStatus.APPROVED else {}
    for check in checks:
        check.progress = progress.get(check.village.pk)
    return DistrictPage(
        target_list=target_list,
        quota=quota(programme, district),
        checks=checks,
        moves=moves,
        approved=bool(progress),
    )


def candidates(target_list: TargetList, user) -> list[VillageCheck]:
    """The district's villages not on the list (as the user sees them), each checked as the next one added."""
    listed = set(target_list.villages.values_list("village_id", flat=True)) if target_list.pk else set()
    villages = list(
        Village.objects.for_user(user)
        .filter(district=target_list.district)
        .select_related("sub_district")
        .exclude(pk__in=listed)
        .order_by("code")
    )
    return check_picks(
        programme=target_list.programme,
        district=target_list.district,
        picks=[Pick(village=v) for v in villages],
        already=len(listed),
        each_alone=True,
    )


def lenders(target_list: TargetList, user):
    """Nearby earlier target villages households may be borrowed from: the district's villages funded before
    the plan's fiscal year."""
    year = target_list.programme.plan.fiscal_year
    return (
        Village.objects.for_user(user)
        .filter(district=target_list.district)
        .filter(pk__in=FundedVillage.objects.filter(fiscal_year__lt=year).values("village_id"))
        .order_by("code")
    )


@dataclass
class DistrictRow:
    district: District
    quota: int
    used: int
    status: str
    status_label: str


def province_rows(programme) -> list[DistrictRow]:
    """Each district of the province with its quota, its villages proposed and its list's state
    (by the database)."""
    quotas = dict(programme.allocations.values_list("district_id", "units"))
    lists = {t.district_id: t for t in programme.target_lists.annotate(n=Count("villages"))}
    rows = []
    for district in District.objects.filter(province_id=programme.plan.province_id).order_by("code"):
        target_list = lists.get(district.pk)
        status = target_list.status if target_list else ListStatus.DRAFT
        if not quotas.get(district.pk) and target_list is None:
            continue
        rows.append(
            DistrictRow(
                district=district,
                quota=quotas.get(district.pk, 0),
                used=target_list.n if target_list else 0,
                status=status,
                status_label=ListStatus(status).label,
            )
        )
    return rows


def approved_villages(fiscal_year: int):
    """The villages on an approved district list of a published plan of `fiscal_year`, in every province
    (callers narrow by the user's area). Registered with kit.programmes
    (the contract with the training and groups apps)."""
    return Village.objects.filter(
        pk__in=TargetVillage.objects.filter(
            target_list__status=ListStatus.APPROVED,
            target_list__programme__plan__status=PlanStatus.PUBLISHED,
            target_list__programme__plan__fiscal_year=fiscal_year,
        ).values("village_id")
    )


def village_targets(village, user):
    """The village's places on target lists, as the user's plans show them (for the village page)."""
    return (
        TargetVillage.objects.filter(
            village=village, target_list__programme__plan__in=Plan.objects.for_user(user)
        )
        .select_related("target_list__programme__plan")
        .order_by("-target_list__programme__plan__fiscal_year")
    )


@dataclass
class VillageProgress:
    """Where an approved target village stands in the programme (steps 8–10): round 1, the village
    training, round 2; with the instructor team the training would use."""

    village_id: int
    team_id: int | None = None
    first: object = None  # Assessment of round 1 (with its level), or None
    training: object = None  # the latest training held in the village in the fiscal year, or None
    second: object = None  # Assessment of round 2, or None


def programme_progress(target_list: TargetList) -> dict[int, VillageProgress]:
    """{village id: VillageProgress} for the list's villages, in a fixed number of queries (reads the training
    app's trainings; writes nothing)."""
    from reports.models import Assessment
    from reports.selectors.assessments import with_levels
    from training.models import Training

    if not target_list.pk:
        return {}
    year = target_list.programme.plan.fiscal_year
    ids = list(target_list.villages.values_list("village_id", flat=True))
    progress = {pk: VillageProgress(village_id=pk) for pk in ids}
    for village_id, team_id in InstructorTeam.objects.filter(
        village_id__in=ids, fiscal_year=year
    ).values_list("village_id", "pk"):
        progress[village_id].team_id = team_id
    for assessment in with_levels(Assessment.objects.filter(village_id__in=ids, fiscal_year=year)):
        setattr(progress[assessment.village_id], "first" if assessment.round == 1 else "second", assessment)
    for training in (
        Training.objects.filter(village_id__in=ids, fiscal_year=year)
        .select_related("office")
        .order_by("village_id", "end_date", "pk")
    ):
        progress[training.village_id].training = training  # the latest one wins
    return progress
