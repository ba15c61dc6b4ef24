"""Jobs for the outage tests' worker: one that takes a while (to be running when the database goes away) and
one that answers at once."""

import time

from django_tasks import task


@task()
def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@task()
def ping() -> str:
    return "pong"
