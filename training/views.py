"""Staff pages of a training: the list, creation, and one page that carries the training through its steps.

Each POST names one action; the view parses it, calls one service, and redirects back (errors as messages)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kit import paging, thai
from kit.actions import Confirm, PageActions, cell_errors, form_data, posted_id
from kit.policy import can, require
from kit.thai import baht, fiscal_year_now
from registry.area_filters import shows_offices
from registry.scoping import Action
from training import selectors, services
from training.filters import TrainingFilterSet
from training.forms import (
    BudgetLineForm,
    EnrollForm,
    FollowUpForm,
    InstructorForm,
    MaterialForm,
    SessionForm,
    TrainingCreateForm,
    VillageTrainingForm,
    step_form_class,
)
from training.models import BatchStatus, Certificate, FollowUp, Step, Training
from training.selectors import SEARCH_LIMIT, SEARCH_MIN_CHARS, budget_overrun, people_to_enrol
from training.workflow import TRAINING, page_flow


def _trainings(user, action=Action.VIEW):
    return Training.objects.for_user(user, action).select_related(
        "village", "occupation", "office", "district"
    )


@login_required
def training_list(request):
    filterset = TrainingFilterSet(request.GET, queryset=_trainings(request.user), request=request)
    year, step = request.GET.get("year", ""), request.GET.get("step", "")
    per_page = paging.per_page(request.GET)
    page = selectors.training_list_page(
        queryset=filterset.qs,
        year=thai.whole_number(year),
        step=thai.whole_number(step),
        number=request.GET.get("page"),
        per_page=per_page,
    )
    return render(
        request,
        "training/training_list.html",
        {
            "page_obj": page,
            "trainings": page.object_list,
            "per_page": per_page,
            "per_page_choices": paging.PER_PAGE_CHOICES,
            "years": selectors.training_years(queryset=_trainings(request.user)),
            "year": year,
            "step": step,
            "steps": Step.choices,
            "last_step": TRAINING.states[-1].value,
            "filterset": filterset,
            "shows_offices": shows_offices(request.user),
            "may_create": can(request.user, "training.create"),
            "may_create_village": can(request.user, "training.village_training"),
        },
    )


@login_required
def training_create(request):
    require(request.user, "training.create")
    form = TrainingCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(
                user=request.user, office=request.user.office, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The training project was created at step 1."))
            return redirect("training:detail", training.pk)
    return render(request, "training/training_create.html", {"form": form})


@login_required
def village_training(request):
    require(request.user, "training.village_training")
    # ?team=: the team of the village the user came from (a district's approved target villages)
    team = thai.whole_number(request.GET.get("team", ""))
    form = VillageTrainingForm(
        request.POST or None, user=request.user, initial={"team": team} if team else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            training = services.village_training_create(
                user=request.user,
                team=data["team"],
                topic=data["topic"],
                occupation=data["occupation"],
                date=data["date"],
                hours=data["hours"],
                venue=data["venue"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The village training was created with its team and target households.")
            )
            return redirect("training:detail", training.pk)
    years = selectors.team_years(user=request.user, now=fiscal_year_now())
    year = thai.whole_number(request.GET.get("year", ""))
    year = year if year in years else years[0]
    return render(
        request,
        "training/village_training.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "targets": selectors.programme_villages(user=request.user, fiscal_year=year),
        },
    )


ACTIONS = PageActions()
action = ACTIONS  # @action("name") registers a handler


def _act(request, training, name):
    """The permission a posted action asks, from the table (training/workflow.py): a move, its move's own."""
    if name == "advance":
        onward = TRAINING.state_of(training).forward
        return TRAINING.move_act(training, onward.to if onward else None)
    if name == "back":
        return TRAINING.move_act(training, thai.whole_number(request.POST.get("to_step", "")))
    return TRAINING.act_for(name)


@login_required
def training_detail(request, pk):
    training = get_object_or_404(_trainings(request.user), pk=pk)
    can_change = can(request.user, "training.change", training)
    if request.method == "POST":
        return ACTIONS.dispatch(
            request,
            training,
            allowed=lambda name: can(request.user, _act(request, training, name), training),
            render_page=lambda attempt: render(
                request,
                "training/training_detail.html",
                _detail_context(request, training, can_change, attempt),
            ),
        )
    return render(request, "training/training_detail.html", _detail_context(request, training, can_change))


# The page's small forms, empty or bound to a POST: each with its own ids, as several share field names.
PAGE_FORMS = {
    "instructor_form": lambda request, training, data=None: InstructorForm(
        data, user=request.user, auto_id="instructor-%s"
    ),
    "budget_form": lambda request, training, data=None: BudgetLineForm(data, auto_id="budget-%s"),
    "session_form": lambda request, training, data=None: SessionForm(data, auto_id="session-%s"),
    "enroll_form": lambda request, training, data=None: EnrollForm(
        data, user=request.user, auto_id="enrol-%s"
    ),
    "material_form": lambda request, training, data=None: MaterialForm(
        data, training=training, auto_id="material-%s"
    ),
}


def _bound(attempt, key, request, training):
    return attempt.form(key, PAGE_FORMS[key](request, training, request.POST))


@login_required
@require_POST
@sensitive_post_parameters("q")
def enrol_search(request, pk):
    """Search-as-you-type for the enrolment box (htmx): people of the register,
    by name or a whole national ID.

    POST, so a typed national ID never reaches a URL or an access log; answers with the result list only."""
    training = get_object_or_404(_trainings(request.user), pk=pk)
    require(request.user, "training.change", training)
    q = request.POST.get("q", "")
    people = list(people_to_enrol(user=request.user, training=training, q=q))
    template = (
        "training/_enrol_search.html" if request.headers.get("HX-Request") else "training/enrol_search.html"
    )
    return render(
        request,
        template,
        {
            "training": training,
            "people": people,
            "q": q.strip(),
            "too_short": len(q.strip()) < SEARCH_MIN_CHARS,
            "limit": SEARCH_LIMIT,
        },
    )


@login_required
def survey_qr(request, pk, enrollment_pk):
    """The QR code of one trainee's survey link, as SVG (loaded lazily by the training page)."""
    import segno

    training = get_object_or_404(_trainings(request.user), pk=pk)
    enrollment = get_object_or_404(training.enrollments, pk=enrollment_pk)
    url = request.build_absolute_uri(f"/survey/{enrollment.survey_token}/")
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=3, border=2, xmldecl=False
    )  # a standalone SVG file
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _detail_context(request, training, can_change, attempt=None):
    """The training page's context: the page's reads (one selector), its forms, and after a refused action,
    its bound forms and typed grid values instead."""
    page = selectors.training_page(training=training, with_history=can_change)
    form_class = step_form_class(training.step)
    typed, cells = (attempt.values, attempt.cells) if attempt else ({}, {})
    grid = [
        (
            e,
            [
                _cell(f"h-{e.pk}-{s.pk}", f"{e.person} {s}", page.attendance.get((e.pk, s.pk)), typed, cells)
                for s in page.sessions
            ],
        )
        for e in page.results
    ]
    scores = [
        (
            e,
            [
                _cell(f"pre-{e.pk}", f"{_('pre-test score')} {e.person}", e.pre_score, typed, cells),
                _cell(f"post-{e.pk}", f"{_('post-test score')} {e.person}", e.post_score, typed, cells),
            ],
        )
        for e in page.results
    ]
    forms = {key: make(request, training) for key, make in PAGE_FORMS.items()}
    forms["step_form"] = (
        form_class(instance=training, user=request.user) if form_class and can_change else None
    )
    forms.update(attempt.forms if attempt else {})
    return {
        "training": training,
        "can_change": can_change,
        "flow": page_flow(training),
        "attempt": attempt,
        "instructors": page.instructors,
        "budget_lines": page.budget_lines,
        "budget_overrun": page.budget_overrun,
        "sessions": page.sessions,
        "total_hours": page.total_hours,
        "results": page.results,
        "grid": grid,
        "scores": scores,
        **forms,
        "materials": page.materials,
        "certificates": page.certificates,
        "survey": page.survey,
        "follow_ups": page.follow_ups,
        "moves": page.moves,
        "steps": Step,
        "history": page.history,
        **_batch_context(training, can_change, page.batch),
        "may_follow_up": can(request.user, TRAINING.act_for("follow_up"), training),
        "survey_links": [(e, request.build_absolute_uri(f"/survey/{e.survey_token}/")) for e in page.results]
        if TRAINING.is_open(training, "survey")
        else [],
        "today": timezone.localdate(),
    }


def _cell(name, label, saved, typed: dict, cells: dict) -> dict:
    """One input of a grid: its name, label, the value to show (what was typed,
    after a refusal) and its errors."""
    return {
        "name": name,
        "label": label,
        "value": typed.get(name, saved),
        "errors": cells.get(name, []),
    }


ALREADY_GONE = gettext_lazy(
    "This line is no longer there (removed in another tab, or a second click); nothing was changed."
)


@action("facts")
def _facts(request, training, attempt):
    form_class = step_form_class(training.step)
    if form_class is None:  # a page left open while the training moved to a step with no facts of its own
        raise ValidationError(_("This step has no facts of its own to save."))
    form = attempt.form(
        "step_form",
        form_class(request.POST, instance=Training.objects.get(pk=training.pk), user=request.user),
    )
    training = services.training_update(user=request.user, training=training, fields=form_data(form))
    overrun = budget_overrun(training)
    if overrun:
        messages.warning(
            request,
            _(
                "The approved budget is %(over)s baht above the planned one (%(planned)s baht): "
                "check the budget lines or the ordinance."
            )
            % {"over": baht(overrun), "planned": baht(training.budget_planned)},
        )


@action("advance")
def _advance(request, training, attempt):
    training = services.training_advance(user=request.user, training=training)
    return _("Moved to step %(step)s: %(label)s.") % {
        "step": training.step,
        "label": TRAINING.state_of(training).label,
    }


@action("back")
def _back(request, training, attempt):
    to_step = request.POST.get("to_step", "")
    services.training_move_back(
        user=request.user,
        training=training,
        to_step=thai.whole_number(to_step) or 0,
        reason=request.POST.get("reason", ""),
    )
    return _("The training went back to step %(step)s.") % {"step": to_step}


def _row_question(related, question):
    """The confirmation of removing one of the training's rows, naming it; a row already gone says so."""

    def confirm(request, training, attempt):
        row = getattr(training, related).filter(pk=posted_id(request)).first()
        if row is None:
            raise ValidationError(ALREADY_GONE)
        return Confirm(question % {"row": row})

    return confirm


# Rows a training owns, added and removed from its page: action prefix -> (related name,
# form, removal question).
CHILD_ROWS = {
    "instructor": ("instructors", "instructor_form", gettext_lazy("Remove the instructor %(row)s?")),
    "budget": ("budget_lines", "budget_form", gettext_lazy("Remove the budget line %(row)s?")),
    "session": ("sessions", "session_form", gettext_lazy("Remove the session %(row)s?")),
}


def _child_actions(prefix, related, form_key, question):
    def add(request, training, attempt):
        form = _bound(attempt, form_key, request, training)
        form.instance.training = training
        form_data(form)  # the model form also checks the model's constraints
        services.training_row_add(user=request.user, training=training, row=form.instance, related=related)

    def remove(request, training, attempt):
        services.training_row_remove(
            user=request.user, training=training, related=related, pk=posted_id(request)
        )
        return _("Removed.")

    ACTIONS(f"{prefix}_add")(add)
    ACTIONS(f"{prefix}_remove", confirm=_row_question(related, question))(remove)


for _prefix, _row in CHILD_ROWS.items():
    _child_actions(_prefix, *_row)


@action("enroll")
def _enroll(request, training, attempt):
    data = form_data(_bound(attempt, "enroll_form", request, training))
    if data["person"]:
        people = [data["person"]]
    elif data["village"]:
        year = training.fiscal_year or fiscal_year_now()
        people = list(services.village_target_heads(village=data["village"], fiscal_year=year))
        if not people:
            raise ValidationError(
                _("%(village)s has no target households in fiscal year %(year)s.")
                % {"village": data["village"], "year": year}
            )
        enrolled = set(training.enrollments.values_list("person_id", flat=True))
        people = [p for p in people if p.pk not in enrolled]
    else:
        raise ValidationError(_("Choose a person or a village."))
    added = services.enrollments_add(user=request.user, training=training, people=people)
    return _("%(count)s trainees enrolled.") % {"count": len(added)}


def _enroll_remove_question(request, training, attempt):
    enrollment = training.enrollments.select_related("person").filter(pk=posted_id(request)).first()
    if enrollment is None:
        raise ValidationError(ALREADY_GONE)
    return Confirm(
        _("Take %(person)s out of the training?") % {"person": enrollment.person},
        detail=_("Their attendance and scores in this training are removed with them."),
    )


@action("enroll_remove", confirm=_enroll_remove_question)
def _enroll_remove(request, training, attempt):
    services.enrollment_remove(user=request.user, training=training, pk=posted_id(request))
    return _("Removed.")


def _uploaded(request):
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError(_("Choose a file."))
    return {"data": upload.read(), "file_name": upload.name}


@action("enrol_file")
def _enrol_file(request, training, attempt):
    from training.imports import enrol_from_file

    count = enrol_from_file(user=request.user, training=training, **_uploaded(request))
    return _("%(count)s trainees enrolled.") % {"count": count}


@action("attendance_file")
def _attendance_file(request, training, attempt):
    from training.imports import attendance_from_file

    count = attendance_from_file(user=request.user, training=training, **_uploaded(request))
    return _("Attendance saved (%(count)s entries).") % {"count": count}


def _grid_ids(key: str, parts: int):
    """The ids in a grid input's name ("h-12-34" -> (12, 34)), or None for a name that is not one of ours."""
    ids = key.split("-")[1:]
    if len(ids) != parts or not all(i.isdigit() and len(i) < 19 for i in ids):
        return None
    return tuple(int(i) for i in ids)


@action("attendance")
def _attendance(request, training, attempt):
    hours = {}
    for key, value in request.POST.items():
        ids = _grid_ids(key, 2) if key.startswith("h-") else None
        if ids:
            hours[ids] = value.strip()
            attempt.values[key] = value
    try:
        count = services.attendance_save(user=request.user, training=training, hours=hours)
    except ValidationError as exc:
        attempt.cells = cell_errors(exc, lambda key: f"h-{key[0]}-{key[1]}")
        raise
    return _("Attendance saved (%(count)s entries).") % {"count": count}


@action("scores")
def _scores(request, training, attempt):
    scores = {}
    for enrollment in training.enrollments.all():
        pre, post = f"pre-{enrollment.pk}", f"post-{enrollment.pk}"
        attempt.values.update({pre: request.POST.get(pre, ""), post: request.POST.get(post, "")})
        scores[enrollment.pk] = (attempt.values[pre].strip(), attempt.values[post].strip())
    try:
        services.scores_save(user=request.user, training=training, scores=scores)
    except ValidationError as exc:
        attempt.cells = cell_errors(exc, lambda key: f"{key[1]}-{key[0]}")
        raise
    return _("Scores saved.")


@action("issue")
def _issue(request, training, attempt):
    issued = services.certificates_issue(user=request.user, training=training)
    return _("%(count)s certificates issued.") % {"count": len(issued)}


@action("certificates_batch")
def _certificates_batch(request, training, attempt):
    batch = services.certificate_batch_request(
        user=request.user, training=training, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    if batch.status == BatchStatus.READY:
        return _("The PDF of %(count)s certificates is ready.") % {"count": batch.certificate_count}
    if batch.status == BatchStatus.FAILED:
        raise ValidationError(
            _("The PDF of the certificates could not be made; try again or tell the administrator.")
        )
    return _("The PDF of the certificates is being prepared; it appears here when ready.")


def _revoke_question(request, training, attempt):
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrollment__person"),
        pk=posted_id(request),
        enrollment__training=training,
    )
    if not certificate.is_valid:
        raise ValidationError(_("This certificate is already revoked."))
    reason = request.POST.get("reason", "").strip()
    if not reason:
        raise ValidationError(_("Write why the certificate is revoked."))
    return Confirm(
        _("Revoke certificate %(serial)s of %(person)s?")
        % {"serial": certificate.serial, "person": certificate.enrollment.person},
        button=_("Yes, revoke"),
        detail=_("Reason: %(reason)s") % {"reason": reason},
    )


@action("revoke", confirm=_revoke_question)
def _revoke(request, training, attempt):
    certificate = get_object_or_404(Certificate, pk=posted_id(request), enrollment__training=training)
    services.certificate_revoke(
        user=request.user, certificate=certificate, reason=request.POST.get("reason", "")
    )
    return _("The certificate was revoked.")


@action("material_add")
def _material_add(request, training, attempt):
    form = _bound(attempt, "material_form", request, training)
    form_data(form)
    services.training_row_add(user=request.user, training=training, row=form.instance, related="materials")


@action("follow_up")
def _follow_up(request, training, attempt):
    follow_up = get_object_or_404(FollowUp, pk=posted_id(request), enrollment__training=training)
    form = attempt.form(
        "follow_up_form",
        FollowUpForm(request.POST, instance=FollowUp.objects.get(pk=follow_up.pk)),
        marked=False,
    )
    attempt.row = follow_up.pk
    services.follow_up_record(user=request.user, follow_up=follow_up, fields=form_data(form))


@login_required
def follow_up_record(request, pk, follow_up_pk):
    """One follow-up visit on a page of its own, opened from the list of overdue follow-ups and back to it."""
    training = get_object_or_404(_trainings(request.user), pk=pk)
    require(request.user, TRAINING.act_for("follow_up"), training)
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("enrollment__person"), pk=follow_up_pk, enrollment__training=training
    )
    form = FollowUpForm(request.POST or None, instance=FollowUp.objects.get(pk=follow_up.pk))
    if request.method == "POST":
        try:
            services.follow_up_record(user=request.user, follow_up=follow_up, fields=form_data(form))
        except ValidationError as exc:
            if form.is_valid():  # a rule of the service: say it at the top of the form
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The follow-up visit of %(person)s was recorded.")
                % {"person": follow_up.enrollment.person},
            )
            return redirect("training:follow_ups")
    return render(
        request, "training/follow_up_form.html", {"training": training, "follow_up": follow_up, "form": form}
    )


# --- documents ----------------------------------------------------------------------------------------------


def _pdf(content, name):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def certificates_download(request, pk):
    """All valid certificates of the training as one PDF:
    the newest batch the worker prepared, while current."""
    training = get_object_or_404(_trainings(request.user), pk=pk)
    batch = training.certificate_batches.filter(status=BatchStatus.READY).first()
    if batch is None or not batch.is_current():
        messages.info(
            request,
            _("Prepare the PDF of all certificates first: certificates changed since the last one.")
            if batch
            else _("Prepare the PDF of all certificates first."),
        )
        return redirect(f"{reverse('training:detail', args=[training.pk])}#certificates")
    response = FileResponse(
        batch.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificates-{training.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificates_batch_status(request, pk):
    """The certificates card's download box (htmx polls it while the worker prepares the PDF)."""
    training = get_object_or_404(_trainings(request.user), pk=pk)
    return render(
        request,
        "training/_certificate_batch.html",
        _batch_context(training, can(request.user, "training.change", training)),
    )


def _batch_context(training, can_change, state=None) -> dict:
    state = state or selectors.certificate_batch_state(training=training)
    return {
        "training": training,
        "batch": state.batch,
        "batch_current": state.current,
        "can_change": can_change,
        "valid_certificates": state.valid_certificates,
    }


@login_required
def signin_sheet(request, pk, session_pk):
    training = get_object_or_404(_trainings(request.user), pk=pk)
    session = get_object_or_404(training.sessions, pk=session_pk)
    from training.pdf import signin_sheet_pdf

    return _pdf(signin_sheet_pdf(session), f"signin-{training.pk}-{session.pk}")


@login_required
def materials_sheet(request, pk):
    training = get_object_or_404(_trainings(request.user), pk=pk)
    from training.pdf import materials_pdf

    return _pdf(materials_pdf(training), f"materials-{training.pk}")


@login_required
def follow_ups_overdue(request):
    """Overdue follow-ups of the user's area: for the TAO and the district's community developer."""
    overdue = selectors.follow_ups_overdue(trainings=_trainings(request.user), today=timezone.localdate())
    return render(
        request,
        "training/follow_ups.html",
        {"overdue": overdue, "may_record": can(request.user, "training.follow_ups")},
    )


@login_required
def attendance_template_download(request, pk):
    training = get_object_or_404(_trainings(request.user), pk=pk)
    from training.imports import attendance_template

    response = HttpResponse(
        attendance_template(training),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{training.pk}.xlsx"'
    return response
