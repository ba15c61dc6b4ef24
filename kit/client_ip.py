"""The client's address, the one thing sign-in throttling, the public lookups' limits and axes' sign-in log
count by.

gunicorn puts the socket peer in REMOTE_ADDR, so behind nginx every client would be nginx. The proxy appends
the address it saw to X-Forwarded-For (`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), but
anyone can send that header too: it is read only when the request itself comes from a trusted proxy
(TRUSTED_PROXIES, addresses or networks, from DJANGO_TRUSTED_PROXIES). The header is then read from the right,
each entry having been added by the hop after it, and the first address that is not itself a trusted proxy is
the client: whatever a client wrote to the left of that is never reached, so a forged header buys no fresh
quota.

Not django-ipware: its trusted-proxy list is matched against entries inside the header (which the client
writes) and never against the socket peer, and with a proxy count it takes the client from the left of a list
an attacker can lengthen.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def parse_networks(values) -> tuple:
    """Addresses and networks (`10.0.0.5`, `10.0.0.0/24`, `::1`) as ip_network objects; a bad one is a setting
    error, named, rather than a proxy silently not trusted."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"Not an address or network in DJANGO_TRUSTED_PROXIES: {value!r}"
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple) -> tuple:
    return parse_networks(values)


def _address(text: str):
    """An address as written by a proxy or a socket, or None: `1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::1`,
    and an IPv4-mapped IPv6 address as the IPv4 one (a dual-stack socket reports IPv4 peers that way)."""
    text = text.strip()
    if text.startswith("["):  # [v6] or [v6]:port
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request) -> str:
    """The client's address as text ('' when the socket address is unknown, as in some test clients)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    peer = _address(remote)
    if peer is None or not networks or not _is_trusted(peer, networks):
        return str(peer) if peer is not None else remote
    client = peer
    for entry in reversed(request.META.get(FORWARDED_FOR, "").split(",")):
        if not entry.strip():
            continue
        address = _address(entry)
        if address is None:
            # Garbage where a trusted proxy should have written an address: count the last proxy we trust
            # rather than guess.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
