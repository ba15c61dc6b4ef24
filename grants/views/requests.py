"""The request pages: entering a request (create, edit with its cost lines), its page that carries it from
draft to closed (moves, documents, review, approval, changes, payments, refunds, tagging,
report) and its documents' download.

Each POST on the request's page names one action (kit.actions.PageActions); the view parses it, calls one
service and redirects back to the card, or draws the page again with what was typed and the Thai reason
in that card."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import selectors, services
from grants.forms import (
    ApproveForm,
    ChangeDecisionForm,
    ChangeForm,
    CostLineFormSet,
    DocumentForm,
    MoveForm,
    PaymentForm,
    RefundForm,
    ReportForm,
    RequestForm,
    ReversalForm,
    ReviewForm,
    TagForm,
    cost_initial,
    cost_lines_of,
    line_decisions_formset,
    line_decisions_of,
    lines_resized,
    unchecked,
)
from grants.models import Adjuster, BudgetLine, GrantRequest
from grants.workflow import CHANGE_REQUEST, DOCUMENTS, EDIT, GRANT, PAYMENT, TAG
from kit import thai
from kit.actions import Confirm, PageActions, form_data, posted_id
from kit.policy import can, require


def _today():
    return timezone.localdate()


def _requests(user):
    return GrantRequest.objects.for_user(user).select_related("group", "office", "village", "budget_line")


# --- entering a request -------------------------------------------------------------------------------------


@login_required
def request_create(request):
    require(request.user, "grants.create")
    groups = selectors.groups_for_request(request.user)
    form = RequestForm(
        request.POST or None,
        groups=groups,
        eligibility=selectors.groups_eligibility(groups, _today()),
        initial={"group": request.GET.get("group", "")[:20]},
    )  # ?group=<pk>: from the group's page
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        group = data.pop("group")
        try:
            created = services.request_create(user=request.user, group=group, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Request %(number)s was entered. Add its cost lines and documents next.")
                % {"number": created.number},
            )
            return redirect("grants:edit", pk=created.pk)
    return render(request, "grants/request_form.html", {"form": form, "title": _("New grant request")})


@login_required
def request_edit(request, pk):
    grant = get_object_or_404(_requests(request.user), pk=pk)
    require(request.user, GRANT.act_for(EDIT), grant)
    instance = GrantRequest.objects.get(
        pk=grant.pk
    )  # the form's copy: a refused save leaves `grant` as it is
    resized = lines_resized(request.POST, prefix="cost")  # a line added or removed: drawn again, not saved
    data = resized if resized is not None else request.POST or None
    form = RequestForm(data, instance=instance)
    # The saved lines start the grid; once posted, lines may have moved up or down, so they are not compared
    # with the saved ones (a line typed again as it was saved is still a line).
    lines = CostLineFormSet(
        data, prefix="cost", initial=None if data else cost_initial(grant.cost_lines.all())
    )
    errors = []
    if not GRANT.is_open(grant, EDIT):
        errors.append(
            _("This request can no longer be edited (it is “%(state)s”).")
            % {"state": grant.get_status_display()}
        )
    elif resized is not None:
        unchecked(form)
        unchecked(lines)
    elif request.method == "POST":
        if form.is_valid() and lines.is_valid():
            try:
                with transaction.atomic():  # the plan and its cost lines together, or neither
                    services.request_update(user=request.user, request=grant, fields=form.cleaned_data)
                    services.cost_lines_replace(user=request.user, request=grant, lines=cost_lines_of(lines))
            except ValidationError as exc:
                errors += exc.messages
            else:
                messages.success(request, _("Saved."))
                return redirect(grant)
        else:
            errors.append(_("Nothing was saved: correct the marked fields."))
    rows = list(lines.forms)
    total = sum((f.amount for f in rows if f.amount is not None), start=0)
    return render(
        request,
        "grants/request_form.html",
        {
            "form": form,
            "lines": lines,
            "grant": grant,
            "errors": errors,
            "title": grant.number,
            "total": total,
            "asked": grant.amount_requested,
            "mismatch": bool(grant.amount_requested and total and total != grant.amount_requested),
            "editable": GRANT.is_open(grant, EDIT),
        },
    )


# --- the request's page -------------------------------------------------------------------------------------

ACTIONS = PageActions()
action = ACTIONS

# The table's page action each posted action is, where their names differ (the others post the table's name).
# Who may do it is the table's (grants/workflow.py); a move asks the move's own.
PAGE_ACTION = {
    "document_add": DOCUMENTS,
    "document_remove": DOCUMENTS,
    "change_ask": CHANGE_REQUEST,
    "payment": PAYMENT,
    "payment_reverse": PAYMENT,
    "untag": TAG,
}


def _act(request, grant, name):
    if name in ("move", "move_reason"):
        return GRANT.move_act(grant, request.POST.get("to", ""))
    return GRANT.act_for(PAGE_ACTION.get(name, name))


@login_required
def request_detail(request, pk):
    grant = get_object_or_404(_requests(request.user), pk=pk)
    if request.method == "POST":
        return ACTIONS.dispatch(
            request,
            grant,
            allowed=lambda name: can(request.user, _act(request, grant, name), grant),
            render_page=lambda attempt: render(
                request, "grants/request_detail.html", _detail_context(request, grant, attempt)
            ),
        )
    return render(request, "grants/request_detail.html", _detail_context(request, grant))


def _page_forms(grant, page, data=None, files=None):
    """The page's forms, empty (or bound to a POST), each with its own ids: several share field names."""
    return {
        "review_form": lambda: ReviewForm(
            data,
            auto_id="review-%s",
            initial={
                "meeting_on": grant.review_meeting_on,
                "recommended_amount": grant.recommended_amount or grant.amount_requested,
                "committee_notes": grant.committee_notes,
                "score": grant.score,
            },
        ),
        "review_lines": lambda: line_decisions_formset(Adjuster.COMMITTEE)(
            data,
            prefix="review-lines",
            decided=selectors.decided_lines(grant, None),
            shown=selectors.decided_lines(grant, Adjuster.COMMITTEE),
        ),
        "approve_lines": lambda: line_decisions_formset(Adjuster.EXECUTIVE)(
            data,
            prefix="approve-lines",
            decided=selectors.decided_lines(grant, Adjuster.COMMITTEE),
            shown=selectors.decided_lines(grant, Adjuster.EXECUTIVE),
        ),
        "approve_form": lambda: ApproveForm(
            data,
            lines=page.lines
            if page
            else selectors.with_money(
                BudgetLine.objects.filter(office_id=grant.office_id, fiscal_year=grant.fiscal_year)
            ),
            auto_id="approve-%s",
            initial={
                "amount": grant.recommended_amount or grant.amount_requested,
                "line": grant.budget_line_id,
            },
        ),
        "document_form": lambda: DocumentForm(data, files, auto_id="document-%s"),
        "change_form": lambda: ChangeForm(
            data,
            auto_id="change-%s",
            initial={"amount": grant.approved_amount, "starts_on": grant.starts_on, "ends_on": grant.ends_on},
        ),
        "change_lines": lambda: CostLineFormSet(
            data, prefix="change", auto_id="change-%s", initial=cost_initial(grant.cost_lines.all())
        ),
        "payment_form": lambda: PaymentForm(
            data,
            auto_id="payment-%s",
            initial={"amount": (page.money.to_pay or None) if page else None, "paid_on": _today()},
        ),
        "refund_form": lambda: RefundForm(
            data,
            auto_id="refund-%s",
            initial={"amount": (page.money.left or None) if page else None, "refunded_on": _today()},
        ),
        "tag_form": lambda: TagForm(
            data,
            auto_id="tag-%s",
            entries=services.taggable_entries(grant, paid_from=page.paid_from if page else None),
        ),
        "report_form": lambda: ReportForm(
            data,
            auto_id="report-%s",
            initial={"results": grant.report_results, "reported_on": grant.reported_on},
        ),
    }


def _bound(attempt, key, request, grant):
    return attempt.form(key, _page_forms(grant, None, request.POST, request.FILES)[key]())


def _detail_context(request, grant, attempt=None):
    today = _today()
    grant = GrantRequest.objects.select_related(
        "group", "office", "village", "budget_line", "created_by"
    ).get(pk=grant.pk)
    page = selectors.request_page(request=grant, user=request.user, today=today)
    forms = {key: make() for key, make in _page_forms(grant, page).items()}
    forms.update(attempt.forms if attempt else {})
    return {
        "grant": grant,
        "page": page,
        "attempt": attempt,
        "today": today,
        "readiness": page.eligibility.readiness,
        **forms,
    }


def _move_question(request, grant, attempt):
    data = form_data(attempt.form("move_form", MoveForm(request.POST), marked=False))
    move = GRANT.state_of(grant).move_to(data["to"])
    if move is None:
        raise ValidationError(
            _("This move is not allowed from “%(state)s”.") % {"state": grant.get_status_display()}
        )
    if not data["reason"].strip():
        raise ValidationError(_("Write the reason for this move."))
    label = move.label or GRANT.state(move.to).label
    return Confirm(
        _("%(move)s: request %(number)s?") % {"move": label, "number": grant.number},
        button=_("Yes: %(move)s") % {"move": label},
        detail=_("Reason: %(reason)s") % {"reason": data["reason"]},
    )


@action("move")
def _move(request, grant, attempt):
    data = form_data(attempt.form("move_form", MoveForm(request.POST), marked=False))
    moved = services.move(user=request.user, request=grant, to=data["to"], reason=data["reason"])
    return _("The request is now “%(state)s”.") % {"state": moved.get_status_display()}


# Moves with a written reason (sending back, refusing, withdrawing, terminating) are asked about first.
action("move_reason", confirm=_move_question)(_move)


def _line_decisions(attempt, key, request, grant):
    """The posted cost lines of the review or the approval (None when the page sent none)."""
    lines = _bound(attempt, key, request, grant)
    if f"{lines.prefix}-TOTAL_FORMS" not in request.POST:
        return None
    if not lines.is_valid():
        raise ValidationError(_("Nothing was saved: correct the marked fields."))
    return line_decisions_of(lines)


@action("review")
def _review(request, grant, attempt):
    form = _bound(attempt, "review_form", request, grant)
    lines = _line_decisions(attempt, "review_lines", request, grant)
    data = form_data(form)
    services.review_record(
        user=request.user,
        request=grant,
        recommended_amount=data["recommended_amount"],
        committee_notes=data["committee_notes"],
        score=data["score"],
        meeting_on=data["meeting_on"],
        lines=lines,
    )


@action("approve")
def _approve(request, grant, attempt):
    form = _bound(attempt, "approve_form", request, grant)
    lines = _line_decisions(attempt, "approve_lines", request, grant)
    data = form_data(form)
    services.approve(user=request.user, request=grant, line=data["line"], amount=data["amount"], lines=lines)
    return _("Approved: %(amount)s baht.") % {"amount": thai.baht(data["amount"])}


@action("document_add")
def _document_add(request, grant, attempt):
    data = form_data(_bound(attempt, "document_form", request, grant))
    services.document_add(user=request.user, request=grant, kind=data["kind"], upload=data["file"])
    return _("The document was attached.")


def _document_question(request, grant, attempt):
    document = grant.documents.filter(pk=posted_id(request)).first()
    if document is None:
        raise ValidationError(services.ALREADY_GONE)
    return Confirm(
        _("Remove the document “%(name)s” (%(kind)s)?")
        % {"name": document.name, "kind": document.get_kind_display()}
    )


@action("document_remove", confirm=_document_question)
def _document_remove(request, grant, attempt):
    services.document_remove(user=request.user, request=grant, document=posted_id(request))
    return _("Removed.")


@action("change_ask")
def _change_ask(request, grant, attempt):
    form = _bound(attempt, "change_form", request, grant)
    lines = attempt.form("change_lines", _page_forms(grant, None, request.POST)["change_lines"]())
    data = form_data(form)
    cost_lines = None
    if data["with_lines"]:
        if not lines.is_valid():
            raise ValidationError(_("Nothing was saved: correct the marked fields."))
        cost_lines = cost_lines_of(lines)
    services.change_ask(
        user=request.user,
        request=grant,
        amount=data["amount"],
        reason=data["reason"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        cost_lines=cost_lines,
    )
    return _("The change waits for the executive.")


@action("change_decide")
def _change_decide(request, grant, attempt):
    data = form_data(attempt.form("decision_form", ChangeDecisionForm(request.POST), marked=False))
    services.change_decide(
        user=request.user,
        request=grant,
        change=posted_id(request),
        approve=data["decision"] == "approve",
        note=data["note"],
    )
    return _("The change was approved.") if data["decision"] == "approve" else _("The change was rejected.")


@action("payment")
def _payment(request, grant, attempt):
    data = form_data(_bound(attempt, "payment_form", request, grant))
    services.payment_record(user=request.user, request=grant, **data)
    return _("The payment was recorded and posted to the group's ledger.")


def _reversal_question(request, grant, attempt):
    payment = grant.payments.filter(pk=posted_id(request)).first()
    if payment is None:
        raise ValidationError(services.ALREADY_GONE)
    attempt.row = payment.pk  # the errors are drawn in the payment's own row
    data = form_data(attempt.form("reversal_form", ReversalForm(request.POST), marked=False))
    return Confirm(
        _("Reverse the payment of %(amount)s baht of %(day)s (voucher %(voucher)s)?")
        % {
            "amount": thai.baht(payment.amount),
            "day": thai.date_short(payment.paid_on),
            "voucher": payment.voucher_number,
        },
        button=_("Yes: reverse the payment"),
        detail=_(
            "Reason: %(reason)s. The payment stays on record, no longer counts as paid, and a reversing line "
            "is written in the group's ledger; the correct payment can then be recorded."
        )
        % {"reason": data["reason"]},
    )


@action("payment_reverse", confirm=_reversal_question)
def _payment_reverse(request, grant, attempt):
    attempt.row = posted_id(request)
    data = form_data(attempt.form("reversal_form", ReversalForm(request.POST), marked=False))
    services.payment_reverse(
        user=request.user, request=grant, payment=posted_id(request), reason=data["reason"]
    )
    return _("The payment was reversed and a reversing line written in the group's ledger.")


@action("refund")
def _refund(request, grant, attempt):
    data = form_data(_bound(attempt, "refund_form", request, grant))
    services.refund_record(user=request.user, request=grant, **data)
    return _("The refund was recorded and posted to the group's ledger.")


@action("tag")
def _tag(request, grant, attempt):
    data = form_data(_bound(attempt, "tag_form", request, grant))
    tags = services.spending_tag(user=request.user, request=grant, entries=list(data["entries"]))
    return _("%(count)s expenses were tagged to this grant.") % {"count": len(tags)}


@action("untag")
def _untag(request, grant, attempt):
    services.spending_untag(user=request.user, request=grant, tag=posted_id(request))
    return _("The expense is no longer tagged to this grant.")


@action("report")
def _report(request, grant, attempt):
    data = form_data(_bound(attempt, "report_form", request, grant))
    services.report_record(
        user=request.user, request=grant, results=data["results"], reported_on=data["reported_on"]
    )
    return _("The report was recorded.")


@login_required
def document(request, pk, doc_pk):
    """An uploaded document, read through the storage API, for whoever may see the request."""
    grant = get_object_or_404(_requests(request.user), pk=pk)
    doc = get_object_or_404(grant.documents.all(), pk=doc_pk)
    content_type = mimetypes.guess_type(doc.file.name)[0] or "application/octet-stream"
    response = FileResponse(
        doc.file.open("rb"), as_attachment=False, filename=doc.name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
