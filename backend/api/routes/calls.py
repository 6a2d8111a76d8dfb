from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backend.api.deps import CurrentActor, RuntimeDep, SessionDep
from backend.chat import contact, ice

router = APIRouter(prefix="/calls", tags=["calls"])


@router.get(
    "/ice-servers",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "ice_servers": [
                            {"urls": "stun:stun.cityhall.example:3478"},
                            {
                                "urls": ["turn:turn.cityhall.example:3478?transport=udp"],
                                "username": "1795664000:3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "credential": "q8Xf2kLmN0pRt5vWz7yB3cD9gH1=",
                            },
                        ],
                        "ice_transport_policy": "all",
                    }
                }
            }
        }
    },
)
async def get_ice_servers(
    runtime: RuntimeDep, session: SessionDep, actor: CurrentActor
) -> dict[str, Any]:
    """RTCIceServer entries and the iceTransportPolicy for `new RTCPeerConnection({iceServers,
    iceTransportPolicy})`; TURN credentials are the caller's own and short-lived. A verified
    youth is told `relay` (TURN only), so the other side of a call never sees their address;
    each call's own policy also comes with `call:incoming` and `call:accepted`."""
    youth = await contact.is_verified_youth(session, actor.id)
    return {
        "ice_servers": ice.ice_servers(runtime.settings, actor),
        "ice_transport_policy": ice.RELAY if youth else ice.ALL,
    }
