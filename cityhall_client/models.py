"""Typed views of what the platform answers: accounts, spaces, chat and moderation.

Unknown fields are ignored, so a newer server does not break an older client. Ids are kept as
strings: they are only ever passed back to the server."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Page(Model, Generic[T]):
    """A cursor page: pass `next_cursor` back (as `cursor`, or `before_seq`/`after_seq` for
    chat)."""

    items: list[T]
    next_cursor: str | None = None


class TokenPair(Model):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 (the OAuth2 token type, not a secret)
    expires_in: int


class User(Model):
    id: str
    email: str
    display_name: str
    locale: str
    # Whether chat in other languages reaches this user translated into `locale`.
    translate_chat: bool = True
    status: str
    roles: list[str]
    badge: str | None
    created_at: datetime


class Point(Model):
    x: float
    y: float


class Bounds(Model):
    min_x: float
    min_y: float
    max_x: float
    max_y: float


class Space(Model):
    slug: str
    name_ko: str
    name_en: str
    kind: str
    capacity: int
    access: str
    allowed_roles: list[str]
    overflow: bool
    bounds: Bounds
    spawn: Point
    can_enter: bool | None = None


class Occupant(Model):
    user_id: str
    n: int | None = None
    display_name: str
    badge: str | None
    x: float
    y: float
    heading: float


class PresenceInstance(Model):
    instance: int
    occupants: list[Occupant]


class Presence(Model):
    space: str
    capacity: int
    instances: list[PresenceInstance]


class Position(Model):
    x: float
    y: float
    heading: float = 0.0


class Placement(Model):
    slug: str
    instance: int


class JoinResult(Model):
    """The `space:join` ack: where the server put you, who is there, your position."""

    space: Placement
    occupants: list[Occupant]
    position: Position


class Sender(Model):
    id: str
    display_name: str
    badge: str | None


class Translation(Model):
    lang: str
    text: str
    source_lang: str
    provider: str


class ChatTranslation(Translation):
    """`chat:translation`: a chat:message you received, in your language."""

    message_id: str


class LanguagePair(Model):
    source: str
    target: str


class TranslationLanguages(Model):
    """What the city translates: the locales an account may choose, and the pairs."""

    provider: str
    translates: bool
    locales: list[str]
    pairs: list[LanguagePair]
    private_chats: bool


class Message(Model):
    id: str
    space: str | None = None
    instance: int | None = None
    conversation: str | None = None
    sender: Sender
    text: str
    created_at: datetime
    client_msg_id: str
    # Position in its channel, in commit order (see Inbox).
    seq: int
    # The language the text was detected in; "und" when too short or mixed to tell.
    lang: str = "und"
    # In history: the message in your language, when it was translated (live, it follows as
    # a `chat:translation` event).
    translation: Translation | None = None


class SentMessage(Model):
    """A `chat:send` ack: the stored message (its text masked if moderation starred words
    out) and whether it was held for a moderator instead of delivered."""

    message: Message
    held: bool = False

    def masked(self, sent_text: str) -> bool:
        return self.message.text != sent_text


class Conversation(Model):
    id: str
    with_user: Sender
    last_message_at: datetime


class Report(Model):
    id: str
    case_id: str
    category: str
    created_at: datetime
    status: str
    outcome: str | None


class Case(Model):
    """A moderation case as the review queue shows it."""

    id: str
    target_type: str
    target_id: str
    subject_id: str
    category: str
    severity: int
    status: str
    report_count: int
    priority: float
    involves_minor: bool
    automatic: bool
    assigned_to_id: str | None
    opened_at: datetime
    outcome: str | None


class CaseDetail(Case):
    evidence: dict[str, Any]


class Decision(Model):
    id: str
    rule: str
    reason: str
    actions: list[dict[str, Any]]
    created_at: datetime


class SpaceJoined(Model):
    space: str
    instance: int
    occupant: Occupant


class SpaceLeft(Model):
    space: str
    instance: int
    user_id: str


class Positions(Model):
    """A tick's batch: `[n, x, y, heading]` per avatar that moved near you."""

    space: str
    instance: int
    positions: list[tuple[int, float, float, float]]


class CallIncoming(Model):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    call_id: str
    kind: str
    # `from` on the wire, a keyword in Python.
    sender: Sender | None = Field(default=None, alias="from")
