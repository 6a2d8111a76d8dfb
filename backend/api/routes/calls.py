from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backend.api.deps import CurrentActor, RuntimeDep
from backend.chat.ice import ice_servers

router = APIRouter(prefix="/calls", tags=["calls"])


@router.get("/ice-servers")
async def get_ice_servers(runtime: RuntimeDep, actor: CurrentActor) -> dict[str, Any]:
    """RTCIceServer entries for `new RTCPeerConnection({iceServers})`; TURN credentials are
    the caller's own and short-lived."""
    return {"ice_servers": ice_servers(runtime.settings, actor)}
