"""The address of the client a request comes from, for counting its requests (the API's throttles).

`X-Forwarded-For` is written by whoever sends the request: a client sets any value it likes, and
counting by it let one client spend the anonymous allowance hundreds of times over. Only a proxy
of our own (settings.NEWSROOM_TRUSTED_PROXIES: addresses or networks; none by default) appends
its peer's address to it, so the header is read from the right, hop by hop, only as long as the
hop that wrote it is trusted: the first address not ours is the client. With no proxy trusted,
the socket's address (REMOTE_ADDR) is the client, whatever the header says.

An IPv6 client is counted by its /64 network: a host is given a /64 and picks addresses in it freely.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"NEWSROOM_TRUSTED_PROXIES: {entry!r} is neither an IP address nor a network") from error
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    """settings.NEWSROOM_TRUSTED_PROXIES as networks (read each time: tests override it)."""
    entries = getattr(settings, "NEWSROOM_TRUSTED_PROXIES", ()) or ()
    if isinstance(entries, str):
        entries = entries.split(",")
    return _networks(tuple(entry for entry in entries if entry.strip()))


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(meta: Mapping[str, Any]) -> str:
    """The client's address for a request's META (see the module docstring), as text; for IPv6
    its /64 network. A socket with no address (a test client's, a Unix socket) gives its text."""
    remote_text = str(meta.get("REMOTE_ADDR") or "")
    client = _address(remote_text)
    if client is None:
        return remote_text
    networks = trusted_proxies()
    if networks and _trusted(client, networks):
        hops = [hop for hop in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:  # not written by a proxy of ours: the last hop read is the client
                break
            client = address
            if not _trusted(address, networks):
                break
    if isinstance(client, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((client, 64), strict=False))
    return str(client)
