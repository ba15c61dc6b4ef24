"""The client's address behind a reverse proxy (kit/client_ip.py): X-Forwarded-For counts only when the socket
peer is a trusted proxy; then sign-in throttling, the public lookups' limits and axes' sign-in log count the
real client, so one client's failures behind nginx pause that client, not everyone."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse

from grants.views import public as grants_public
from kit.client_ip import client_ip, parse_networks
from tests.benchmarks.data import national_id
from tests.factories import PASSWORD
from training import public

PROXY = "10.0.0.5"  # nginx, as the app server sees it
BEHIND_PROXY = override_settings(TRUSTED_PROXIES=["10.0.0.0/24", "::1"])


def ip_of(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_ip(RequestFactory().get("/", **headers))


# --- the helper --------------------------------------------------------------------------------------------


def test_without_trusted_proxies_the_socket_address_counts_whatever_the_header():
    assert settings.TRUSTED_PROXIES == []
    assert ip_of("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    assert ip_of(PROXY, "203.0.113.9") == PROXY


@BEHIND_PROXY
@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "client"),
    [
        # A forged header from a client that is not a proxy is ignored.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
        ("198.51.100.7", "10.0.0.9", "198.51.100.7"),
        # nginx appended the address it saw.
        (PROXY, "203.0.113.9", "203.0.113.9"),
        # A client's own forged entries sit to the left of what nginx appended: never reached.
        (PROXY, "1.1.1.1, 2.2.2.2, 203.0.113.9", "203.0.113.9"),
        # Two trusted hops (a load balancer, then nginx): the first untrusted address from the right.
        (PROXY, "203.0.113.9, 10.0.0.7", "203.0.113.9"),
        # A proxy with no header (a health probe from nginx's own box): the proxy itself.
        (PROXY, None, PROXY),
        (PROXY, "", PROXY),
        # Garbage where the proxy's entry should be: the last trusted address, not a guess.
        (PROXY, "203.0.113.9, not-an-address", PROXY),
        # Ports and IPv6, as some proxies and dual-stack sockets write them.
        (PROXY, "203.0.113.9:51234", "203.0.113.9"),
        ("::1", "[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:10.0.0.5", "2001:db8::8", "2001:db8::8"),
        # Every hop trusted (a client inside the office network): the leftmost one.
        (PROXY, "10.0.0.44", "10.0.0.44"),
    ],
)
def test_behind_a_trusted_proxy(remote_addr, forwarded_for, client):
    assert ip_of(remote_addr, forwarded_for) == client


def test_a_mistyped_proxy_setting_is_refused():
    assert [str(n) for n in parse_networks(["127.0.0.1", "10.1.2.0/24", "::1"])] == [
        "127.0.0.1/32",
        "10.1.2.0/24",
        "::1/128",
    ]
    with pytest.raises(ImproperlyConfigured, match="10.0.0.300"):
        parse_networks(["10.0.0.300"])


# --- sign-in throttling and its log ------------------------------------------------------------------------


def sign_in(client, username, password, *, forwarded_for, remote_addr=PROXY):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
@BEHIND_PROXY
def test_ten_failures_from_one_client_behind_the_proxy_pause_that_client_only(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong-password", forwarded_for="203.0.113.9")
    assert sign_in(client, "tao_a", PASSWORD, forwarded_for="203.0.113.9").status_code == 429
    # Another client through the same nginx signs in.
    response = sign_in(client, "tao_a", PASSWORD, forwarded_for="198.51.100.20")
    assert response.status_code == 302 and "_auth_user_id" in client.session
    # The lockout names the real client, not the proxy.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


@pytest.mark.django_db
@BEHIND_PROXY
def test_a_forged_header_from_outside_the_proxy_buys_no_fresh_quota(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "x", forwarded_for=f"192.0.2.{n}", remote_addr="198.51.100.7")
    response = sign_in(client, "tao_a", PASSWORD, forwarded_for="192.0.2.200", remote_addr="198.51.100.7")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


@pytest.mark.django_db
@BEHIND_PROXY
def test_a_client_forging_entries_through_the_proxy_is_still_counted_as_itself(client, world):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "x", forwarded_for=f"192.0.2.{n}, 203.0.113.9")
    assert sign_in(client, "tao_a", PASSWORD, forwarded_for="192.0.2.99, 203.0.113.9").status_code == 429


# --- the public lookups ------------------------------------------------------------------------------------


@pytest.mark.django_db
@BEHIND_PROXY
def test_failed_certificate_lookups_behind_the_proxy_pause_one_client_not_the_province(client):
    def lookup(forwarded_for):
        return client.post(
            "/certificates/",
            {"national_id": national_id(4242), "birth_date": "01/05/2513"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for _ in range(public.MAX_FAILURES):
        assert lookup("203.0.113.9").status_code == 200
    assert lookup("203.0.113.9").status_code == 429
    assert lookup("198.51.100.20").status_code == 200


@pytest.mark.django_db
@BEHIND_PROXY
def test_failed_grant_status_lookups_behind_the_proxy_pause_one_client(client):
    def look_up(forwarded_for):
        return client.post(
            "/grants/status/",
            {"number": "999999", "registration": "กษ 0012/2566"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    limit = grants_public.MAX_FAILURES
    statuses = [look_up("203.0.113.9").status_code for _ in range(limit + 1)]
    assert statuses == [200] * limit + [429]
    assert look_up("198.51.100.20").status_code == 200
