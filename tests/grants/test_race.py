"""Two approvals racing for the last baht of a budget line: exactly one wins (the line's row lock).

Only on PostgreSQL (tests/with_postgres.sh): SQLite locks the whole database file for a write, so two writers
never hold it together and there is no race to lose. Each approval runs in its own thread with its own
connection; both reach the line's lock together (a barrier just before it), and the first to hold it keeps it
a moment, so the second must wait for the lock and then read what is left.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from grants import services
from grants.models import GrantRequest, Status
from grants.selectors import line_money
from tests.grants.helpers import advance, grant_world, make_request

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a race for a row lock needs two connections writing at once: PostgreSQL only "
        "(run with tests/with_postgres.sh)",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_approvals_racing_for_the_last_baht_one_wins(world, monkeypatch):
    gw = grant_world(world, appropriated="30000")
    first, second = (advance(gw, make_request(gw), Status.APPROVAL) for _n in range(2))
    assert line_money(gw.line).money_available == Decimal(30000)

    barrier = threading.Barrier(2, timeout=20)
    line_for, within_line = services._line_for, services._within_line

    def line_for_together(request, line):
        barrier.wait()  # both approvals are at the line's lock
        return line_for(request, line)

    def within_line_slowly(line, amount, **kwargs):
        within_line(line, amount, **kwargs)
        time.sleep(0.5)  # the winner holds the lock; the other waits on it (or, without the lock, reads too)

    monkeypatch.setattr(services, "_line_for", line_for_together)
    monkeypatch.setattr(services, "_within_line", within_line_slowly)

    results = {}

    def approve(request):
        try:
            with translation.override("th"):
                try:
                    services.approve(
                        user=gw.executive,
                        request=GrantRequest.objects.get(pk=request.pk),
                        line=gw.line,
                        amount=Decimal(20000),
                    )
                    results[request.pk] = "approved"
                except ValidationError as refused:
                    results[request.pk] = refused.messages
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(request,)) for request in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    outcomes = sorted(results.values(), key=str)
    assert outcomes.count("approved") == 1, results
    refused = next(o for o in outcomes if o != "approved")
    with translation.override("th"):
        expected = services._(
            "The budget line “%(line)s” has %(available)s baht left; %(amount)s baht cannot be "
            "approved from it."
        ) % {"line": gw.line.project, "available": "10,000.00", "amount": "20,000.00"}
    assert refused == [expected]
    assert "10,000.00" in expected and "บาท" in expected  # the Thai message, with what is left
    money = line_money(gw.line)
    assert money.money_available == Decimal(10000) and money.money_available >= 0
    statuses = sorted(
        GrantRequest.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == [Status.APPROVAL, Status.APPROVED]
    loser = GrantRequest.objects.get(status=Status.APPROVAL)
    assert loser.budget_line_id is None and loser.approved_amount is None and not loser.versions.exists()
