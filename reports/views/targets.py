"""The target-village pages: the province's view of its districts'
lists, a district's list with every rule's reason, the picker, the moves (submit, approve, send back), the
plan's exclusions and the import of earlier years' target villages. Each view finds the plan through
`Plan.objects.for_user` (another province's plan is a 404), asks reports/policies/targets.py (a refusal is a
403 with its reason) and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kit.policy import can, require
from kit.workflow import TransitionRefused
from registry.models import District, Village
from reports import target_sheets
from reports.forms.plans import ImportForm
from reports.forms.targets import BorrowForm, ExclusionForm, MoveForm, PickForm, RemoveForm
from reports.models import ListStatus, TargetVillage
from reports.selectors import plans as plan_selectors
from reports.selectors import targets as selectors
from reports.services import targets as services
from reports.targets_workflow import TARGETS

VIEW, PROPOSE, APPROVE = "reports.target_view", "reports.target_propose", "reports.target_approve"
SIGNING_SALT = "reports.funded_import"


def _programme(request, pk, programme_pk):
    plan = get_object_or_404(plan_selectors.plans_for(request.user), pk=pk)
    programme = get_object_or_404(
        selectors.village_programmes(plan).select_related("plan", "project"), pk=programme_pk
    )
    return plan, programme


def _list(request, pk, programme_pk, district):
    plan, programme = _programme(request, pk, programme_pk)
    if not (district.isascii() and district.isdigit() and len(district) <= 4):  # a district code: 4 digits
        raise Http404
    district = get_object_or_404(District.objects.filter(province_id=plan.province_id), pk=district)
    target_list = selectors.list_of(programme, district)
    require(request.user, VIEW, target_list)
    return plan, programme, target_list


def _district_url(target_list):
    return redirect(
        "reports:targets_district",
        target_list.programme.plan_id,
        target_list.programme_id,
        target_list.district_id,
    )


@login_required
def province(request, pk, programme_pk):
    """The districts' lists of the programme, with their quota, villages proposed and state."""
    plan, programme = _programme(request, pk, programme_pk)
    require(request.user, VIEW)
    office = request.user.office
    if (
        not can(request.user, APPROVE) and office is not None and office.district_id
    ):  # a district: its own list
        return redirect("reports:targets_district", plan.pk, programme.pk, request.user.office.district_id)
    return render(
        request,
        "reports/targets/province.html",
        {
            "plan": plan,
            "programme": programme,
            "rows": selectors.province_rows(programme),
            "may_import": can(request.user, "reports.funded_import"),
            "may_change": can(request.user, "reports.plan_change", plan),
        },
    )


@login_required
def district(request, pk, programme_pk, district):
    """A district's list: every village proposed with each rule's reason, the quota used, and the moves open
    to the user (submit; approve or send back with a reason)."""
    plan, programme, target_list = _list(request, pk, programme_pk, district)
    page = selectors.district_page(programme, target_list.district)
    state = TARGETS.state_of(target_list)
    moves = [(move, can(request.user, TARGETS.act_of(move), target_list)) for move in state.moves]
    return render(
        request,
        "reports/targets/district.html",
        {
            "plan": plan,
            "programme": programme,
            "page": page,
            "target_list": target_list,
            "state": state,
            "moves": [(m, d) for m, d in moves if d],
            "move_form": MoveForm(),
            "may_propose": can(request.user, PROPOSE, target_list),
            "editable": TARGETS.is_open(target_list, "edit"),
            "progress": TARGETS.progress(target_list),
            # the approved list is where the district office carries the programme out, village by village
            "may_record": can(request.user, "reports.assessment_record"),
            "may_train": can(request.user, "training.village_training"),
        },
    )


@login_required
def pick(request, pk, programme_pk, district):
    """The district's villages not on the list, each with its checks; add the chosen ones (all or none), or
    one village with households borrowed from a nearby earlier target village."""
    plan, programme, target_list = _list(request, pk, programme_pk, district)
    require(request.user, PROPOSE, target_list)
    villages = Village.objects.for_user(request.user).order_by("code")
    lenders = selectors.lenders(target_list, request.user)
    data = request.POST if request.method == "POST" else None
    borrowing = data is not None and "borrow-village" in data
    pick_form = PickForm(None if borrowing else data, villages=villages)
    candidates = villages.filter(district=target_list.district)
    if target_list.pk:
        candidates = candidates.exclude(pk__in=target_list.villages.values("village_id"))
    borrow_form = BorrowForm(data if borrowing else None, villages=candidates, lenders=lenders)
    form = borrow_form if borrowing else pick_form
    if data is not None and form.is_valid():
        if borrowing:
            picks = [
                selectors.Pick(
                    village=form.cleaned_data["village"],
                    borrowed_from=form.cleaned_data["borrowed_from"],
                    borrowed_households=form.cleaned_data["households"],
                    note=form.cleaned_data["note"],
                )
            ]
        else:
            picks = [selectors.Pick(village=v) for v in form.cleaned_data["villages"]]
        try:
            services.target_villages_add(
                user=request.user, programme=programme, district=target_list.district, picks=picks
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The villages are added to the list."))
            return _district_url(target_list)
    return render(
        request,
        "reports/targets/pick.html",
        {
            "plan": plan,
            "programme": programme,
            "target_list": target_list,
            "candidates": selectors.candidates(target_list, request.user),
            "pick_form": pick_form,
            "borrow_form": borrow_form,
            "quota": selectors.quota(programme, target_list.district),
        },
    )


@login_required
@require_POST
def move(request, pk, programme_pk, district):
    _plan, _programme, target_list = _list(request, pk, programme_pk, district)
    to = request.POST.get("to", "")
    form = MoveForm(request.POST)
    if target_list.pk is None or to not in ListStatus.values or not form.is_valid():
        messages.error(
            request,
            _("Nothing to move: propose villages first.")
            if target_list.pk is None
            else _("This move is not allowed."),
        )
        return _district_url(target_list)
    chosen = TARGETS.state_of(target_list).move_to(to)
    if chosen is not None:  # a move the user may not make is a 403 with the policy's reason
        require(request.user, TARGETS.act_of(chosen), target_list)
    try:
        services.target_list_move(
            user=request.user, target_list=target_list, to=to, reason=form.cleaned_data["reason"]
        )
    except TransitionRefused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The list is now: %(state)s.") % {"state": ListStatus(to).label})
    return _district_url(target_list)


@login_required
@require_POST
def remove(request, pk, target_pk):
    plan = get_object_or_404(plan_selectors.plans_for(request.user), pk=pk)
    row = get_object_or_404(
        TargetVillage.objects.filter(target_list__programme__plan=plan).select_related(
            "target_list__programme__plan", "target_list__district"
        ),
        pk=target_pk,
    )
    require(request.user, VIEW, row.target_list)
    require(request.user, PROPOSE, row.target_list)
    try:
        services.target_village_remove(user=request.user, row=row)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The village is removed from the list."))
    return _district_url(row.target_list)


@login_required
def exclusions(request, pk, programme_pk):
    """The programme's exclusions (data of the plan), edited by the province's officers."""
    plan, programme = _programme(request, pk, programme_pk)
    require(request.user, "reports.plan_change", plan)
    data = request.POST if request.method == "POST" else None
    removing = data is not None and "remove-exclusion" in data
    add_form = ExclusionForm(None if removing else data, programme=programme)
    remove_form = RemoveForm(data if removing else None, programme=programme)
    form = remove_form if removing else add_form
    if data is not None and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            if removing:
                services.exclusion_remove(
                    user=request.user, exclusion=form.cleaned_data["exclusion"], reason=reason
                )
            else:
                services.exclusion_add(user=request.user, exclusion=form.instance, reason=reason)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The exclusions are saved."))
            return redirect("reports:exclusions", plan.pk, programme.pk)
    return render(
        request,
        "reports/targets/exclusions.html",
        {
            "plan": plan,
            "programme": programme,
            "form": add_form,
            "remove_form": remove_form,
            "exclusions": programme.exclusions.select_related("project"),
        },
    )


@login_required
def funded_import(request):
    """Upload: the list is read and previewed (or refused with each bad row's reason); confirm: the previewed
    rows (carried signed, not re-read) are written all or nothing."""
    require(request.user, "reports.funded_import")
    form, errors, rows, payload = ImportForm(), [], [], ""
    if request.method == "POST" and "payload" in request.POST:
        try:
            packed = signing.loads(request.POST["payload"], salt=SIGNING_SALT, max_age=3600)
            added = target_sheets.apply(user=request.user, packed=packed)
        except (signing.BadSignature, ValueError, TypeError):
            errors = [_("The preview has expired or was changed: upload the file again.")]
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("%(count)s earlier target villages are added to the register.") % {"count": added}
            )
            return redirect("reports:funded_import")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            rows, errors = target_sheets.read(user=request.user, data=upload.read(), file_name=upload.name)
            if rows:
                payload = signing.dumps(target_sheets.pack(rows), salt=SIGNING_SALT)
    return render(
        request,
        "reports/targets/import.html",
        {"form": form, "errors": errors, "rows": rows, "payload": payload, "columns": target_sheets.COLUMNS},
    )
