"""Workflows declared as data, moved by one function.

A workflow is a table of states. Each state says, in one place, what its record may do while it stands there:
its display name, which fields are editable, which page actions are open, what is still missing before the
record may leave it (the guard, with reasons) and the moves it allows. A move says where it goes, whether it
needs a written reason (going back) and which side effects it runs. One function, `transition`, moves a
record: it asks the workflow's permission callable, finds the move in the table, checks the guard and the
reason, writes the move row through the declaration's factory, saves the record and runs the side effects,
all in one transaction.

The table also answers who may do what, and what the states have in common. A move asks its own
permission action (`Move.act`, else the workflow's `act`); a page action asks the one `action_acts` names
(else `action_act`, else `act`): views (`act_for`, `move_act`), selectors (`decisions`) and services ask
these, never a permission written beside them. The status groups are read off the table's shape: `final` (no
move out), `active`, `road` (the way onward from the first state), `side`, `reachable(...)`,
`open_at(action)`, and, for a group the shape cannot tell, the states' own `tags`.

A second workflow is a page of declarations (see tests/test_kit_workflow.py for a small one). There are no
generated methods: every rule is a field of a dataclass, searchable by name.

    FLOW = Workflow(
        name="grant", field="status", act="move",
        permission=grants.policies.can,                      # (user, action, obj) -> (allowed, reason)
        record_move=status_move_create,   # (obj, from_state, to_state, user, reason, at) -> the row
        states=(
            State("draft", _("Draft"), editable_fields=("title",), guard=_draft_missing,
                  moves=(Move("submitted"),)),
            State("submitted", _("Submitted"), moves=(Move("screening"), back("draft"))),
            ...
        ))
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _


def _nothing_missing(obj) -> list:
    return []


@dataclass(frozen=True)
class Move:
    """An allowed move to the state `to`. `guarded` moves (forward) need the guard of the state left to pass;
    a move that needs a reason (back) must be given one, which is written to the move row. `effects` run after
    the record is saved in its new state, in the same transaction: each is called as effect(obj, user=...).
    `act` names the permission action asked for this move instead of the workflow's `act` (the executive
    approves, staff submit); `guard(obj) -> [missing]` is what this move needs beyond the state's guard
    (closing needs the money back); `label` is the button's text (default: the target state's name); `made_by`
    names the page action whose form makes this move (the approval form carries the line and the amount): the
    page shows that form, not a button."""

    to: Hashable
    needs_reason: bool = False
    guarded: bool = True
    effects: tuple[Callable, ...] = ()
    act: str | None = None
    guard: Callable[[Any], list] | None = None
    label: str | None = None
    made_by: str | None = None


def back(to, *effects, act: str | None = None, label: str | None = None) -> Move:
    """A move back, to fix something: never guarded, always with a written reason."""
    return Move(to, needs_reason=True, guarded=False, effects=tuple(effects), act=act, label=label)


@dataclass(frozen=True)
class State:
    value: Hashable
    label: str
    moves: tuple[Move, ...] = ()
    editable_fields: tuple[str, ...] = ()
    actions: frozenset[str] = (
        frozenset()
    )  # page actions open at this state (the page and the services read them)
    guard: Callable[[Any], list] = (
        _nothing_missing  # obj -> what is still missing before a guarded move, with why
    )
    tags: frozenset[str] = frozenset()  # the status groups the state is in that the table's shape cannot tell

    def move_to(self, value) -> Move | None:
        return next((m for m in self.moves if m.to == value), None)

    @property
    def forward(self) -> Move | None:
        """The state's move onward (the first move that needs no reason), or None at the end."""
        return next((m for m in self.moves if not m.needs_reason), None)

    @property
    def back_moves(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.needs_reason)


@dataclass(frozen=True)
class Workflow:
    """The table. `field` names the record's attribute holding its state's value; `act` is the action asked of
    `permission(user, act, obj) -> (allowed, reason)` before any move; `record_move(obj=, from_state=,
    to_state=, user=, reason=, at=)` writes the structured move row (it checks and saves it; its errors refuse
    the move); `lock(obj)` reloads the record locked for the move (select_for_update),
    so two moves never cross."""

    name: str
    field: str
    states: tuple[State, ...]
    permission: Callable[[Any, str, Any], tuple[bool, str]]
    record_move: Callable[..., Any]
    act: str = "move"
    lock: Callable[[Any], Any] | None = None
    save_fields: tuple[str, ...] = ()  # saved with the state field on a move (e.g. "updated_at")
    # page action -> the permission action it asks; a page action not named asks `action_act` (default: `act`)
    action_acts: dict[str, str] = field(default_factory=dict, hash=False)
    action_act: str | None = None
    _index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        index = {state.value: state for state in self.states}
        if len(index) != len(self.states):
            raise ValueError(f"{self.name}: two states share a value")
        for state in self.states:
            for move in state.moves:
                if move.to not in index:
                    raise ValueError(f"{self.name}: {state.value} moves to an unknown state {move.to!r}")
        object.__setattr__(self, "_index", index)

    def state(self, value) -> State:
        return self._index[value]

    def state_of(self, obj) -> State:
        return self._index[getattr(obj, self.field)]

    def missing(self, obj) -> list:
        """What the record still needs before it may leave its state onward (empty at the last state)."""
        state = self.state_of(obj)
        return list(state.guard(obj)) if state.forward else []

    def move_missing(self, obj, move: Move) -> list:
        """What a guarded move still needs: the state's guard, then the move's own."""
        if not move.guarded:
            return []
        missing = list(self.state_of(obj).guard(obj))
        if move.guard is not None:
            missing += list(move.guard(obj))
        return missing

    # --- who may: the permission action each move and each page action asks --------------------------------

    def act_of(self, move: Move | None) -> str:
        """The permission a move asks (no such move: the workflow's `act`, asked before it is refused)."""
        return self.act if move is None or move.act is None else move.act

    def move_act(self, obj, to) -> str:
        """The permission the move from the record's state to `to` asks."""
        return self.act_of(self.state_of(obj).move_to(to))

    def act_for(self, action: str) -> str:
        """The permission a page action asks."""
        return self.action_acts.get(action) or self.action_act or self.act

    @property
    def page_actions(self) -> tuple[str, ...]:
        """Every page action the table names (open at a state, or given its permission), sorted."""
        return tuple(sorted({a for state in self.states for a in state.actions} | set(self.action_acts)))

    def decisions(self, user, obj) -> dict:
        """Page action -> the permission's answer for `user` and `obj`, whatever the state (each permission
        asked once)."""
        asked = {}
        for action in self.page_actions:
            act = self.act_for(action)
            if act not in asked:
                asked[act] = self.permission(user, act, obj)
        return {action: asked[self.act_for(action)] for action in self.page_actions}

    # --- when: the page actions open at a state -----------------------------------------------------------

    def is_open(self, obj, action: str) -> bool:
        return action in self.state_of(obj).actions

    def states_open_for(self, action: str) -> list[State]:
        """The states at which a page action is open (to say where it is, when it is not open here)."""
        return [state for state in self.states if action in state.actions]

    def require_open(self, obj, action: str, message) -> None:
        """Refuse (ValidationError) a page action the record's state does not open. `message` is the app's
        sentence; it may name the state (%(state)s: its name, %(step)s: its value) and the states where the
        action is open (%(where)s: their names, %(steps)s: their values)."""
        if not self.is_open(obj, action):
            state, where = self.state_of(obj), self.states_open_for(action)
            raise ValidationError(
                message
                % {
                    "state": state.label,
                    "step": state.value,
                    "where": ", ".join(str(s.label) for s in where),
                    "steps": ", ".join(str(s.value) for s in where),
                }
            )

    # --- the status groups, read off the table ------------------------------------------------------------

    @property
    def final(self) -> tuple:
        """The states with no move out."""
        return tuple(state.value for state in self.states if not state.moves)

    @property
    def active(self) -> tuple:
        """The states a record may still move on from."""
        return tuple(state.value for state in self.states if state.moves)

    @property
    def road(self) -> tuple:
        """The way onward: from the first state, each state's onward move (`forward`) to the end."""
        road, state = [], self.states[0]
        while state.value not in road:
            road.append(state.value)
            if state.forward is None:
                break
            state = self.state(state.forward.to)
        return tuple(road)

    @property
    def side(self) -> tuple:
        """The states off the road (sent back, refused, ended early...)."""
        road = self.road
        return tuple(state.value for state in self.states if state.value not in road)

    def reachable(self, start, *, onward: bool = False) -> tuple:
        """`start` and every state a record may come to from it (`onward`: by moves that need no reason),
        in the table's order."""
        seen, todo = {start}, [start]
        while todo:
            for move in self.state(todo.pop()).moves:
                if move.to not in seen and not (onward and move.needs_reason):
                    seen.add(move.to)
                    todo.append(move.to)
        return tuple(state.value for state in self.states if state.value in seen)

    def open_at(self, action: str) -> tuple:
        """The states at which a page action is open."""
        return tuple(state.value for state in self.states_open_for(action))

    def tagged(self, tag: str) -> tuple:
        return tuple(state.value for state in self.states if tag in state.tags)

    def progress(self, obj) -> list["Progress"]:
        """Every state with where the record stands, in the table's order, for its page."""
        current = self.states.index(self.state_of(obj))
        return [
            Progress(state, done=i < current, current=i == current) for i, state in enumerate(self.states)
        ]


@dataclass(frozen=True)
class Progress:
    state: State
    done: bool
    current: bool


class TransitionRefused(ValidationError):
    """A refused move; `reasons` says why (the permission's reason, what the guard still misses, ...)."""

    def __init__(self, message, reasons=()):
        super().__init__(message)
        self.reasons = list(reasons) or [message]


def transition(workflow: Workflow, obj, to_state, *, user, reason: str = ""):
    """Move `obj` to `to_state` when the permission, the table and the guard allow it; write the move row,
    save, run the move's side effects. Returns the record in its new state;
    raises TransitionRefused with the reasons."""
    with transaction.atomic():
        if workflow.lock is not None:
            obj = workflow.lock(obj)
        state = workflow.state_of(obj)
        move = state.move_to(to_state)
        allowed, why = workflow.permission(user, workflow.act_of(move), obj)
        if not allowed:
            raise TransitionRefused(why)
        if move is None:
            raise TransitionRefused(_("This move is not allowed from “%(state)s”.") % {"state": state.label})
        reason = (reason or "").strip()
        if move.needs_reason and not reason:
            raise TransitionRefused(_("Write the reason for this move."))
        missing = workflow.move_missing(obj, move)
        if missing:
            raise TransitionRefused(
                _("“%(state)s” still needs: %(missing)s.")
                % {"state": state.label, "missing": ", ".join(str(m) for m in missing)},
                missing,
            )
        workflow.record_move(
            obj=obj, from_state=state.value, to_state=move.to, user=user, reason=reason, at=timezone.now()
        )
        setattr(obj, workflow.field, move.to)
        obj.save(update_fields=[workflow.field, *workflow.save_fields])
        for effect in move.effects:
            effect(obj, user=user)
        return obj
