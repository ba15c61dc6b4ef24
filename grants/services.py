"""Writes of the grants app: each asks the policy, checks its rule, writes all or nothing and says why
not in Thai.

Money rules: approval takes an amount from one budget line of the request's fiscal year, never beyond
what the line has left (the line's row is locked, so of two approvals racing for its last baht exactly one
wins); the approved cost lines add up to the approved amount, each changed or removed line with its reason;
a "materials only" line pays for materials only (no durable goods or other expenses); payments never pass the
approved amount and refunds never pass what is left; both are posted to the group's ledger in the same
transaction (groups.services.ledger_post), and nothing is written into a year the group's general meeting
closed. A payment recorded wrongly is reversed (a reversing line in the group's ledger, with the reason),
never deleted. Moves go through the shared engine (kit.workflow.transition) with the table of
grants/workflow.py.

Dates keep the order of the grant's steps, and none is in the future: a request is received by today; a
payment is made on or after the agreement (or the approval where no agreement was made); a reversal, a refund
and the group's report come on or after the payment; spending tagged to the grant is dated on or after its
first payment.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from grants.models import (
    Adjuster,
    ApprovedVersion,
    BudgetLine,
    ChangeRequest,
    ChangeStatus,
    CostAdjustment,
    CostKind,
    CostLine,
    Document,
    DocumentKind,
    GrantFile,
    GrantRequest,
    OfficeGrantSettings,
    Payment,
    PaymentReversal,
    Purpose,
    Refund,
    SpendingTag,
    Status,
    SupportKind,
)
from grants.selectors import (
    approved_lines,
    decided_lines,
    line_money,
    lines_total,
    materials_problems,
    paid_dates,
    report_due_on,
    request_money,
)
from grants.workflow import (
    AGREEMENT_REMOVE,
    APPROVE,
    CHANGE_DECIDE,
    CHANGE_REQUEST,
    DOCUMENTS,
    EDIT,
    FINAL_STATES,
    GRANT,
    PAYMENT,
    REFUND,
    REPORT,
    REVIEW,
    TAG,
)
from groups.services import ALREADY_GONE  # the same message as a group's rows (lazy: translated when shown)
from kit import thai
from kit.policy import can, ensure
from kit.workflow import transition
from registry.models import OfficeKind

REQUEST_FIELDS = (
    "title",
    "purposes",
    "support_kinds",
    "activities",
    "starts_on",
    "ends_on",
    "expected_results",
    "amount_requested",
    "received_on",
    "fiscal_year",
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "GRANTS_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def _today():
    return timezone.localdate()


def _audit(user, request, changes, action=None):
    from registry.models import AuditAction
    from registry.services.audit import audit

    audit(user=user, obj=request, action=action or AuditAction.UPDATE, changes=changes)


def _row(related, row):
    """A row of the request (`request.documents`, `request.spending`, ...) by instance or key; gone:
    a Thai message."""
    found = related.filter(pk=getattr(row, "pk", row)).first()
    if found is None:
        raise ValidationError(ALREADY_GONE)
    return found


def _locked(request) -> GrantRequest:
    locked = GrantRequest.objects.select_for_update().filter(pk=request.pk).first()
    if locked is None:
        raise ValidationError(_("This request no longer exists."))
    return locked


def _open(request, action: str):
    """The page action must be open at the request's state; else say at which states it is."""
    GRANT.require_open(
        request, action, _("This cannot be done while the request is “%(state)s” (only when: %(where)s).")
    )


def _acting(user, request, action: str) -> GrantRequest:
    """The request, locked, for a page action: the table says who may do it (the policy answers why not) and
    at which states it is open."""
    ensure(user, GRANT.act_for(action), request)
    request = _locked(request)
    _open(request, action)
    return request


def _check_dates(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("The project cannot end before it starts."))


def _received(received_on):
    if received_on is not None and received_on > _today():
        raise ValidationError(
            _("%(what)s cannot be in the future.") % {"what": _("The date the request was received")}
        )


def _amount(value, what) -> Decimal:
    """A positive amount of at most 999,999,999.99, in satang; typed text (Thai digits, commas,
    "บาท") is read."""
    try:  # thai.InputError is a ValueError: an unreadable text is the user's mistake, never a server error
        value = thai.parse_decimal(value) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("%(what)s is not an amount of money.") % {"what": what}) from None
    if not value.is_finite():
        raise ValidationError(_("%(what)s is not an amount of money.") % {"what": what})
    if value <= 0:
        raise ValidationError(_("%(what)s must be more than zero.") % {"what": what})
    if value > Decimal("999999999.99"):
        raise ValidationError(
            _("%(what)s is too large to be real (%(amount)s baht).")
            % {"what": what, "amount": thai.baht(value) if value < Decimal("1e20") else f"{value:E}"}
        )
    value = value.quantize(Decimal("0.01"))  # 0.004 baht is nothing: refused below, never saved as 0.00
    if value <= 0:
        raise ValidationError(_("%(what)s must be more than zero.") % {"what": what})
    return value


# --- the request --------------------------------------------------------------------------------------------


def _group_in_office_area(group, office) -> bool:
    if office.kind == OfficeKind.DISTRICT_CD:
        return group.district_id == office.district_id
    return office.sub_districts.filter(pk=group.sub_district_id).exists()


def _next_number(office, fiscal_year) -> str:
    """The office's next request number of the year: <office code>-<fiscal year>-<nnnn>
    (the office row is locked)."""
    from registry.models import Office

    Office.objects.select_for_update().filter(pk=office.pk).first()
    prefix = f"{office.code}-{fiscal_year}-"
    taken = GrantRequest.objects.filter(number__startswith=prefix).count()
    number = taken + 1
    while GrantRequest.objects.filter(number=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def request_create(*, user, group, office=None, **fields) -> GrantRequest:
    """A new request (draft), entered by the funding office's staff for a group of the office's area."""
    ensure(user, "grants.create")
    office = office if user.is_admin and office is not None else user.office
    if office is None:
        raise ValidationError(_("Choose the funding office."))
    from groups.models import Group

    if not Group.objects.for_user(user).filter(pk=group.pk).exists() or not _group_in_office_area(
        group, office
    ):
        raise ValidationError(
            _(
                "The group %(group)s is outside the area of %(office)s: a request is made to the "
                "office whose area the group is in."
            )
            % {"group": group, "office": office}
        )
    fields.setdefault("fiscal_year", thai.fiscal_year_now())
    request = GrantRequest(
        office=office,
        group=group,
        village_id=group.village_id,
        created_by=user,
        **{k: v for k, v in fields.items() if k in REQUEST_FIELDS},
    )
    request.set_areas()
    _check_dates(request.starts_on, request.ends_on)
    _received(request.received_on)
    request.number = _next_number(office, request.fiscal_year)
    request.report_due_on = report_due_on(request)
    _clean_request(request)
    request.save()
    from registry.models import AuditAction

    _audit(user, request, {}, AuditAction.CREATE)
    return request


def _clean_request(request):
    """The request's columns; its purposes and what is asked are lists of the known choices, empty while a
    draft (the draft's checklist names what is missing)."""
    for name, choices, message in (
        ("purposes", Purpose.values, _("Choose the purposes from the list.")),
        ("support_kinds", SupportKind.values, _("Choose what is asked from the list.")),
    ):
        value = getattr(request, name)
        if value is None:
            value = []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v in choices for v in value):
            raise ValidationError(message)
        setattr(request, name, list(dict.fromkeys(value)))
    request.full_clean(exclude=["purposes", "support_kinds"])


@transaction.atomic
def request_update(*, user, request, fields: dict) -> GrantRequest:
    request = _acting(user, request, EDIT)
    before = GrantRequest.objects.get(pk=request.pk)
    for name, value in fields.items():
        if name in REQUEST_FIELDS:
            setattr(request, name, value)
    _check_dates(request.starts_on, request.ends_on)
    _received(request.received_on)
    request.report_due_on = report_due_on(request)
    _clean_request(request)
    request.save()
    from registry.services.audit import model_changes

    _audit(user, request, model_changes(before, request, [f for f in REQUEST_FIELDS if f in fields]))
    return request


@transaction.atomic
def cost_lines_replace(*, user, request, lines: list[dict]) -> list[CostLine]:
    """The request's cost lines, all at once (a refused line keeps the old ones)."""
    request = _acting(user, request, EDIT)
    rows = []
    for number, line in enumerate(lines, start=1):
        row = CostLine(
            request=request,
            item=(line.get("item") or "").strip(),
            unit=(line.get("unit") or "").strip(),
            kind=line.get("kind") or CostKind.MATERIAL,
            quantity=_amount(line.get("quantity"), _("The quantity of line %(n)s") % {"n": number}),
            unit_price=_amount(line.get("unit_price"), _("The unit price of line %(n)s") % {"n": number}),
        )
        try:
            row.full_clean(exclude=["request"])
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(n)s: %(errors)s") % {"n": number, "errors": " ".join(exc.messages)}
            ) from None
        rows.append(row)
    request.cost_lines.all().delete()
    CostLine.objects.bulk_create(rows)
    _audit(
        user,
        request,
        {"cost_lines": ["", f"{len(rows)} / {thai.baht(sum((r.amount for r in rows), Decimal(0)))}"]},
    )
    return rows


def _sniff(upload) -> str | None:
    """The file's real type from its first bytes (never trust the name or the browser's type)."""
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def check_upload(upload) -> str:
    """The file's real type ("pdf", "png", "jpg", "webp"), or a ValidationError saying why it is refused."""
    if upload is None:
        raise ValidationError(_("Choose a file."))
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_upload_bytes() // (1024 * 1024)}
        )
    kind = _sniff(upload) if upload.size else None
    if kind is None:
        raise ValidationError(_("Only PDF files and images (JPEG, PNG, WebP) may be attached."))
    return kind


@transaction.atomic
def document_add(*, user, request, kind: str, upload) -> Document:
    ensure(user, GRANT.act_for(DOCUMENTS), request)
    request = _locked(request)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Choose the kind of document."))
    if not (kind == DocumentKind.REPORT and GRANT.is_open(request, REPORT)):  # the report: while it is open
        _open(request, DOCUMENTS)
    real_type = check_upload(upload)
    name = (getattr(upload, "name", "") or "file")[-200:]
    document = Document(request=request, kind=kind, name=name, size=upload.size, uploaded_by=user)
    # Stored under the type its bytes show, never the typed name's: "%PDF-…" named x.html is kept as .pdf.
    document.file.save(f"file.{real_type}", upload, save=False)
    document.save()
    _audit(user, request, {"documents": ["", f"{document.get_kind_display()}: {name}"]})
    return document


@transaction.atomic
def document_remove(*, user, request, document) -> None:
    request = _acting(user, request, DOCUMENTS)
    document = _row(request.documents, document)
    if document.kind == DocumentKind.SIGNED_AGREEMENT and not GRANT.is_open(request, AGREEMENT_REMOVE):
        raise ValidationError(_("The signed agreement stays in the file once money is paid."))
    name = document.name
    document.file.delete(save=False)
    document.delete()
    _audit(user, request, {"documents": [f"{document.get_kind_display()}: {name}", ""]})


def move(*, user, request, to: str, reason: str = "") -> GrantRequest:
    """Any move of the table (submit, screen, send back, withdraw, terminate, ...),
    through the shared engine."""
    return transition(GRANT, request, to, user=user, reason=reason)


def _adjust_lines(*, user, request, by: str, lines: list[dict]) -> None:
    """The committee's (`by` = Adjuster.COMMITTEE) or the executive's cost lines: each posted line
    ({"line", "quantity", "unit_price", "removed", "reason"}) that is not as the step before left it (as
    asked, or as recommended) is recorded with its reason; one that is drops this step's earlier decision."""
    before = {
        d.line.pk: d for d in decided_lines(request, Adjuster.COMMITTEE if by == Adjuster.EXECUTIVE else None)
    }
    for posted in lines:
        key = getattr(posted.get("line"), "pk", posted.get("line"))
        earlier = before.get(key) if isinstance(key, int) else None
        if earlier is None:
            raise ValidationError(ALREADY_GONE)
        item = earlier.line.item
        removed = bool(posted.get("removed"))
        quantity = unit_price = None
        if not removed:
            quantity = _amount(posted.get("quantity"), _("The quantity of “%(item)s”") % {"item": item})
            unit_price = _amount(posted.get("unit_price"), _("The unit price of “%(item)s”") % {"item": item})
        if (quantity, unit_price) == (earlier.quantity, earlier.unit_price):
            CostAdjustment.objects.filter(cost_line_id=key, by=by).delete()
            continue
        reason = (posted.get("reason") or "").strip()
        if not reason:
            raise ValidationError(
                _("Write why “%(item)s” is removed.") % {"item": item}
                if removed
                else _("Write why “%(item)s” is changed.") % {"item": item}
            )
        adjustment = CostAdjustment.objects.filter(cost_line_id=key, by=by).first() or CostAdjustment(
            request=request, cost_line_id=key, by=by
        )
        adjustment.removed, adjustment.quantity, adjustment.unit_price = removed, quantity, unit_price
        adjustment.reason, adjustment.made_by = reason[:500], user
        try:
            adjustment.full_clean(exclude=["request", "cost_line"], validate_unique=False)
        except ValidationError as exc:
            raise ValidationError(
                _("Line “%(item)s”: %(errors)s") % {"item": item, "errors": " ".join(exc.messages)}
            ) from None
        adjustment.save()


def _lines_add_up(lines, amount, message):
    """Refuse lines that do not add up to `amount` (a version whose list and total differ is never made)."""
    total = lines_total(line for line in lines if not getattr(line, "removed", False))
    if total != amount:
        raise ValidationError(message % {"total": thai.baht(total), "amount": thai.baht(amount)})


@transaction.atomic
def review_record(
    *,
    user,
    request,
    recommended_amount,
    committee_notes: str = "",
    score=None,
    meeting_on=None,
    lines: list[dict] | None = None,
) -> GrantRequest:
    """The committee's recommendation: the amount, and the cost lines it changes or removes (each with its
    reason; `lines` as grants.forms.line_decisions_of gives them, None keeps the committee's earlier ones).
    The recommended lines add up to the recommended amount. `meeting_on`, the day the committee met, is
    neither in the future nor before the request was received."""
    request = _acting(user, request, REVIEW)
    amount = _amount(recommended_amount, _("The recommended amount"))
    if meeting_on is not None:
        _not_future(meeting_on, _("The committee's meeting date"))
        received = request.received_on or timezone.localtime(request.created_at).date()
        if meeting_on < received:
            raise ValidationError(
                _("The committee cannot have met before the request was received (%(day)s).")
                % {"day": thai.date_short(received)}
            )
        request.review_meeting_on = meeting_on
    if request.amount_requested and amount > request.amount_requested:
        raise ValidationError(
            _("The committee cannot recommend more than the group asked (%(asked)s baht).")
            % {"asked": thai.baht(request.amount_requested)}
        )
    if lines is not None:
        _adjust_lines(user=user, request=request, by=Adjuster.COMMITTEE, lines=lines)
    _lines_add_up(
        decided_lines(request, Adjuster.COMMITTEE),
        amount,
        _(
            "The recommended cost lines add up to %(total)s baht, not the recommended %(amount)s baht: "
            "change or remove lines, each with its reason, so that they add up to the recommended amount."
        ),
    )
    request.recommended_amount, request.committee_notes, request.score = (
        amount,
        committee_notes.strip(),
        score,
    )
    request.full_clean()
    request.save()
    _audit(user, request, {"recommended_amount": ["", thai.baht(amount)]})
    return request


def _line_for(request, line) -> BudgetLine:
    """The budget line, locked: the office's own, of the request's fiscal year."""
    line = BudgetLine.objects.select_for_update().filter(pk=getattr(line, "pk", line)).first()
    if line is None or line.office_id != request.office_id:
        raise ValidationError(_("Choose a budget line of the funding office."))
    if line.fiscal_year != request.fiscal_year:
        raise ValidationError(
            _("The budget line is of fiscal year %(line)s; the request is of %(request)s.")
            % {"line": line.fiscal_year, "request": request.fiscal_year}
        )
    return line


def _within_line(line, amount, *, holding=Decimal(0)):
    """Refuse `amount` beyond what the (locked) line has left;
    `holding` is what the request already holds on it."""
    available = line_money(line).money_available + holding
    if amount > available:
        raise ValidationError(
            _(
                "The budget line “%(line)s” has %(available)s baht left; %(amount)s baht cannot be "
                "approved from it."
            )
            % {"line": line.project, "available": thai.baht(available), "amount": thai.baht(amount)}
        )


APPROVED_LINES_DIFFER = _lazy(
    "The approved cost lines add up to %(total)s baht, not the approved %(amount)s baht: change or remove "
    "lines, each with its reason, so that they add up to the approved amount."
)


@transaction.atomic
def approve(*, user, request, line, amount, lines: list[dict] | None = None) -> GrantRequest:
    """The executive approves an amount from one budget line, and which cost lines: as the committee
    recommended them, or changed or removed, each with its reason (`lines`, as for review_record). The
    approved lines add up to the approved amount and suit the line (a "materials only" line pays materials
    only); they are frozen in version 1 (the move's effect)."""
    ensure(user, GRANT.act_for(APPROVE), request)
    request = _locked(request)
    GRANT.require_open(
        request,
        APPROVE,
        _("Only a request waiting for the executive can be approved (this one is “%(state)s”)."),
    )
    amount = _amount(amount, _("The approved amount"))
    if request.amount_requested and amount > request.amount_requested:
        raise ValidationError(
            _("The approved amount cannot be more than the group asked (%(asked)s baht).")
            % {"asked": thai.baht(request.amount_requested)}
        )
    line = _line_for(request, line)
    if lines is not None:
        _adjust_lines(user=user, request=request, by=Adjuster.EXECUTIVE, lines=lines)
    approved = [d for d in decided_lines(request, Adjuster.EXECUTIVE) if not d.removed]
    _lines_add_up(approved, amount, APPROVED_LINES_DIFFER)
    problems = materials_problems(approved, line)
    if problems:
        raise ValidationError(problems)
    _within_line(line, amount)
    request.budget_line, request.approved_amount, request.decided_on = line, amount, _today()
    request.save(update_fields=["budget_line", "approved_amount", "decided_on", "updated_at"])
    return transition(GRANT, request, Status.APPROVED, user=user)


def freeze_version(request, *, user, reason: str = "") -> ApprovedVersion:
    """Version 1 at approval (the move's effect), and one more for each approved change: the approved lines
    (grants.selectors.decided_lines: the executive's, else the committee's, else as asked) and the lines
    approved other than asked, with why. Its lines add up to the approved amount, or no version is made."""
    decided = decided_lines(request, Adjuster.EXECUTIVE)
    approved = [d for d in decided if not d.removed]
    _lines_add_up(approved, request.approved_amount, APPROVED_LINES_DIFFER)
    number = request.versions.count() + 1
    return ApprovedVersion.objects.create(
        request=request,
        number=number,
        amount=request.approved_amount,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        cost_lines=[d.snapshot() for d in approved],
        adjustments=[d.adjustment() for d in decided if d.changed],
        approved_by=user,
        reason=reason[:500],
    )


def number_agreement(request):
    """The agreement's number and date (the move to "agreement");
    its PDF is made from the request on demand."""
    request.agreement_number = request.agreement_number or f"{request.number}/ข"
    request.agreement_on = request.agreement_on or _today()
    request.save(update_fields=["agreement_number", "agreement_on", "updated_at"])


def _clean_cost_lines(lines: list[dict]) -> list[dict]:
    cleaned = []
    for number, line in enumerate(lines, start=1):
        item, unit = (line.get("item") or "").strip(), (line.get("unit") or "").strip()
        kind = line.get("kind") or CostKind.MATERIAL
        if not item or not unit or kind not in CostKind.values:
            raise ValidationError(_("Line %(n)s needs an item, a unit and a kind.") % {"n": number})
        cleaned.append(
            {
                "item": item[:200],
                "unit": unit[:40],
                "kind": kind,
                "quantity": str(
                    _amount(line.get("quantity"), _("The quantity of line %(n)s") % {"n": number})
                ),
                "unit_price": str(
                    _amount(line.get("unit_price"), _("The unit price of line %(n)s") % {"n": number})
                ),
            }
        )
    return cleaned


@transaction.atomic
def change_ask(
    *, user, request, amount, reason: str, starts_on=None, ends_on=None, cost_lines=None
) -> ChangeRequest:
    """A change to the approved version, asked by the staff, waiting for the executive. Its cost lines (the
    approved version's when none are given) add up to the new amount."""
    request = _acting(user, request, CHANGE_REQUEST)
    if not (reason or "").strip():
        raise ValidationError(_("Write why the approved request must change."))
    amount = _amount(amount, _("The new amount"))
    starts_on, ends_on = starts_on or request.starts_on, ends_on or request.ends_on
    _check_dates(starts_on, ends_on)
    if request.changes.filter(status=ChangeStatus.PENDING).exists():
        raise ValidationError(_("A change is already waiting for the executive."))
    lines = _clean_cost_lines(cost_lines) if cost_lines is not None else approved_lines(request)
    _lines_add_up(
        lines,
        amount,
        _(
            "The cost lines add up to %(total)s baht, not the new %(amount)s baht: give the changed cost "
            "lines with the new amount."
        ),
    )
    change = ChangeRequest.objects.create(
        request=request,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        cost_lines=lines,
        reason=reason.strip()[:500],
        asked_by=user,
    )
    _audit(user, request, {"change": ["", f"{thai.baht(request.approved_amount)} → {thai.baht(amount)}"]})
    return change


@transaction.atomic
def change_decide(*, user, request, change, approve: bool, note: str = "") -> ChangeRequest:
    ensure(user, GRANT.act_for(CHANGE_DECIDE), request)
    request = _locked(request)
    change = request.changes.select_for_update().filter(pk=getattr(change, "pk", change)).first()
    if change is None or change.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change has already been decided."))
    if approve:
        _open(request, CHANGE_REQUEST)
        line = _line_for(request, request.budget_line_id)
        _lines_add_up(change.cost_lines, change.amount, APPROVED_LINES_DIFFER)
        problems = materials_problems(change.cost_lines, line)
        if problems:
            raise ValidationError(problems)
        paid = request_money(request).paid
        if change.amount < paid:
            raise ValidationError(
                _("%(paid)s baht is already paid: the approved amount cannot be less.")
                % {"paid": thai.baht(paid)}
            )
        holding = request.approved_amount - paid  # what this request holds on the line now
        _within_line(line, change.amount - paid, holding=holding)
        request.approved_amount, request.starts_on, request.ends_on = (
            change.amount,
            change.starts_on,
            change.ends_on,
        )
        request.report_due_on = report_due_on(request)
        request.save(update_fields=["approved_amount", "starts_on", "ends_on", "report_due_on", "updated_at"])
        request.cost_lines.all().delete()
        CostLine.objects.bulk_create(
            [
                CostLine(
                    request=request,
                    item=c["item"],
                    quantity=Decimal(c["quantity"]),
                    unit=c["unit"],
                    unit_price=Decimal(c["unit_price"]),
                    kind=c["kind"],
                )
                for c in change.cost_lines
            ]
        )
        freeze_version(request, user=user, reason=change.reason)
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by, change.decided_at, change.decision_note = (
        user,
        timezone.now(),
        (note or "").strip()[:500],
    )
    change.save()
    _audit(user, request, {"change": ["", change.get_status_display()]})
    return change


# --- money --------------------------------------------------------------------------------------------------


def _not_future(day, what):
    if day is None:
        raise ValidationError(_("Give the date."))
    if day > _today():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what})


def _not_before(day, earliest, what, step):
    """`day` is on or after `earliest`, the day of the grant's earlier `step` (no earlier step: no limit)."""
    if earliest is not None and day < earliest:
        raise ValidationError(
            _("%(what)s cannot be before %(step)s (%(day)s).")
            % {"what": what, "step": step, "day": thai.date_short(earliest)}
        )


def _payable_from(request):
    """A payment's earliest day: the agreement's, or the approval's where no agreement was made."""
    if request.agreement_on:
        return request.agreement_on, _("the day the agreement was made")
    return request.decided_on, _("the day of the approval")


@transaction.atomic
def payment_record(
    *, user, request, amount, paid_on: datetime.date, voucher_number: str, transfer_reference: str = ""
) -> Payment:
    """A payment to the group; never past the approved amount;
    posted to the group's ledger as grant income."""
    from groups import services as books
    from groups.models import EntryKind, LedgerCategory

    request = _acting(user, request, PAYMENT)
    amount = _amount(amount, _("The amount paid"))
    _not_future(paid_on, _("The payment date"))
    earliest, step = _payable_from(request)
    _not_before(paid_on, earliest, _("The payment date"), step)
    if not (voucher_number or "").strip():
        raise ValidationError(_("Give the payment voucher number (เลขที่ฎีกา)."))
    to_pay = request_money(request).to_pay
    if amount > to_pay:
        raise ValidationError(
            _("Only %(left)s baht of the approved %(approved)s baht is still to pay.")
            % {"left": thai.baht(to_pay), "approved": thai.baht(request.approved_amount)}
        )
    entry = books.ledger_post(
        user=user,
        group=request.group,
        kind=EntryKind.INCOME,
        category=LedgerCategory.GRANT,
        amount=amount,
        date=paid_on,
        document_number=voucher_number.strip(),
        description=f"เงินอุดหนุน {request.office.name} ({request.number})",
    )
    payment = Payment(
        request=request,
        amount=amount,
        paid_on=paid_on,
        voucher_number=voucher_number.strip(),
        transfer_reference=(transfer_reference or "").strip(),
        ledger_entry=entry,
        recorded_by=user,
    )
    payment.full_clean()
    payment.save()
    _audit(user, request, {"payments": ["", f"{thai.baht(amount)} ({thai.date_short(paid_on)})"]})
    return payment


@transaction.atomic
def payment_reverse(
    *, user, request, payment, reason: str, reversed_on: datetime.date | None = None
) -> PaymentReversal:
    """Reverse a payment recorded wrongly, as accounts are corrected: never deleted, the payment stays on
    record and no longer counts as paid; a reversing line (the support going back out) is posted to the
    group's ledger with the reason. The correct payment is then recorded as a new one. Finance, wherever it
    may pay; dated today unless `reversed_on` says otherwise (on or after the payment)."""
    from groups import services as books
    from groups.models import EntryKind, LedgerCategory

    request = _acting(user, request, PAYMENT)
    payment = _row(request.payments.select_for_update(), payment)
    if PaymentReversal.objects.filter(payment=payment).exists():
        raise ValidationError(_("This payment is already reversed."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Write why the payment is reversed."))
    reversed_on = reversed_on or _today()
    _not_future(reversed_on, _("The date of the reversal"))
    _not_before(reversed_on, payment.paid_on, _("The date of the reversal"), _("the day of the payment"))
    money = request_money(request)
    stays_paid = money.paid - payment.amount
    if money.spent + money.refunded > stays_paid:
        raise ValidationError(
            _(
                "%(used)s baht of this grant is tagged as spent or returned, more than the %(left)s baht "
                "that would stay paid: untag the spending first."
            )
            % {"used": thai.baht(money.spent + money.refunded), "left": thai.baht(stays_paid)}
        )
    staying = request.payments.not_reversed().exclude(pk=payment.pk)
    paid_from = staying.order_by("paid_on").values_list("paid_on", flat=True).first()
    if paid_from is not None and request.spending.filter(ledger_entry__date__lt=paid_from).exists():
        raise ValidationError(
            _(
                "Spending tagged to this grant is older than the payments that would stay (from %(day)s): "
                "untag it first."
            )
            % {"day": thai.date_short(paid_from)}
        )
    entry = books.ledger_post(
        user=user,
        group=request.group,
        kind=EntryKind.EXPENSE,
        category=LedgerCategory.RETURNED,
        amount=payment.amount,
        date=reversed_on,
        document_number=payment.voucher_number,
        description=f"กลับรายการเงินอุดหนุน ({request.number}) ฎีกา {payment.voucher_number}: {reason}",
    )
    reversal = PaymentReversal(
        request=request,
        payment=payment,
        reversed_on=reversed_on,
        reason=reason[:500],
        ledger_entry=entry,
        recorded_by=user,
    )
    reversal.full_clean()
    reversal.save()
    _audit(
        user,
        request,
        {
            "payments": [
                f"{thai.baht(payment.amount)} ({thai.date_short(payment.paid_on)}) {payment.voucher_number}",
                _("reversed on %(day)s: %(reason)s")
                % {"day": thai.date_short(reversed_on), "reason": reversal.reason},
            ]
        },
    )
    return reversal


@transaction.atomic
def refund_record(*, user, request, amount, refunded_on: datetime.date, receipt_number: str) -> Refund:
    """Money the group returned; never more than is left; posted to the group's ledger as an expense."""
    from groups import services as books
    from groups.models import EntryKind, LedgerCategory

    request = _acting(user, request, REFUND)
    amount = _amount(amount, _("The amount returned"))
    _not_future(refunded_on, _("The date returned"))
    _not_before(refunded_on, paid_dates(request).last, _("The date returned"), _("the day of the payment"))
    if not (receipt_number or "").strip():
        raise ValidationError(_("Give the receipt number."))
    left = request_money(request).left
    if amount > left:
        raise ValidationError(_("Only %(left)s baht is left to return.") % {"left": thai.baht(left)})
    entry = books.ledger_post(
        user=user,
        group=request.group,
        kind=EntryKind.EXPENSE,
        category=LedgerCategory.RETURNED,
        amount=amount,
        date=refunded_on,
        document_number=receipt_number.strip(),
        description=f"คืนเงินเหลือจ่าย {request.office.name} ({request.number})",
    )
    refund = Refund(
        request=request,
        amount=amount,
        refunded_on=refunded_on,
        receipt_number=receipt_number.strip(),
        ledger_entry=entry,
        recorded_by=user,
    )
    refund.full_clean()
    refund.save()
    _audit(user, request, {"refunds": ["", f"{thai.baht(amount)} ({thai.date_short(refunded_on)})"]})
    return refund


def taggable_entries(request, paid_from=None):
    """The group's expenses that may be tagged to this grant: dated on or after its first payment (an older
    one cannot be spent from it; nothing paid, nothing taggable), not returned money, not tagged to any grant.
    `paid_from`: that first payment's day, when the caller has it."""
    from groups.models import EntryKind, LedgerCategory, LedgerEntry

    paid_from = paid_from or paid_dates(request).first
    if paid_from is None:
        return LedgerEntry.objects.none()
    return (
        LedgerEntry.objects.filter(group_id=request.group_id, kind=EntryKind.EXPENSE, date__gte=paid_from)
        .exclude(category=LedgerCategory.RETURNED)
        .exclude(pk__in=SpendingTag.objects.values("ledger_entry_id"))
    )


def _before_payment(request, ids):
    """Why chosen entries dated before the grant's first payment cannot be its spending (None: none is)."""
    paid_from = paid_dates(request).first
    if paid_from is None:
        return _("Nothing is paid on this grant yet: no spending can be tagged to it.")
    early = request.group.ledger.filter(pk__in=ids, date__lt=paid_from).order_by("date", "pk").first()
    if early is None:
        return None
    return _(
        "“%(entry)s” of %(day)s is older than the grant's payment (%(paid)s): it cannot be spending "
        "from this grant."
    ) % {"entry": early.description, "day": thai.date_short(early.date), "paid": thai.date_short(paid_from)}


@transaction.atomic
def spending_tag(*, user, request, entries) -> list[SpendingTag]:
    """Tag the group's ledger expenses as spent from this grant (the report's spending)."""
    request = _acting(user, request, TAG)
    ids = {getattr(e, "pk", e) for e in entries}
    found = list(taggable_entries(request).filter(pk__in=ids))
    if len(found) != len(ids) or not ids:
        why = _before_payment(request, ids) if ids else None
        raise ValidationError(
            why or _("Choose expenses of this group's books that are not tagged to a grant yet.")
        )
    money = request_money(request)
    added = sum((e.amount for e in found), Decimal(0))
    if money.spent + added > money.paid:
        raise ValidationError(
            _("The tagged spending (%(total)s baht) would be more than was paid (%(paid)s baht).")
            % {"total": thai.baht(money.spent + added), "paid": thai.baht(money.paid)}
        )
    tags = SpendingTag.objects.bulk_create(
        [SpendingTag(request=request, ledger_entry=e, tagged_by=user) for e in found]
    )
    _audit(user, request, {"spending": ["", f"+{thai.baht(added)}"]})
    return tags


@transaction.atomic
def spending_untag(*, user, request, tag) -> None:
    request = _acting(user, request, TAG)
    tag = _row(request.spending.select_related("ledger_entry"), tag)
    tag.delete()
    _audit(user, request, {"spending": [f"{thai.baht(tag.ledger_entry.amount)}", ""]})


@transaction.atomic
def report_record(*, user, request, results: str, reported_on: datetime.date | None = None) -> GrantRequest:
    """The group's results against the plan (recorded within 7 days of the project's end)."""
    request = _acting(user, request, REPORT)
    if not (results or "").strip():
        raise ValidationError(_("Write the results against the plan."))
    if reported_on is not None:
        _not_future(reported_on, _("The date the report was received"))
        _not_before(
            reported_on,
            paid_dates(request).last,
            _("The date the report was received"),
            _("the day of the payment"),
        )
    request.report_results = results.strip()
    request.reported_on = reported_on or request.reported_on
    request.results_recorded_on = request.results_recorded_on or _today()
    request.save(update_fields=["report_results", "reported_on", "results_recorded_on", "updated_at"])
    _audit(user, request, {"report_results": ["", request.report_results[:100]]})
    return request


# --- budget lines and settings ------------------------------------------------------------------------------


@transaction.atomic
def budget_line_save(*, user, line: BudgetLine) -> BudgetLine:
    """Add or change a budget line; its amount cannot fall below what is already approved or paid from it."""
    ensure(user, "grants.budget", line if line.pk else None)
    if not can(user, "grants.budget_office"):
        line.office = user.office
    if line.pk:
        locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
        money = line_money(locked)
        used = money.appropriated - money.money_available
        if line.appropriated is not None and line.appropriated < used:
            raise ValidationError(
                _(
                    "%(used)s baht of this line is already approved or paid: the appropriated amount "
                    "cannot be less."
                )
                % {"used": thai.baht(used)}
            )
        if line.fiscal_year != locked.fiscal_year and locked.requests.exists():
            raise ValidationError(_("Requests are approved from this line: its fiscal year cannot change."))
        if line.materials_only and not locked.materials_only:
            for request in locked.requests.all():
                if materials_problems(approved_lines(request), line):
                    raise ValidationError(
                        _(
                            "The request %(n)s approved from this line pays for more than materials (durable "
                            "goods or other expenses): the line cannot become materials only."
                        )
                        % {"n": request.number}
                    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def settings_save(*, user, office, report_due_days: int) -> OfficeGrantSettings:
    """The office's days for a report, and every open request's due date with them."""
    ensure(user, "grants.budget")
    if not user.is_admin and office.pk != user.office_id:
        raise ValidationError(_("You may change only your own office's settings."))
    row, _created = OfficeGrantSettings.objects.get_or_create(office=office)
    row.report_due_days = report_due_days
    row.full_clean()
    row.save()
    open_requests = list(
        GrantRequest.objects.filter(office=office, ends_on__isnull=False)
        .exclude(status__in=FINAL_STATES)
        .only("pk", "ends_on")
    )
    for request in open_requests:
        request.report_due_on = report_due_on(request, days=report_due_days)
    GrantRequest.objects.bulk_update(open_requests, ["report_due_on"], batch_size=500)
    return row


# --- the grant file for auditors ----------------------------------------------------------------------------


@transaction.atomic
def grant_file_request(*, user, request) -> GrantFile:
    """Queue the whole grant file (one PDF) for the background worker."""
    from grants.tasks import render_grant_file

    running = request.files.filter(state__in=(GrantFile.State.QUEUED, GrantFile.State.RUNNING)).first()
    if running is not None:
        return running
    grant_file = GrantFile.objects.create(request=request, requested_by=user)

    def enqueue():
        result = render_grant_file.enqueue(str(grant_file.pk))
        GrantFile.objects.filter(pk=grant_file.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return grant_file
