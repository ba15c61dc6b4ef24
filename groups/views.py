"""Pages of the groups app: the list (with readiness), creating a group (or forming one from a training), the
group's page that carries the five ก, the year end with its dividend sheet, and the overdue visits.

Each POST on the group page names one action; the view parses it, calls one service, and redirects back with
the result or the errors as messages (nothing half-saved: every service is one transaction)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from groups import selectors, services
from groups.filters import GroupFilterSet
from groups.forms import (
    ActivityForm,
    ApplicationForm,
    DateForm,
    DecisionForm,
    GroupForm,
    GroupFromTrainingForm,
    LedgerForm,
    MeetingForm,
    MemberForm,
    RegistrationForm,
    RulesForm,
    SeatForm,
    VisitForm,
    WorkDayForm,
    YearCloseForm,
)
from groups.models import ApplicationStatus, Group, GroupStatus, ProductType
from groups.policies import page_act
from kit import paging, panels, thai
from kit.actions import Confirm, PageActions, cell_errors, form_data, posted_id
from kit.policy import can, require
from registry.area_filters import shows_offices
from registry.scoping import Action


def _groups(user, action=Action.VIEW):
    return Group.objects.for_user(user, action).select_related("village", "occupation", "office")


def _today():
    return timezone.localdate()


# --- list and creation --------------------------------------------------------------------------------------


@login_required
def group_list(request):
    filterset = GroupFilterSet(
        request.GET, queryset=selectors.group_list(request.user, _today()), request=request
    )
    level, status, q = (
        request.GET.get("level", ""),
        request.GET.get("status", ""),
        request.GET.get("q", "").strip(),
    )
    groups = selectors.group_rows(
        queryset=filterset.qs,
        level=level if level in selectors.Level.LABELS else None,
        status=status if status in GroupStatus.values else None,
        q=q,
    )
    per_page = paging.per_page(request.GET)
    page = selectors.group_list_page(
        rows=groups, today=_today(), number=request.GET.get("page"), per_page=per_page
    )
    return render(
        request,
        "groups/group_list.html",
        {
            "page_obj": page,
            "per_page": per_page,
            "per_page_choices": paging.PER_PAGE_CHOICES,
            "levels": selectors.Level.CHOICES,
            "statuses": GroupStatus.choices,
            "level": level,
            "status": status,
            "q": q,
            "filterset": filterset,
            "shows_offices": shows_offices(request.user),
            "can_create": can(request.user, "groups.create"),
        },
    )


@login_required
def group_create(request):
    require(request.user, "groups.create")
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(user=request.user, office=request.user.office, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The group was created. Add its members next."))
            return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "title": _("New occupation group")})


@login_required
def group_edit(request, pk):
    group = get_object_or_404(_groups(request.user), pk=pk)
    require(request.user, "groups.change", group)
    form = GroupForm(request.POST or None, instance=Group.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(user=request.user, group=group, fields=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "group": group, "title": group.name})


@login_required
def group_from_training(request, training_pk):
    from training.models import Training
    from training.selectors import certified_people

    training = get_object_or_404(Training.objects.for_user(request.user), pk=training_pk)
    require(request.user, "groups.form_from_training", training)
    initial = {
        "name": f"กลุ่ม{training.occupation}" if training.occupation else "",
        "founded_on": _today(),
        "people": certified_people(training=training),
    }
    form = GroupFromTrainingForm(request.POST or None, training=training, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_from_training(
                user=request.user,
                training=training,
                people=list(data["people"]),
                name=data["name"],
                products=data["products"],
                founded_on=data["founded_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The group was formed with %(count)s founding members.") % {"count": len(data["people"])},
            )
            return redirect(group)
    return render(request, "groups/group_from_training.html", {"form": form, "training": training})


# --- the group's page ---------------------------------------------------------------------------------------

ACTIONS = PageActions()
action = ACTIONS  # @action("name") registers a handler


@login_required
def group_detail(request, pk):
    group = get_object_or_404(_groups(request.user), pk=pk)
    can_change = can(request.user, "groups.change", group)
    if request.method == "POST":
        return ACTIONS.dispatch(
            request,
            group,
            allowed=lambda name: can(request.user, page_act(name), group),
            render_page=lambda attempt: render(
                request, "groups/group_detail.html", _detail_context(request, group, can_change, attempt)
            ),
        )
    return render(request, "groups/group_detail.html", _detail_context(request, group, can_change))


# The page's forms, empty or bound to a POST: each with its own ids,
# as several share field names (date, kind…).
PAGE_FORMS = {
    "registration_form": lambda group, data=None, files=None, **kw: RegistrationForm(
        data, auto_id="registration-%s", **kw
    ),
    "seat_form": lambda group, data=None, files=None, **kw: SeatForm(
        data, group=group, auto_id="seat-%s", **kw
    ),
    "meeting_form": lambda group, data=None, files=None, **kw: MeetingForm(
        data, group=group, auto_id="meeting-%s", **kw
    ),
    "rules_form": lambda group, data=None, files=None, **kw: RulesForm(
        data, group=group, auto_id="rules-%s", **kw
    ),
    "activity_form": lambda group, data=None, files=None, **kw: ActivityForm(
        data, group=group, auto_id="activity-%s", **kw
    ),
    "work_form": lambda group, data=None, files=None, **kw: WorkDayForm(
        data, group=group, auto_id="work-%s", **kw
    ),
    "ledger_form": lambda group, data=None, files=None, **kw: LedgerForm(
        data, files, group=group, auto_id="ledger-%s", **kw
    ),
    "visit_form": lambda group, data=None, files=None, **kw: VisitForm(data, auto_id="visit-%s", **kw),
}


def _bound(attempt, key, request, group):
    return attempt.form(key, PAGE_FORMS[key](group, request.POST, request.FILES))


def _detail_context(request, group, can_change, attempt=None):
    """The group page's context: the page's reads (one selector), its forms, and after a refused action, its
    bound forms and typed work units instead."""
    today = _today()
    page = selectors.group_page(group=group, today=today, with_history=can_change)
    rules = page.rules
    initial = {
        "registration_form": {"registered_on": today},
        "seat_form": {"starts_on": today},
        "meeting_form": {"date": today, "held": True},
        "rules_form": {
            "effective_from": today,
            "text": rules.text if rules else "",
            **(rules.allocation() if rules else DEFAULT_ALLOCATION),
        },
        "activity_form": {"starts_on": today},
        "work_form": {"date": today},
        "ledger_form": {"date": today},
        "visit_form": {"visited_on": today},
    }
    forms = {key: make(group, initial=initial[key]) for key, make in PAGE_FORMS.items()}
    forms.update(attempt.forms if attempt else {})
    typed, cells = (attempt.values, attempt.cells) if attempt else ({}, {})
    work_grid = [
        (m, {"name": f"u-{m.pk}", "value": typed.get(f"u-{m.pk}", ""), "errors": cells.get(f"u-{m.pk}", [])})
        for m in page.active_members
    ]
    return {
        "group": group,
        "can_change": can_change,
        "today": today,
        "attempt": attempt,
        "readiness": page.readiness,
        "participation": page.participation,
        "memberships": page.memberships,
        "active_members": page.active_members,
        "work_grid": work_grid,
        "applications": page.applications,
        "committee": page.committee,
        "past_seats": page.past_seats,
        "rules": rules,
        "rule_versions": page.rule_versions,
        "meetings": page.meetings,
        "meeting_months": page.meeting_months,
        "activities": page.activities,
        "work": page.work,
        "ledger": page.ledger,
        "locked_until": page.locked_until,
        "savings": page.savings,
        "years": page.years,
        "visits": page.visits,
        "next_visit": page.next_visit,
        "may_visit": can(request.user, page_act("visit"), group),
        "history": page.history,
        "panels": panels.fragments(
            "groups.group", request=request, obj=group
        ),  # other apps' notes (kit/panels.py)
        **forms,
        "product_types": ProductType,
        "pending": ApplicationStatus.PENDING,
        "thai_ids": page.thai_ids,
    }


# A starting point for a group's first rules (the split itself is the members' to decide).
DEFAULT_ALLOCATION = {
    "dividend_pct": 60,
    "reserve_pct": 20,
    "welfare_pct": 10,
    "committee_pct": 5,
    "other_pct": 5,
}


ALREADY_GONE = gettext_lazy(
    "This line is no longer there (removed in another tab, or a second click); nothing was changed."
)


def _row(rows, request, attempt):
    """The row an action names; a row no longer there is said so (two tabs, a double click). The page draws
    the errors of an action in its row while the row is still listed (`attempt.row`),
    else at the top of the card."""
    row = rows.filter(pk=posted_id(request)).first()
    if row is None:
        raise ValidationError(ALREADY_GONE)
    attempt.row = row.pk
    return row


def _members_listed(group, today):
    return group.memberships.select_related("person").filter(left_on__isnull=True)


@action("register")
def _register(request, group, attempt):
    data = form_data(_bound(attempt, "registration_form", request, group))
    services.group_register(
        user=request.user, group=group, number=data["number"], registered_on=data["registered_on"]
    )
    return _("The group is registered with the district office.")


@action("member_add")
def _member_add(request, group, attempt):
    data = form_data(MemberForm(request.POST, user=request.user))
    services.member_add(
        user=request.user,
        group=group,
        person=data["person"],
        joined_on=data["joined_on"],
        founder=data["founder"],
    )
    return _("%(person)s joined the group.") % {"person": data["person"]}


def _leave_question(request, group, attempt):
    membership = _row(_members_listed(group, _today()), request, attempt)
    data = form_data(attempt.form("leave_form", DateForm(request.POST), marked=False))
    return Confirm(
        _("Record that %(person)s leaves the group on %(date)s?")
        % {"person": membership.person, "date": thai.date_short(data["date"])},
        button=_("Yes, the member leaves"),
        detail=_("Their committee seats end the same day."),
    )


@action("member_leave", confirm=_leave_question)
def _member_leave(request, group, attempt):
    membership = _row(_members_listed(group, _today()), request, attempt)
    data = form_data(attempt.form("leave_form", DateForm(request.POST), marked=False))
    services.member_leave(user=request.user, group=group, membership=membership, left_on=data["date"])


@action("apply")
def _apply(request, group, attempt):
    data = form_data(ApplicationForm(request.POST, user=request.user))
    services.application_submit(
        user=request.user, group=group, person=data["person"], applied_on=data["applied_on"]
    )
    return _("The application of %(person)s waits for the committee.") % {"person": data["person"]}


@action("decide")
def _decide(request, group, attempt):
    application = _row(group.applications, request, attempt)
    if (
        application.status != ApplicationStatus.PENDING
    ):  # decided in another tab: its row has no form any more
        attempt.row = None
        raise ValidationError(_("This application was already decided."))
    data = form_data(attempt.form("decision_form", DecisionForm(request.POST), marked=False))
    services.application_decide(
        user=request.user,
        application=application,
        accept=data["decision"] == "accept",
        decided_on=data["decided_on"],
        reason=data["reason"],
    )


@action("seat_add")
def _seat_add(request, group, attempt):
    data = form_data(_bound(attempt, "seat_form", request, group))
    services.seat_add(
        user=request.user,
        group=group,
        membership=data["membership"],
        role=data["role"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    )


def _seat_end_question(request, group, attempt):
    seat = _row(selectors.current_committee(group, _today()), request, attempt)
    data = form_data(attempt.form("seat_end_form", DateForm(request.POST), marked=False))
    return Confirm(
        _("End the term of %(seat)s on %(date)s?") % {"seat": seat, "date": thai.date_short(data["date"])},
        button=_("Yes, end the term"),
    )


@action("seat_end", confirm=_seat_end_question)
def _seat_end(request, group, attempt):
    seat = _row(selectors.current_committee(group, _today()), request, attempt)
    data = form_data(attempt.form("seat_end_form", DateForm(request.POST), marked=False))
    services.seat_end(user=request.user, group=group, seat=seat, ends_on=data["date"])


@action("meeting")
def _meeting(request, group, attempt):
    data = form_data(_bound(attempt, "meeting_form", request, group))
    services.meeting_record(
        user=request.user,
        group=group,
        kind=data["kind"],
        date=data["date"],
        held=data["held"],
        agenda=data["agenda"],
        resolutions=data["resolutions"],
        present=list(data["present"]),
    )


@action("rules")
def _rules(request, group, attempt):
    data = form_data(_bound(attempt, "rules_form", request, group))
    rules = services.rules_adopt(
        user=request.user,
        group=group,
        meeting=data["adopted_at"],
        effective_from=data["effective_from"],
        text=data["text"],
        work_unit=data["work_unit"],
        allocation={
            name: data[name]
            for name in ("dividend_pct", "reserve_pct", "welfare_pct", "committee_pct", "other_pct")
        },
    )
    return _("Version %(version)s of the rules was adopted.") % {"version": rules.version}


@action("activity")
def _activity(request, group, attempt):
    data = dict(form_data(_bound(attempt, "activity_form", request, group)))
    meeting = data.pop("decided_at")
    services.activity_add(user=request.user, group=group, meeting=meeting, **data)


@action("work")
def _work(request, group, attempt):
    form = _bound(attempt, "work_form", request, group)
    units = {}
    for key, value in request.POST.items():
        if key.startswith("u-") and thai.whole_number(key[2:]) is not None:
            units[thai.whole_number(key[2:])] = value.strip()
            attempt.values[key] = value
    data = form_data(form)
    try:
        entries = services.work_log_day(
            user=request.user,
            group=group,
            date=data["date"],
            units=units,
            activity=data["activity"],
            note=data["note"],
        )
    except ValidationError as exc:
        attempt.cells = cell_errors(exc, lambda key: f"u-{key}")
        raise
    return _("Work of %(count)s members recorded.") % {"count": len(entries)}


def _work_question(request, group, attempt):
    entry = _row(group.work.select_related("membership__person"), request, attempt)
    return Confirm(
        _("Remove the work of %(person)s on %(date)s (%(units)s)?")
        % {
            "person": entry.membership.person,
            "date": thai.date_short(entry.date),
            "units": f"{entry.units.normalize():f}",
        }
    )


@action("work_remove", confirm=_work_question)
def _work_remove(request, group, attempt):
    services.work_remove(user=request.user, group=group, entry=posted_id(request))
    return _("Removed.")


@action("ledger")
def _ledger(request, group, attempt):
    data = form_data(_bound(attempt, "ledger_form", request, group))
    services.ledger_add(user=request.user, group=group, **data)


def _ledger_question(request, group, attempt):
    entry = _row(group.ledger, request, attempt)
    return Confirm(
        _("Remove the ledger line “%(description)s”, %(amount)s baht on %(date)s?")
        % {
            "description": entry.description,
            "amount": thai.baht(entry.amount),
            "date": thai.date_short(entry.date),
        }
    )


@action("ledger_remove", confirm=_ledger_question)
def _ledger_remove(request, group, attempt):
    services.ledger_remove(user=request.user, group=group, entry=posted_id(request))
    return _("Removed.")


@action("visit")
def _visit(request, group, attempt):
    data = form_data(_bound(attempt, "visit_form", request, group))
    services.visit_record(user=request.user, group=group, visited_on=data["visited_on"], notes=data["notes"])
    return _("The visit was recorded.")


@login_required
@require_POST
@sensitive_post_parameters("q")
def member_search(request, pk):
    """Search-as-you-type for adding members (htmx): the register by name or a whole national ID, by POST."""
    group = get_object_or_404(_groups(request.user), pk=pk)
    require(request.user, "groups.change", group)
    q = request.POST.get("q", "").strip()
    people = list(selectors.people_to_add(user=request.user, group=group, q=q, today=_today()))
    template = (
        "groups/_member_search.html" if request.headers.get("HX-Request") else "groups/member_search.html"
    )
    return render(
        request,
        template,
        {"group": group, "people": people, "q": q, "too_short": len(q) < 2, "today": _today(), "limit": 10},
    )


@login_required
def receipt(request, pk, entry_pk):
    """A scanned receipt, read through the storage API, for whoever may see the group."""
    group = get_object_or_404(_groups(request.user), pk=pk)
    entry = get_object_or_404(group.ledger.exclude(receipt=""), pk=entry_pk)
    response = FileResponse(
        entry.receipt.open("rb"), as_attachment=False, filename=entry.receipt.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- year end -----------------------------------------------------------------------------------------------


@login_required
def group_year(request, pk, year):
    group = get_object_or_404(_groups(request.user), pk=pk)
    can_change = can(request.user, "groups.change", group)
    if not group.year_of(group.founded_on) <= year <= group.year_of(_today()):
        raise Http404
    if request.method == "POST":
        require(request.user, "groups.change", group)
        form = YearCloseForm(request.POST, group=group)
        try:
            data = form_data(form)
            services.year_close(user=request.user, group=group, year=year, meeting=data["meeting"])
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _(
                    "Year %(year)s is closed: the statement and dividends are approved and its "
                    "entries are locked."
                )
                % {"year": year},
            )
        return redirect("groups:year", pk=group.pk, year=year)
    statement = selectors.year_statement(group=group, year=year)
    return render(
        request,
        "groups/group_year.html",
        {
            "group": group,
            "s": statement,
            "can_change": can_change,
            "today": _today(),
            "close_form": YearCloseForm(group=group),
            "ended": statement.ended(_today()),
        },
    )


@login_required
def dividend_sheet(request, pk, year, fmt):
    from groups import documents

    group = get_object_or_404(_groups(request.user), pk=pk)
    if not group.year_of(group.founded_on) <= year <= group.year_of(_today()):
        raise Http404
    statement = selectors.year_statement(group=group, year=year)
    if fmt == "pdf":
        content, mime = documents.dividend_sheet_pdf(statement), "application/pdf"
    else:
        content = documents.dividend_sheet_xlsx(statement)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="dividends-{group.pk}-{year}.{fmt}"'
    return response


# --- follow-up ----------------------------------------------------------------------------------------------


@login_required
def visits_overdue(request):
    today = _today()
    rows = selectors.group_visits_due(groups=_groups(request.user), today=today)
    return render(request, "groups/visits_overdue.html", {"rows": rows, "today": today})
