"""The records behind each count of the dashboard: for every figure of reports/selectors/results.py that is a
count, the queryset of exactly the things it counts (so a count always equals the length of its list), built
from the same querysets, and how one of them is shown: what it is, where, and the page it links to when the
user may open it. People are shown with their national ID masked; nothing here writes."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from grants.models import GrantRequest, Payment
from groups.models import Group
from kit import thai
from registry.models import Household, Village
from registry.models.experts import Expert
from registry.models.offices import LOCAL_KINDS
from reports.models import Assessment, Level, Round
from reports.selectors import results as r
from reports.selectors.assessments import with_levels
from training.models import Enrollment, Training


@dataclass(frozen=True)
class RecordRow:
    title: str
    url: str  # "" when the user may not open the record's page
    where: str
    detail: str = ""
    national_id: str = ""  # masked


@dataclass(frozen=True)
class FigureRecords:
    key: str
    label: str
    records: object  # scope → queryset
    row: object  # record → RecordRow


def _village_trainings_done(scope):
    return r.village_trainings(scope).filter(r.finished_q())


def _households(rows_path: str):
    def records(scope):
        return (
            Household.objects.filter(pk__in=rows_path(scope))
            .select_related("village__sub_district")
            .order_by("village__code", "house_number", "pk")
        )

    return records


def _household_row(household):
    return RecordRow(
        title=str(_("House %(number)s") % {"number": household.house_number}),
        url=household.get_absolute_url(),
        where=_where(household.village),
    )


def _where(village):
    return f"{village} ต.{village.sub_district.name_th}" if village is not None else ""


def _seen(queryset, model, scope):
    return queryset.annotate(may_open=Exists(model.objects.for_user(scope.user).filter(pk=OuterRef("pk"))))


def _experts(scope):
    taught = _village_trainings_done(scope).values("instructors__expert")
    return _seen(
        Expert.objects.filter(pk__in=taught)
        .select_related("person__village__sub_district")
        .order_by("person__first_name", "pk"),
        Expert,
        scope,
    )


def _expert_row(expert):
    return RecordRow(
        title=str(expert.person),
        url=expert.get_absolute_url() if expert.may_open else "",
        where=_where(expert.person.village),
        national_id=thai.national_id_mask(expert.person.national_id),
    )


def _villages_done(scope):
    return (
        Village.objects.filter(pk__in=_village_trainings_done(scope).values("village_id"))
        .select_related("sub_district")
        .order_by("code")
    )


def _village_row(village):
    return RecordRow(
        title=str(village),
        url=reverse("reports:dashboard_village", args=[village.pk]),
        where=f"ต.{village.sub_district.name_th}",
    )


def _groups(registered: bool):
    def records(scope):
        rows = r._groups(scope)
        if registered:
            rows = rows.filter(registered_on__isnull=False)
        return rows.select_related("village__sub_district").order_by("name", "pk")

    return records


def _group_row(group):
    return RecordRow(
        title=group.name,
        url=group.get_absolute_url(),
        where=_where(group.village),
        detail=thai.date_short(group.founded_on),
    )


def _grants(paid: bool, offices=None):
    def records(scope):
        rows = r._approved_grants(scope, offices)
        if paid:
            rows = rows.filter(Exists(Payment.objects.not_reversed().filter(request=OuterRef("pk"))))
        return rows.select_related("group", "village__sub_district").order_by("number", "pk")

    return records


def _grant_row(grant):
    return RecordRow(
        title=f"{grant.number} {grant.title}",
        url=reverse("grants:detail", args=[grant.pk]),
        where=_where(grant.village),
        detail=grant.group.name,
    )


def _tao_trainings(scope):
    return (
        r.local_trainings(scope).select_related("village__sub_district", "office").order_by("-end_date", "pk")
    )


def _training_row(training):
    return RecordRow(
        title=training.topic,
        url=reverse("training:detail", args=[training.pk]),
        where=_where(training.village),
        detail=training.office.name,
    )


def _certificates(scope):
    return (
        Enrollment.objects.filter(
            training__in=r.local_trainings(scope),
            certificate__isnull=False,
            certificate__revoked_at__isnull=True,
        )
        .select_related("person", "training__village__sub_district")
        .order_by("training_id", "pk")
    )


def _certificate_row(enrollment):
    return RecordRow(
        title=str(enrollment.person),
        url=reverse("training:detail", args=[enrollment.training_id]),
        where=_where(enrollment.training.village),
        detail=enrollment.training.topic,
        national_id=thai.national_id_mask(enrollment.person.national_id),
    )


def _tao_groups(scope):
    return (
        Group.objects.filter(pk__in=r._approved_grants(scope, LOCAL_KINDS).values("group"))
        .select_related("village__sub_district")
        .order_by("name", "pk")
    )


def sufficiency_key(round_number: int, level: str) -> str:
    """The figure's key of the villages assessed in a round at a level (the dashboard's sufficiency table)."""
    return f"sufficiency_{round_number}_{level}"


def _assessed(round_number: int, level: str):
    def records(scope):
        """The same assessments as results.sufficiency_levels counts for this round and level."""
        assessments = scope.areas(
            Assessment.objects.for_user(scope.user).filter(fiscal_year=scope.fiscal_year, round=round_number)
        )
        return (
            with_levels(assessments)
            .filter(level=level)
            .select_related("village__sub_district")
            .order_by("village__code", "pk")
        )

    return records


def _assessment_row(assessment):
    return RecordRow(
        title=str(assessment.village),
        url=reverse("reports:sufficiency_village", args=[assessment.village_id])
        + f"?year={assessment.fiscal_year}",
        where=f"ต.{assessment.village.sub_district.name_th}",
        detail=thai.date_short(assessment.assessed_on),
    )


SUFFICIENCY = tuple(
    FigureRecords(
        sufficiency_key(round_number, level.value),
        format_lazy("{}: {}", Round(round_number).label, level.label),
        _assessed(round_number, level.value),
        _assessment_row,
    )
    for round_number in (Round.BEFORE, Round.AFTER)
    for level in Level
)

FIGURES = {
    f.key: f
    for f in SUFFICIENCY
    + (
        FigureRecords("target_villages_done", _("target villages done"), _villages_done, _village_row),
        FigureRecords("experts_taught", _("experts who taught"), _experts, _expert_row),
        FigureRecords(
            "households_trained",
            _("households trained"),
            _households(lambda s: r._enrollments(s).values("person__household")),
            _household_row,
        ),
        FigureRecords(
            "households_promoted",
            _("households promoted"),
            _households(lambda s: r._enrollments(s).filter(r.CERTIFIED).values("person__household")),
            _household_row,
        ),
        FigureRecords(
            "households_higher_income",
            _("households using the skill with higher income"),
            _households(
                lambda s: (
                    r.latest_follow_ups(s).filter(r.higher_income_q()).values("enrollment__person__household")
                )
            ),
            _household_row,
        ),
        FigureRecords("groups_formed", _("groups formed"), _groups(False), _group_row),
        FigureRecords("groups_registered", _("groups registered"), _groups(True), _group_row),
        FigureRecords("grants_approved", _("grants approved"), _grants(False), _grant_row),
        FigureRecords("grants_paid", _("grants paid"), _grants(True), _grant_row),
        FigureRecords("tao_trainings", _("trainings held by local offices"), _tao_trainings, _training_row),
        FigureRecords(
            "tao_certificates", _("certificates of local offices' trainings"), _certificates, _certificate_row
        ),
        FigureRecords("tao_groups", _("groups supported by local offices"), _tao_groups, _group_row),
        FigureRecords(
            "tao_grants", _("grants approved by local offices"), _grants(False, LOCAL_KINDS), _grant_row
        ),
    )
}


@dataclass
class VillageRecords:
    trainings: list
    groups: list
    grants: list


def village_records(user, village_id: int, fiscal_year: int) -> VillageRecords:
    """The records of one village and fiscal year that the user may see, each linking to its page: the
    trainings held there, the groups formed from the year's trainings, the grant requests."""
    trainings = (
        Training.objects.for_user(user)
        .filter(village_id=village_id, fiscal_year=fiscal_year)
        .select_related("office", "village__sub_district")
        .order_by("start_date", "pk")
    )
    groups = (
        Group.objects.for_user(user)
        .filter(village_id=village_id, formed_from__fiscal_year=fiscal_year)
        .select_related("village__sub_district")
        .order_by("name", "pk")
    )
    grants = (
        GrantRequest.objects.for_user(user)
        .filter(village_id=village_id, fiscal_year=fiscal_year)
        .select_related("group", "village__sub_district")
        .order_by("number", "pk")
    )
    return VillageRecords(
        trainings=[_training_row(t) for t in trainings],
        groups=[_group_row(g) for g in groups],
        grants=[_grant_row(g) for g in grants],
    )
