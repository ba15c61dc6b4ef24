"""Writes of the groups app: each checks its rule, saves all or nothing,
and logs the change against the group.

Rules: one president at a time; a member joins once at a time; a meeting in the future
cannot be marked held; the profit allocation adds up to 100 %; nothing is written into a year the general
meeting approved (corrections are dated in the next year); work is logged only for members on that day;
amounts are positive.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups import dividends
from groups.models import (
    MIN_MEMBERS_TO_REGISTER,
    Activity,
    ApplicationStatus,
    CommitteeRole,
    CommitteeSeat,
    DividendLine,
    EntryKind,
    Group,
    GroupStatus,
    GroupYear,
    LedgerEntry,
    Meeting,
    MeetingKind,
    Membership,
    MembershipApplication,
    RuleVersion,
    Visit,
    WorkEntry,
)
from groups.policies import page_act
from groups.selectors import active_q, locked_until, rules_in_force, savings_balance, year_statement
from kit import thai
from kit.policy import ensure
from kit.validators import check_fields
from registry.scoping import Action

# --- helpers ------------------------------------------------------------------------------------------------


def _linked_elsewhere(entry):
    """The relations from other apps that keep a ledger line (PROTECT): it is not removed while one points at
    it. Hidden ones too (related_name="+", as grants' payments, refunds and tags are):
    `related_objects` leaves them out."""
    return [
        rel
        for rel in entry._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and getattr(rel, "on_delete", None) is models.PROTECT
        and rel.related_model._meta.app_label != "groups"
    ]


ALREADY_GONE = gettext_lazy(
    "This line is no longer there (removed in another tab, or a second click); nothing was changed."
)


def _changeable(user, group) -> Group:
    """The group, locked for this transaction, if the user's office may change it."""
    locked = Group.objects.for_user(user, Action.CHANGE).select_for_update().filter(pk=group.pk).first()
    if locked is None:
        raise ValidationError(_("You may not change this group."))
    ensure(user, "groups.change", locked)
    return locked


def _audit(user, group, changes: dict, action=None):
    from registry.models import AuditAction
    from registry.services.audit import audit

    audit(user=user, obj=group, action=action or AuditAction.UPDATE, changes=changes)


def _today():
    return timezone.localdate()


def _not_future(day, what):
    if day > _today():
        raise ValidationError(_("%(what)s cannot be in the future.") % {"what": what})


def _not_locked(group, day):
    """Entries dated in a year the general meeting approved are locked."""
    until = locked_until(group)
    if until is not None and day <= until:
        raise ValidationError(
            _(
                "The year up to %(date)s is closed and approved: it can no longer change. Record a "
                "correction dated in the next year."
            )
            % {"date": thai.date_short(until)}
        )


def _member_on(group, membership, day) -> Membership:
    membership = (
        group.memberships.select_related("person").filter(pk=getattr(membership, "pk", membership)).first()
    )
    if membership is None or not membership.active_on(day):
        name = membership.person if membership else _("This person")
        raise ValidationError(
            _("%(person)s is not a member of the group on %(date)s.")
            % {"person": name, "date": thai.date_short(day)}
        )
    return membership


def _meeting_of(group, meeting, *, held=True) -> Meeting:
    meeting = group.meetings.filter(pk=getattr(meeting, "pk", meeting)).first()
    if meeting is None:
        raise ValidationError(_("Choose a meeting of this group."))
    if held and not meeting.held:
        raise ValidationError(_("The meeting %(meeting)s has not been held yet.") % {"meeting": meeting})
    return meeting


def _person_in_scope(user, person):
    from registry.models import Person

    # The keeper's area: a TAO's own register, a district office's district (the groups it forms); the group's
    # policy was asked first.
    if not Person.objects.for_user(user).filter(pk=person.pk).exists():
        raise ValidationError(_("%(person)s is not in your office's register.") % {"person": person})


# --- the group ----------------------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, user, office, founders=(), **fields) -> Group:
    """A new group with its founding members (people of the office's register),
    who join on the founding day."""
    ensure(user, "groups.create")
    return _group_new(user=user, office=office, founders=founders, **fields)


def _group_new(*, user, office, founders=(), **fields) -> Group:
    from registry.models import AuditAction
    from registry.services.records import in_change_scope

    villages = fields.pop("villages", None)
    group = Group(office=office, **fields)
    group.set_areas()
    if not in_change_scope(user, group):
        raise ValidationError(_("This village is not in your office's area."))
    _not_future(group.founded_on, _("The founding date"))
    group.full_clean()
    group.save()
    founders = list(founders)
    for person in founders:
        _person_in_scope(user, person)
    Membership.objects.bulk_create(
        [Membership(group=group, person=p, joined_on=group.founded_on, founder=True) for p in founders]
    )
    group.villages.set(
        villages if villages is not None else {group.village_id, *(p.village_id for p in founders)}
    )
    _audit(
        user,
        group,
        {"memberships": ["", ", ".join(map(str, founders))]} if founders else {},
        action=AuditAction.CREATE,
    )
    return group


@transaction.atomic
def group_from_training(*, user, training, people, **fields) -> Group:
    """ "Form a group from this training" (the village programme's group-formation day): trainees of a
    finished training become the founding members; the office that ran the training (a district office,
    for the village programme) keeps it."""
    from training.workflow import require_open

    ensure(user, "groups.form_from_training", training)
    require_open(training, "form_group", _("Only a finished training (step %(steps)s) can found a group."))
    trainees = set(training.enrollments.values_list("person_id", flat=True))
    if any(p.pk not in trainees for p in people):
        raise ValidationError(_("Founding members must be trainees of the training."))
    if not people:
        raise ValidationError(_("Choose the trainees who found the group."))
    fields.setdefault("village", training.village)
    fields.setdefault("occupation", training.occupation)
    return _group_new(user=user, office=training.office, founders=people, formed_from=training, **fields)


@transaction.atomic
def group_update(*, user, group, fields: dict) -> Group:
    """Change the group's own facts (kept inside the office's area, every change logged)."""
    from registry.services.records import record_save

    group = _changeable(user, group)
    villages = fields.pop("villages", None)
    for name, value in fields.items():
        setattr(group, name, value)
    record_save(user=user, obj=group, permission="groups.change")
    if villages is not None:
        group.villages.set(villages)
    return group


@transaction.atomic
def group_register(*, user, group, number: str, registered_on: datetime.date) -> Group:
    """Registration with the district office: only with at least 5 active members on that day."""
    group = _changeable(user, group)
    _not_future(registered_on, _("The registration date"))
    active = group.memberships.filter(active_q(registered_on)).count()
    if active < MIN_MEMBERS_TO_REGISTER:
        raise ValidationError(
            _("A group registers with at least %(min)s active members; it had %(count)s on %(date)s.")
            % {"min": MIN_MEMBERS_TO_REGISTER, "count": active, "date": thai.date_short(registered_on)}
        )
    if not (number or "").strip():
        raise ValidationError(_("Give the district registration number."))
    return group_update(
        user=user,
        group=group,
        fields={
            "registration_number": number.strip(),
            "registered_on": registered_on,
            "status": GroupStatus.ACTIVE,
        },
    )


# --- กลุ่ม: members -------------------------------------------------------------------------------------------


@transaction.atomic
def member_add(*, user, group, person, joined_on: datetime.date, founder: bool = False) -> Membership:
    group = _changeable(user, group)
    _person_in_scope(user, person)
    _not_future(joined_on, _("The joining date"))
    if joined_on < group.founded_on:
        raise ValidationError(_("Members join on or after the day the group was founded."))
    # Rejoining is fine after leaving; any membership still open on (or after) the joining day overlaps.
    overlapping = group.memberships.filter(person=person).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=joined_on)
    )
    if overlapping.exists():
        raise ValidationError(_("%(person)s is already a member of the group.") % {"person": person})
    membership = Membership(group=group, person=person, joined_on=joined_on, founder=founder)
    membership.full_clean()
    membership.save()
    if person.village_id:
        group.villages.add(person.village_id)
    _audit(user, group, {"memberships": ["", f"{person} ({thai.date_short(joined_on)})"]})
    return membership


@transaction.atomic
def member_leave(*, user, group, membership, left_on: datetime.date) -> Membership:
    """A member leaves; their committee seats end the same day."""
    group = _changeable(user, group)
    membership = _member_on(group, membership, left_on)
    _not_future(left_on, _("The leaving date"))
    membership.left_on = left_on
    membership.full_clean()
    membership.save(update_fields=["left_on"])
    membership.seats.filter(ends_on__isnull=True).update(ends_on=left_on)
    _audit(
        user,
        group,
        {"memberships": [str(membership.person), _("left on %(date)s") % {"date": thai.date_short(left_on)}]},
    )
    return membership


@transaction.atomic
def application_submit(*, user, group, person, applied_on: datetime.date) -> MembershipApplication:
    group = _changeable(user, group)
    _person_in_scope(user, person)
    _not_future(applied_on, _("The application date"))
    if group.memberships.filter(person=person).filter(active_q(applied_on)).exists():
        raise ValidationError(_("%(person)s is already a member of the group.") % {"person": person})
    if group.applications.filter(person=person, status=ApplicationStatus.PENDING).exists():
        raise ValidationError(
            _("%(person)s has already applied; the committee has not decided yet.") % {"person": person}
        )
    application = MembershipApplication(group=group, person=person, applied_on=applied_on)
    check_fields(application)
    application.save()
    _audit(user, group, {"applications": ["", str(person)]})
    return application


@transaction.atomic
def application_decide(
    *, user, application, accept: bool, decided_on: datetime.date, reason: str = ""
) -> MembershipApplication:
    """The committee accepts (the applicant joins that day) or refuses (with a reason)."""
    group = _changeable(user, application.group)
    application = group.applications.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application was already decided."))
    _not_future(decided_on, _("The decision date"))
    if decided_on < application.applied_on:
        raise ValidationError(_("The committee decides after the application."))
    if not accept and not (reason or "").strip():
        raise ValidationError(_("Write why the application is refused."))
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REFUSED
    application.decided_on, application.reason = decided_on, (reason or "").strip()
    check_fields(application)
    application.save()
    if accept:
        member_add(
            user=user, group=group, person=application.person, joined_on=max(decided_on, group.founded_on)
        )
    _audit(user, group, {"applications": [str(application.person), application.get_status_display()]})
    return application


# --- กรรมการ: the committee ---------------------------------------------------------------------------------


@transaction.atomic
def seat_add(*, user, group, membership, role: str, starts_on: datetime.date, ends_on=None) -> CommitteeSeat:
    """A committee seat for a member; exactly one president at a time."""
    group = _changeable(user, group)
    membership = _member_on(group, membership, starts_on)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("A term cannot end before it starts."))
    same_role = group.committee.filter(role=role)
    overlapping = same_role.filter(starts_on__lte=ends_on) if ends_on else same_role
    overlapping = overlapping.exclude(ends_on__lt=starts_on)
    if role == CommitteeRole.PRESIDENT and overlapping.exists():
        current = overlapping.select_related("membership__person").first()
        raise ValidationError(
            _("The group already has a president (%(person)s) for that time: end that term first.")
            % {"person": current.membership.person}
        )
    if overlapping.filter(membership=membership).exists():
        raise ValidationError(_("%(person)s already holds this seat.") % {"person": membership.person})
    seat = CommitteeSeat(group=group, membership=membership, role=role, starts_on=starts_on, ends_on=ends_on)
    seat.full_clean()
    seat.save()
    _audit(user, group, {"committee": ["", str(seat)]})
    return seat


@transaction.atomic
def seat_end(*, user, group, seat, ends_on: datetime.date) -> CommitteeSeat:
    group = _changeable(user, group)
    seat = group.committee.select_related("membership__person").filter(pk=getattr(seat, "pk", seat)).first()
    if seat is None:
        raise ValidationError(ALREADY_GONE)
    if ends_on < seat.starts_on:
        raise ValidationError(_("A term cannot end before it starts."))
    seat.ends_on = ends_on
    check_fields(seat)
    seat.save(update_fields=["ends_on"])
    _audit(
        user, group, {"committee": [str(seat), _("term ended %(date)s") % {"date": thai.date_short(ends_on)}]}
    )
    return seat


# --- การประชุม: meetings -------------------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    user,
    group,
    kind: str,
    date: datetime.date,
    held: bool,
    agenda: str = "",
    resolutions: str = "",
    present=(),
) -> Meeting:
    """A meeting with the members present (members on that day);
    a meeting in the future can only be planned."""
    group = _changeable(user, group)
    if held and date > _today():
        raise ValidationError(_("A meeting in the future cannot be marked as held; record it as planned."))
    if date < group.founded_on:
        raise ValidationError(_("The meeting is before the group was founded."))
    present = list(present)
    if present and not held:
        raise ValidationError(_("Members present are recorded once the meeting is held."))
    members = {m.pk: m for m in group.memberships.filter(pk__in=[getattr(m, "pk", m) for m in present])}
    strangers = [m for m in members.values() if not m.active_on(date)]
    if len(members) != len(present) or strangers:
        raise ValidationError(_("Only members of the group on the day of the meeting can be present."))
    meeting = Meeting(group=group, kind=kind, date=date, held=held, agenda=agenda, resolutions=resolutions)
    meeting.full_clean()
    meeting.save()
    meeting.present.set(members.values())
    _audit(user, group, {"meetings": ["", f"{meeting} · {len(members)}"]})
    return meeting


# --- กฎกติกา: the rules --------------------------------------------------------------------------------------


@transaction.atomic
def rules_adopt(
    *, user, group, meeting, effective_from: datetime.date, text: str, work_unit: str, allocation: dict
) -> RuleVersion:
    """A new version of the rules, adopted at a held meeting; the allocation must add up to 100 %."""
    group = _changeable(user, group)
    meeting = _meeting_of(group, meeting)
    if effective_from < meeting.date:
        raise ValidationError(_("Rules come into force on or after the meeting that adopted them."))
    values = {name: Decimal(allocation.get(name) or 0) for name in RuleVersion.ALLOCATION}
    if any(v < 0 for v in values.values()):
        raise ValidationError(_("A share of the profit cannot be negative."))
    total = sum(values.values())
    if total != 100:
        raise ValidationError(
            _("The profit allocation must add up to 100%%; it adds up to %(total)s%%.")
            % {"total": f"{total.normalize():f}"}
        )
    if values["dividend_pct"] <= 0:
        raise ValidationError(_("The rules must give members a dividend by their work."))
    _not_locked(group, effective_from)
    version = (group.rules.aggregate(last=Max("version"))["last"] or 0) + 1
    rules = RuleVersion(
        group=group,
        version=version,
        adopted_at=meeting,
        effective_from=effective_from,
        text=text.strip(),
        work_unit=work_unit,
        **values,
    )
    rules.full_clean()
    rules.save()
    _audit(user, group, {"rules": ["", str(rules)]})
    return rules


# --- กิจกรรม: activities -------------------------------------------------------------------------------------


@transaction.atomic
def activity_add(*, user, group, meeting, **fields) -> Activity:
    group = _changeable(user, group)
    meeting = _meeting_of(group, meeting)
    activity = Activity(group=group, decided_at=meeting, **fields)
    if activity.starts_on and activity.starts_on < meeting.date:
        raise ValidationError(_("An activity starts on or after the meeting that decided it."))
    activity.full_clean()
    activity.save()
    _audit(user, group, {"activities": ["", str(activity)]})
    return activity


# --- money and work -----------------------------------------------------------------------------------------


@transaction.atomic
def work_log_day(
    *, user, group, date: datetime.date, units: dict, activity=None, note: str = ""
) -> list[WorkEntry]:
    """A day's work for several members at once {membership_id: units}; one bad line saves nothing.

    Errors name their line: {membership_id: message}."""
    group = _changeable(user, group)
    _not_future(date, _("The work date"))
    _not_locked(group, date)
    if activity is not None and activity.group_id != group.pk:
        raise ValidationError(_("Choose an activity of this group."))
    errors, entries = {}, []
    for membership_id, raw in units.items():
        if raw in (None, ""):
            continue
        try:
            value = thai.parse_decimal(raw)
        except thai.InputError:
            errors[membership_id] = _("“%(value)s” is not a number of units.") % {"value": str(raw)[:30]}
            continue
        try:
            membership = _member_on(group, membership_id, date)
        except ValidationError as exc:
            errors[membership_id] = " ".join(exc.messages)
            continue
        if value <= 0:
            errors[membership_id] = _("%(person)s: units of work must be more than zero.") % {
                "person": membership.person
            }
            continue
        if value.normalize().as_tuple().exponent < -2:
            errors[membership_id] = _("%(person)s: at most two decimals.") % {"person": membership.person}
            continue
        entry = WorkEntry(
            group=group,
            membership=membership,
            date=date,
            units=value,
            activity=activity,
            note=note,
            recorded_by=user,
        )
        try:
            check_fields(entry)  # saved with bulk_create: the units must fit their column (8 digits)
        except ValidationError as exc:
            errors[membership_id] = f"{membership.person}: {' '.join(exc.messages)}"
            continue
        entries.append(entry)
    if errors:
        raise ValidationError({line: [message] for line, message in errors.items()})
    if not entries:
        raise ValidationError(_("Enter the units of work of at least one member."))
    WorkEntry.objects.bulk_create(entries)
    _audit(
        user,
        group,
        {
            "work": [
                "",
                "; ".join(f"{e.membership.person} {e.units.normalize():f}" for e in entries)
                + f" ({thai.date_short(date)})",
            ]
        },
    )
    return entries


@transaction.atomic
def work_remove(*, user, group, entry) -> None:
    group = _changeable(user, group)
    entry = group.work.select_related("membership__person").filter(pk=getattr(entry, "pk", entry)).first()
    if entry is None:
        raise ValidationError(ALREADY_GONE)
    _not_locked(group, entry.date)
    entry.delete()
    _audit(
        user,
        group,
        {
            "work": [
                f"{entry.membership.person} {entry.units.normalize():f} ({thai.date_short(entry.date)})",
                "",
            ]
        },
    )


@transaction.atomic
def ledger_add(*, user, group, **fields) -> LedgerEntry:
    """A line of the books; savings and shares name the member who paid them in."""
    group = _changeable(user, group)
    entry = LedgerEntry(group=group, recorded_by=user, **fields)
    if entry.amount is not None and entry.amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    _not_future(entry.date, _("The date of the entry"))
    _not_locked(group, entry.date)
    if entry.kind in (EntryKind.SAVING, EntryKind.WITHDRAWAL):
        if entry.membership_id is None:
            raise ValidationError(_("Savings and shares need the member who paid them in."))
        member = _member_on(group, entry.membership_id, entry.date)
        entry.category = "member"
        if entry.kind == EntryKind.WITHDRAWAL:
            balance = savings_balance(group, member)
            if entry.amount > balance:
                raise ValidationError(
                    _("%(person)s has %(balance)s baht of savings; %(amount)s cannot be paid back.")
                    % {
                        "person": member.person,
                        "balance": thai.baht(balance),
                        "amount": thai.baht(entry.amount),
                    }
                )
    elif entry.membership_id is not None:
        raise ValidationError(_("Only savings and shares name a member."))
    entry.full_clean()
    entry.save()
    _audit(
        user,
        group,
        {
            "ledger": [
                "",
                f"{entry.get_kind_display()}: {entry.description} "
                f"{thai.baht(entry.amount)} ({thai.date_short(entry.date)})",
            ]
        },
    )
    return entry


@transaction.atomic
def ledger_post(
    *,
    user,
    group,
    kind: str,
    category: str,
    amount,
    date: datetime.date,
    description: str,
    document_number: str = "",
) -> LedgerEntry:
    """A line of the books written by another app's service for a record of its own (support paid to the
    group, or returned): that service has checked its own policy and links the line on its side. The books'
    rules still hold: a positive amount, not in the future, nothing in a closed year. The line is logged
    against the group."""
    if kind not in (EntryKind.INCOME, EntryKind.EXPENSE):
        raise ValueError("Only income and expense lines are posted by other apps.")
    group = Group.objects.select_for_update().get(pk=group.pk)
    entry = LedgerEntry(
        group=group,
        recorded_by=user,
        kind=kind,
        category=category,
        amount=amount,
        date=date,
        description=description[:200],
        document_number=document_number[:50],
    )
    _not_future(date, _("The date of the entry"))
    _not_locked(group, date)
    entry.full_clean()
    entry.save()
    _audit(
        user,
        group,
        {
            "ledger": [
                "",
                f"{entry.get_kind_display()}: {entry.description} "
                f"{thai.baht(entry.amount)} ({thai.date_short(entry.date)})",
            ]
        },
    )
    return entry


@transaction.atomic
def ledger_remove(*, user, group, entry) -> None:
    group = _changeable(user, group)
    entry = group.ledger.filter(pk=getattr(entry, "pk", entry)).first()
    if entry is None:
        raise ValidationError(ALREADY_GONE)
    _not_locked(group, entry.date)
    if any(
        relation.related_model.objects.filter(**{relation.field.name: entry}).exists()
        for relation in _linked_elsewhere(entry)
    ):
        raise ValidationError(
            _(
                "This line is linked to another record (support paid or returned, or a grant "
                "report): it stays in the books. Record a correcting line instead."
            )
        )
    if entry.receipt:
        entry.receipt.delete(save=False)
    entry.delete()
    _audit(
        user,
        group,
        {"ledger": [f"{entry.description} {thai.baht(entry.amount)} ({thai.date_short(entry.date)})", ""]},
    )


# --- year end -----------------------------------------------------------------------------------------------


@transaction.atomic
def year_close(*, user, group, year: int, meeting) -> GroupYear:
    """The general meeting approves the year's profit and loss: the statement and each member's dividend are
    stored as approved, and the year's entries are locked."""
    group = _changeable(user, group)
    meeting = _meeting_of(group, meeting)
    starts_on, ends_on = group.year_bounds(year)
    if meeting.kind != MeetingKind.GENERAL:
        raise ValidationError(_("The profit-and-loss statement is approved by the yearly general meeting."))
    if meeting.date <= ends_on:
        raise ValidationError(
            _("The general meeting approving year %(year)s is held after the year ends (%(end)s).")
            % {"year": year, "end": thai.date_short(ends_on)}
        )
    if group.years.filter(year=year).exists():
        raise ValidationError(_("Year %(year)s is already closed.") % {"year": year})
    if group.years.filter(year__gt=year).exists():
        raise ValidationError(_("A later year is already closed."))
    if ends_on < group.founded_on:
        raise ValidationError(_("The group did not exist in year %(year)s.") % {"year": year})
    rules = rules_in_force(group, ends_on)
    if rules is None:
        raise ValidationError(
            _("The group has no rules in force at the end of the year, so the profit cannot be allocated.")
        )
    statement = year_statement(group=group, year=year)
    closed = GroupYear.objects.create(
        group=group,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        approved_at=meeting,
        rules=rules,
        income=statement.income,
        expense=statement.expense,
        profit=statement.profit,
        allocation={line.name: str(line.amount) for line in statement.allocation},
        work_units=statement.total_units,
        closed_by=user,
    )
    DividendLine.objects.bulk_create(
        [
            DividendLine(
                year=closed,
                membership=row.membership,
                units=row.units,
                amount_satang=dividends.to_satang(row.amount),
            )
            for row in statement.rows
        ]
    )
    _audit(
        user,
        group,
        {
            "years": [
                "",
                _("Year %(year)s approved at %(meeting)s: profit %(profit)s baht")
                % {"year": year, "meeting": meeting, "profit": thai.baht(statement.profit)},
            ]
        },
    )
    return closed


# --- follow-up visits ---------------------------------------------------------------------------------------


@transaction.atomic
def visit_record(*, user, group, visited_on: datetime.date, notes: str = "") -> Visit:
    """A follow-up visit by the district's community developer (or the TAO's staff)."""
    ensure(user, page_act("visit"), group)
    _not_future(visited_on, _("The visit date"))
    if visited_on < group.founded_on:
        raise ValidationError(_("The visit is before the group was founded."))
    visit = Visit(group=group, visited_on=visited_on, visitor=user, notes=notes.strip())
    visit.full_clean()
    visit.save()
    _audit(user, group, {"visits": ["", thai.date_short(visited_on)]})
    return visit
