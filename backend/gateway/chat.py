"""chat:send and chat:typing."""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from backend.chat import blocks, contact, posting
from backend.chat import service as chat_service
from backend.chat.schemas import ChatSend
from backend.core.after_commit import after_commit
from backend.gateway.connection import Placement, shown_as, user_room
from backend.gateway.events import Ack, EventContext, handler
from backend.gateway.schemas import Typing
from backend.spaces.exceptions import NotInSpace
from backend.spaces.models import PRIVATE_INSTANCE_BASE

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

TYPING_MIN_INTERVAL = 0.5


class ChatRelay:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    @property
    def policy(self) -> posting.ChatPolicy:
        runtime = self.gateway.runtime
        return posting.ChatPolicy(
            runtime.settings,
            runtime.limiter,
            runtime.realtime,
            runtime.security,
            self.gateway.presence,
        )

    async def send(self, ctx: EventContext, data: ChatSend) -> Ack:
        if data.space is not None:
            return await self._send_to_space(ctx, data, _placement_in(ctx, data.space))
        assert data.to_user is not None
        return await self._send_direct(ctx, data, data.to_user)

    async def _send_to_space(self, ctx: EventContext, data: ChatSend, where: Placement) -> Ack:
        actor = ctx.connection.actor
        posted = await posting.to_space(
            ctx.session,
            actor=actor,
            policy=self.policy,
            text=data.text,
            client_msg_id=data.client_msg_id,
            space_id=where.space_id,
            instance=where.instance,
            alias_id=blocks.alias_in(where.masks, actor.id),
        )
        message = posted.message
        read = chat_service.to_read(message, shown_as(actor, where), space=where.slug)
        payload = read.model_dump(mode="json")
        if posted.deliver:
            # Those who block the sender as they appear here do not receive it.
            skip = [ctx.sid, *await self.gateway.presence.devices(where.slug, posted.blockers)]

            async def deliver() -> None:
                await self.gateway.sio.emit("chat:message", payload, room=where.room, skip_sid=skip)
                self.gateway.translation.delivered(
                    message,
                    rooms=[where.room],
                    skip=skip,
                    private=where.instance >= PRIVATE_INSTANCE_BASE,
                )

            after_commit(ctx.session, deliver)
        return {"ok": True, "message": payload, "held": posted.held}

    async def _send_direct(self, ctx: EventContext, data: ChatSend, to_user: uuid.UUID) -> Ack:
        actor = ctx.connection.actor
        posted = await posting.to_user(
            ctx.session,
            actor=actor,
            policy=self.policy,
            text=data.text,
            client_msg_id=data.client_msg_id,
            recipient_id=to_user,
        )
        message = posted.message
        payload = chat_service.to_read(message, chat_service.sender_of(actor)).model_dump(
            mode="json"
        )
        if posted.deliver:
            # A blocked sender is not told: the message is kept but never reaches the blocker.
            blocked = bool(posted.blockers)
            rooms = [user_room(actor.id)] if blocked else [user_room(actor.id), user_room(to_user)]

            async def deliver() -> None:
                await self.gateway.sio.emit("chat:message", payload, room=rooms, skip_sid=ctx.sid)
                if not blocked:
                    readers = [user_room(to_user)]
                    self.gateway.translation.delivered(
                        message, rooms=readers, skip=[ctx.sid], private=True
                    )

            after_commit(ctx.session, deliver)
        return {"ok": True, "message": payload, "held": posted.held}

    async def _blockers_here(self, ctx: EventContext, where: Placement) -> list[str]:
        """Socket ids of the users in this space who block the sender as they appear here
        (by alias for an anonymous participant of a private room)."""
        sender_id = ctx.connection.actor.id
        alias_id = blocks.alias_in(where.masks, sender_id)
        blockers = await blocks.blockers_of(ctx.session, sender_id, alias_id)
        return await self.gateway.presence.devices(where.slug, blockers)

    async def typing(self, ctx: EventContext, data: Typing) -> Ack:
        connection = ctx.connection
        now = time.monotonic()
        # Repeated "still typing" signals are thinned out; "stopped typing" always goes through.
        if data.typing:
            if now - connection.typing_at < TYPING_MIN_INTERVAL:
                return {"ok": True}
            connection.typing_at = now
        actor = connection.actor
        event: dict[str, Any] = {
            "user_id": str(actor.id),
            "display_name": actor.display_name,
            "typing": data.typing,
        }
        if data.space is not None:
            where = _placement_in(ctx, data.space)
            sender = shown_as(actor, where)
            event.update(
                user_id=str(sender.id),
                display_name=sender.display_name,
                space=where.slug,
                instance=where.instance,
            )
            skip = [ctx.sid, *await self._blockers_here(ctx, where)]
            await self.gateway.sio.emit("chat:typing", event, room=where.room, skip_sid=skip)
        elif data.to_user is not None and await _may_reach(ctx, data.to_user):
            await self.gateway.sio.emit("chat:typing", event, room=user_room(data.to_user))
        return {"ok": True}


async def _may_reach(ctx: EventContext, to_user: uuid.UUID) -> bool:
    """Whether DM typing may reach the user: not a blocker of the sender, and someone the
    sender may message (the ack is the same either way, as for a DM to a blocker)."""
    session, actor = ctx.session, ctx.connection.actor
    if await blocks.blocks_sender(session, blocker_id=to_user, sender_id=actor.id):
        return False
    return await contact.may_contact(session, actor=actor, recipient_id=to_user)


def _placement_in(ctx: EventContext, slug: str) -> Placement:
    placement = ctx.connection.placement
    if placement is None or placement.slug != slug:
        raise NotInSpace("Join this space before chatting there.")
    return placement


def register(gateway: Gateway) -> None:
    relay = ChatRelay(gateway)
    handler(gateway, "chat:send", ChatSend)(relay.send)
    handler(gateway, "chat:typing", Typing)(relay.typing)
