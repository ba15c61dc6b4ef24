"""Village instructor teams (5 experts, one lead) and the mentoring assignment screen."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from kit import thai
from kit.fields import RecordChoiceField
from kit.policy import can, require
from kit.thai import fiscal_year_now
from registry.models import Expert, Household, InstructorTeam, Mentorship, TargetHousehold, Village
from registry.models.experts import HOUSEHOLDS_PER_INSTRUCTOR, TEAM_SIZE
from registry.pickers import KINDS, PickerFormMixin, PickField
from registry.scoping import Action
from registry.services import experts as services


def _fiscal_year(request):
    value = request.GET.get("year") or request.POST.get("fiscal_year") or ""
    year = thai.whole_number(value)
    return year if year is not None and 2500 <= year <= 2700 else fiscal_year_now()


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


class TeamForm(forms.Form):
    village = RecordChoiceField(label=_("village"), queryset=Village.objects.none())
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=2500, max_value=2700)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.for_user(user, Action.CHANGE).with_areas()


@login_required
def team_list(request):
    year = _fiscal_year(request)
    can_change = can(request.user, "registry.add", InstructorTeam)
    form = TeamForm(request.POST or None, user=request.user, initial={"fiscal_year": year})
    if request.method == "POST":
        require(request.user, "registry.add", InstructorTeam)
        if form.is_valid():
            try:
                team = services.team_create(
                    user=request.user,
                    village_id=form.cleaned_data["village"].pk,
                    fiscal_year=form.cleaned_data["fiscal_year"],
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                return redirect("registry:team_detail", team.pk)
    teams = (
        InstructorTeam.objects.for_user(request.user)
        .filter(fiscal_year=year)
        .select_related("village")
        .annotate(member_count=Count("members"), has_lead=Count("members", filter=Q(members__is_lead=True)))
    )
    return render(
        request,
        "registry/team_list.html",
        {"teams": teams, "year": year, "form": form, "can_change": can_change, "team_size": TEAM_SIZE},
    )


@login_required
def team_detail(request, pk):
    team = get_object_or_404(InstructorTeam.objects.for_user(request.user).select_related("village"), pk=pk)
    can_change = can(request.user, "registry.change", team)
    if request.method == "POST":
        require(request.user, "registry.change", team)
        try:
            action = request.POST.get("action")
            if action == "add":
                services.team_member_add(
                    user=request.user,
                    team=team,
                    expert_id=request.POST.get("expert"),
                    is_lead=bool(request.POST.get("is_lead")),
                )
            elif action == "remove":
                services.team_member_remove(
                    user=request.user, team=team, member_id=request.POST.get("member")
                )
            elif action == "lead":
                services.team_set_lead(user=request.user, team=team, member_id=request.POST.get("member"))
        except (ValidationError, ValueError) as exc:
            _errors(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Saved."))
        return redirect("registry:team_detail", pk)
    members = team.members.select_related("expert__person").order_by("-is_lead", "expert__person__first_name")
    candidates = (
        Expert.objects.for_user(request.user, Action.CHANGE)
        .active()
        .filter(person__sub_district=team.sub_district)
        .exclude(team_memberships__team=team)
        .select_related("person")
    )
    return render(
        request,
        "registry/team_detail.html",
        {
            "team": team,
            "members": members,
            "candidates": candidates,
            "can_change": can_change,
            "team_size": TEAM_SIZE,
            "full": len(members) >= TEAM_SIZE,
            "has_lead": any(m.is_lead for m in members),
        },
    )


class MentoringForm(PickerFormMixin, forms.Form):
    """The household is found by searching the year's target households that have no instructor yet."""

    household = PickField(
        "mentee", queryset=Household.objects.none(), label=_("Target household without an instructor")
    )

    def __init__(self, *args, user, year, **kwargs):
        super().__init__(*args, **kwargs)
        # Any of the office's households is accepted; the service says why one cannot be assigned
        # (it has one).
        self.fields["household"].queryset = Household.objects.for_user(user, Action.CHANGE)
        self.fields["household"].widget.params = {"fiscal_year": year}
        self.setup_pickers(user)


@login_required
def mentoring(request):
    """Each instructor looks after up to 4 target households; beyond 4 is flagged."""
    year = _fiscal_year(request)
    can_change = can(request.user, "registry.add", Mentorship)
    posted = request.method == "POST" and request.POST.get("action") != "remove"
    assign = MentoringForm(request.POST if posted else None, user=request.user, year=year)
    if (
        request.method == "POST" and not assign.picking
    ):  # the picker's search without JavaScript shows the page
        require(request.user, "registry.add", Mentorship)
        try:
            if request.POST.get("action") == "remove":
                services.mentorship_remove(user=request.user, mentorship_id=request.POST.get("mentorship"))
            elif not assign.is_valid():
                raise ValidationError([error for errors in assign.errors.values() for error in errors])
            else:
                _m, warnings = services.mentorship_assign(
                    user=request.user,
                    expert_id=request.POST.get("expert"),
                    household_id=assign.cleaned_data["household"].pk,
                    fiscal_year=year,
                )
                for warning in warnings:
                    messages.warning(request, warning)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{request.path}?year={year}")
    instructors = (
        Expert.objects.for_user(request.user)
        .active()
        .select_related("person", "person__village")
        .annotate(households=Count("mentorships", filter=Q(mentorships__fiscal_year=year)))
        .order_by("person__village__code", "person__first_name")
    )
    assignments = (
        Mentorship.objects.for_user(request.user)
        .filter(fiscal_year=year)
        .select_related("expert__person", "household", "household__village")
        .order_by("expert__person__first_name", "household__village__code")
    )
    return render(
        request,
        "registry/mentoring.html",
        {
            "year": year,
            "instructors": instructors,
            "assignments": assignments,
            "assign": assign,
            "unassigned": KINDS["mentee"].queryset(request.user, {"fiscal_year": year}).exists(),
            "can_change": can_change,
            "limit": HOUSEHOLDS_PER_INSTRUCTOR,
            "target_count": TargetHousehold.objects.for_user(request.user).filter(fiscal_year=year).count(),
        },
    )
