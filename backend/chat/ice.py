"""ICE servers for WebRTC calls, with short-lived TURN credentials (the TURN REST API scheme
coturn implements with `use-auth-secret`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
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
