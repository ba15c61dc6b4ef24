"""What the request page's printouts box needs (templates/grants/_printouts.html), computed here so the page's
view needs nothing for it."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class Printouts:
    receipt: bool  # the request receipt can be printed (from the request's submission on)
    decision: bool  # the decision letter can be printed
    agreement: bool  # the agreement can be printed (from the move into "agreement" on)
    last_file: object  # the newest GrantFile, or None
    file_ready: bool
    file_working: bool
    file_failed: bool


@register.simple_tag
def grant_printouts(grant) -> Printouts:
    from grants.models import GrantFile
    from grants.pdf import has_agreement, has_receipt
    from grants.workflow import DECISION_STATES

    last = grant.files.order_by("-requested_at").first()
    state = last.state if last else None
    return Printouts(
        receipt=has_receipt(grant),
        decision=grant.moves.filter(to_state__in=DECISION_STATES).exists(),
        agreement=has_agreement(grant),
        last_file=last,
        file_ready=state == GrantFile.State.READY and bool(last.file),
        file_working=state in (GrantFile.State.QUEUED, GrantFile.State.RUNNING),
        file_failed=state == GrantFile.State.FAILED,
    )
