"""A district's submission as data in the shared engine (kit/workflow.py): submitted by the district officer
(a new row, reports/services/submissions.py), then accepted by the provincial officer or sent back with a
reason; an accepted one may still be sent back, with a reason
(a correction found later). Each move is logged."""

from django.utils.translation import gettext_lazy as _

from kit.policy import can
from kit.workflow import Move, State, Workflow, back
from reports.models import Submission, SubmissionMove, SubmissionStatus

DECIDE = "reports.submission_decide"


def _record_move(*, obj, from_state, to_state, user, reason, at):
    return SubmissionMove.objects.create(
        submission=obj, from_state=from_state, to_state=to_state, user=user, reason=reason[:500], at=at
    )


def _lock(submission):
    return Submission.objects.select_for_update().select_related("district").get(pk=submission.pk)


SUBMISSIONS = Workflow(
    name="submission",
    field="status",
    act=DECIDE,
    permission=can,
    record_move=_record_move,
    lock=_lock,
    states=(
        State(
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.SUBMITTED.label,
            moves=(
                Move(SubmissionStatus.ACCEPTED, label=_("Accept")),
                back(SubmissionStatus.RETURNED, label=_("Send back")),
            ),
        ),
        State(
            SubmissionStatus.ACCEPTED,
            SubmissionStatus.ACCEPTED.label,
            moves=(back(SubmissionStatus.RETURNED, label=_("Send back")),),
        ),
        State(SubmissionStatus.RETURNED, SubmissionStatus.RETURNED.label),
    ),
)
