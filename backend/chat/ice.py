"""ICE servers for WebRTC calls, with short-lived TURN credentials (the TURN REST API scheme
coturn implements with `use-auth-secret`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from ipaddress import IPv4Address, IPv6Address
from typing import Any

from backend.core.actor import Actor
from backend.core.settings import Settings


def ice_servers(settings: Settings, actor: Actor) -> list[dict[str, Any]]:
    """The configured ICE servers; TURN entries without credentials get the caller's own,
    valid for CITYHALL_TURN_CREDENTIAL_TTL_SECONDS."""
    servers = [dict(server) for server in settings.ice_servers]
    if settings.turn_secret is None:
        return servers
    expires = int(time.time()) + settings.turn_credential_ttl_seconds
    username = f"{expires}:{actor.id}"
    digest = hmac.new(
        settings.turn_secret.get_secret_value().encode(), username.encode(), hashlib.sha1
    ).digest()
    credential = base64.b64encode(digest).decode()
    for server in servers:
        urls = server.get("urls", [])
        urls = [urls] if isinstance(urls, str) else urls
        if "username" not in server and any(u.startswith(("turn:", "turns:")) for u in urls):
            server.update(username=username, credential=credential)
    return servers


# RTCConfiguration.iceTransportPolicy values.
RELAY = "relay"
ALL = "all"
_UNSPECIFIED_ADDRESS = {"IP4": str(IPv4Address(0)), "IP6": str(IPv6Address(0))}


def relay_only(data: dict[str, Any]) -> dict[str, Any] | None:
    """A call:signal payload of a relay-only call with everything that could show a peer's
    own address taken out: host and server-reflexive candidates (trickled or inside an SDP),
    the related address of relay candidates, and SDP connection addresses. None when nothing
    is left to relay (a lone host candidate)."""
    cleaned = dict(data)
    if isinstance(cleaned.get("sdp"), str):
        cleaned["sdp"] = _scrub_sdp(cleaned["sdp"])
    candidate = cleaned.get("candidate")
    if isinstance(candidate, dict):
        inner = relay_only(candidate)
        if inner is None:
            return None
        cleaned["candidate"] = inner
    elif isinstance(candidate, str) and candidate.strip():
        relayed = _relay_candidate(candidate)
        if relayed is None:
            return None
        cleaned["candidate"] = relayed
    return cleaned


def _relay_candidate(line: str) -> str | None:
    """The candidate line if it is a relay candidate (its related address zeroed), else
    None. Grammar (RFC 8839): foundation component transport priority address port
    "typ" type ["raddr" address "rport" port] *(name value)."""
    tokens = line.split()
    try:
        kind = tokens[tokens.index("typ") + 1]
    except (ValueError, IndexError):
        return None
    if kind != "relay":
        return None
    for name, zero in (("raddr", _UNSPECIFIED_ADDRESS["IP4"]), ("rport", "0")):
        if name in tokens[:-1]:
            tokens[tokens.index(name) + 1] = zero
    return " ".join(tokens)


def _scrub_sdp(sdp: str) -> str:
    newline = "\r\n" if "\r\n" in sdp else "\n"
    lines: list[str] = []
    for line in sdp.split(newline):
        if line.startswith("a=candidate:"):
            relayed = _relay_candidate(line)
            if relayed is not None:
                lines.append(relayed)
        elif line.startswith(("c=IN ", "a=rtcp:")):
            lines.append(_unspecified(line))
        else:
            lines.append(line)
    return newline.join(lines)


def _unspecified(line: str) -> str:
    """`c=IN IP4 203.0.113.7` or `a=rtcp:9 IN IP4 203.0.113.7` with the address replaced by
    the unspecified one (what trickle-ICE offers carry anyway)."""
    tokens = line.split(" ")
    for i, token in enumerate(tokens[:-1]):
        if token in _UNSPECIFIED_ADDRESS:
            tokens[i + 1] = _UNSPECIFIED_ADDRESS[token]
    return " ".join(tokens)
