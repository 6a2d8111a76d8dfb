/** The Socket.IO protocol as TypeScript types (docs/protocol.md, docs/asyncapi.yaml).

Hand-written: tests/events.test.ts checks these names and payload fields against
docs/asyncapi.yaml, so a change of the gateway's contract breaks the build here. */

export type Badge = string | null;

export interface Sender {
  id: string;
  display_name: string;
  badge: Badge;
}

export interface Position {
  x: number;
  y: number;
  heading: number;
}

export interface Occupant {
  user_id: string;
  n: number;
  display_name: string;
  badge: Badge;
  x: number;
  y: number;
  heading: number;
}

/** A message in the reader's language (the original stays in the message's `text`). */
export interface Translation {
  lang: string;
  text: string;
  source_lang: string;
  provider: string;
}

export interface ChatMessage {
  id: string;
  space?: string | null;
  instance?: number | null;
  conversation?: string | null;
  sender: Sender;
  text: string;
  created_at: string;
  client_msg_id?: string | null;
  /** Order within its space instance or conversation, taken at commit. */
  seq: number;
  /** The language the text was detected in; "und" when too short or mixed to tell. */
  lang: string;
  /** In history: the message in the caller's language, when it was translated. */
  translation?: Translation | null;
}

/** `chat:translation`: a chat:message already received, in the reader's language. */
export interface ChatTranslation extends Translation {
  message_id: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export type Ack<T extends object = Record<never, never>> =
  | ({ ok: true } & T)
  | { ok: false; error: ErrorBody };

// --- client -> server payloads ------------------------------------------------------------

export interface SpaceJoin {
  space: string;
  appointment?: string | null;
}
export type Empty = Record<never, never>;
export interface Move {
  x: number;
  y: number;
  z?: number | null;
  heading?: number;
}
export interface ChatSend {
  space?: string | null;
  to_user?: string | null;
  text: string;
  client_msg_id: string;
}
export interface Typing {
  space?: string | null;
  to_user?: string | null;
  typing?: boolean;
}
export interface CallInvite {
  to_user: string;
  kind?: "audio" | "video";
}
export interface CallRef {
  call_id: string;
}
export interface CallSignal {
  call_id: string;
  data: Record<string, unknown>;
}

/** Client -> server: payload and the ack's success fields. */

export interface ClientRequests {
  "space:join": [
    SpaceJoin,
    { space: { slug: string; instance: number }; occupants: Occupant[]; position: Position },
  ];
  "space:leave": [Empty, Empty];
  move: [Move, { position: Position; corrected: boolean }];
  "chat:send": [ChatSend, { message: ChatMessage; held: boolean }];
  "chat:typing": [Typing, Empty];
  "call:invite": [CallInvite, { call_id: string; ice_transport_policy: IceTransportPolicy }];
  "call:accept": [CallRef, { ice_transport_policy: IceTransportPolicy }];
  "call:signal": [CallSignal, { relayed?: boolean }];
  "call:end": [CallRef, Empty];
}

// --- server -> client payloads ------------------------------------------------------------

export interface SpaceJoined {
  space: string;
  instance: number;
  occupant: Occupant;
}
export interface SpaceLeft {
  space: string;
  instance: number;
  user_id: string;
}
export interface SpacePositions {
  space: string;
  instance: number;
  positions: [number, number, number, number][];
}
export interface TypingEvent {
  user_id: string;
  display_name: string;
  typing: boolean;
  space?: string;
  instance?: number;
}
export type IceTransportPolicy = "all" | "relay";
export interface CallIncoming {
  call_id: string;
  kind: "audio" | "video";
  from: Sender;
  /** Present when you were called by your alias in a private room. */
  to?: Sender;
  ice_transport_policy: IceTransportPolicy;
}
export interface ModerationNotice {
  action: string;
  reason?: string;
  until?: string | null;
  sanction_id?: string;
  rule?: string;
  rule_text?: string;
  appeal?: { until?: string; how?: string; token?: string };
  /** With action "support": help lines by language (ko, en), each with a "message". */
  resources?: Record<string, Record<string, string>>;
}
export interface CivilUpdated {
  id: string;
  service?: string;
  status: string;
  reason?: string | null;
  at?: string;
}
/** Officials: a request in one of their departments' queues changed. */
export interface CivilQueued {
  id: string;
  service: string;
  department: string;
  status: string;
  overdue: boolean;
  at: string;
}
export interface ReportResolved {
  report_id: string;
  case_id: string;
  outcome: string;
}
/** Payloads the AsyncAPI document leaves open: the REST read model of the object. */
export type Opaque = Record<string, unknown>;

export interface ServerEvents {
  "space:joined": SpaceJoined;
  "space:left": SpaceLeft;
  "space:positions": SpacePositions;
  "move:corrected": { position: Position };
  "move:rejected": { error: ErrorBody };
  "chat:message": ChatMessage;
  "chat:translation": ChatTranslation;
  "chat:typing": TypingEvent;
  "call:incoming": CallIncoming;
  "call:accepted": CallRef & { ice_transport_policy: IceTransportPolicy };
  "call:signal": { call_id: string; data: Record<string, unknown> };
  "call:ended": { call_id: string; reason: string };
  "session:closed": { reason: string };
  "moderation:notice": ModerationNotice;
  "report:resolved": ReportResolved;
  "appeal:decided": Opaque;
  "civil:updated": CivilUpdated;
  "civil:queue": CivilQueued;
  "proposal:answered": Opaque;
  "event:promoted": Opaque;
  "event:cancelled": Opaque;
  "library:hold_ready": Opaque;
  "business:inquiry": Opaque;
  "business:inquiry_answered": Opaque;
  "business:consultation_booked": Opaque;
  "business:consultation_cancelled": Opaque;
  "counseling:case_booked": Opaque;
}

/** The payload fields of each event, by name ("?" = optional), checked against the types by
the compiler below and against docs/asyncapi.yaml by the tests. */
type Fields<T> = readonly ((keyof T & string) | `${keyof T & string}?`)[];

export const CLIENT_FIELDS = {
  "space:join": ["space", "appointment?"],
  "space:leave": [],
  move: ["x", "y", "z?", "heading?"],
  "chat:send": ["space?", "to_user?", "text", "client_msg_id"],
  "chat:typing": ["space?", "to_user?", "typing?"],
  "call:invite": ["to_user", "kind?"],
  "call:accept": ["call_id"],
  "call:signal": ["call_id", "data"],
  "call:end": ["call_id"],
} as const satisfies { [K in keyof ClientRequests]: Fields<ClientRequests[K][0]> };

export const ACK_FIELDS = {
  "space:join": ["space", "occupants", "position"],
  "space:leave": [],
  move: ["position", "corrected"],
  "chat:send": ["message", "held"],
  "chat:typing": [],
  "call:invite": ["call_id", "ice_transport_policy"],
  "call:accept": ["ice_transport_policy"],
  "call:signal": ["relayed?"],
  "call:end": [],
} as const satisfies { [K in keyof ClientRequests]: Fields<ClientRequests[K][1]> };

export const SERVER_FIELDS = {
  "space:joined": ["space", "instance", "occupant"],
  "space:left": ["space", "instance", "user_id"],
  "space:positions": ["space", "instance", "positions"],
  "move:corrected": ["position"],
  "move:rejected": ["error"],
  "chat:message": [
    "id",
    "space?",
    "instance?",
    "conversation?",
    "sender",
    "text",
    "created_at",
    "client_msg_id?",
    "seq",
    "lang",
    "translation?",
  ],
  "chat:translation": ["message_id", "lang", "text", "source_lang", "provider"],
  "chat:typing": ["user_id", "display_name", "typing", "space?", "instance?"],
  "call:incoming": ["call_id", "kind", "from", "to?", "ice_transport_policy"],
  "call:accepted": ["call_id", "ice_transport_policy"],
  "call:signal": ["call_id", "data"],
  "call:ended": ["call_id", "reason"],
  "session:closed": ["reason"],
  "moderation:notice": ["action", "reason?", "resources?", "until?"],
  "report:resolved": ["report_id", "case_id", "outcome"],
  "appeal:decided": [],
  "civil:updated": ["id", "service?", "status", "reason?", "at?"],
  "civil:queue": ["id", "service", "department", "status", "overdue", "at"],
  "proposal:answered": [],
  "event:promoted": [],
  "event:cancelled": [],
  "library:hold_ready": [],
  "business:inquiry": [],
  "business:inquiry_answered": [],
  "business:consultation_booked": [],
  "business:consultation_cancelled": [],
  "counseling:case_booked": [],
} as const satisfies { [K in keyof ServerEvents]: Fields<ServerEvents[K]> };

/** socket.io-client's typing of the same maps. */
export type ServerToClient = { [K in keyof ServerEvents]: (payload: ServerEvents[K]) => void };
export type ClientToServer = {
  [K in keyof ClientRequests]: (
    payload: ClientRequests[K][0],
    ack: (answer: Ack<ClientRequests[K][1]>) => void,
  ) => void;
};
