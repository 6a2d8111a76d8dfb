/** Live: the Socket.IO connection of a signed-in user. Acks become return values or ApiError
(with a timeout), chat is resent with the same client_msg_id when an ack is lost, and after a
dropped connection the space is joined again and the missed chat fetched over REST, each message
delivered once and in order. */

import { io, type Socket } from "socket.io-client";
import { ApiError } from "./errors";
import type {
  Ack,
  ChatMessage,
  ClientRequests,
  ClientToServer,
  ServerEvents,
  ServerToClient,
} from "./events";
import { Inbox, spaceChannel } from "./inbox";
import type { Rest } from "./rest";
import { missedMessages } from "./resync";

export type LiveStatus = "connecting" | "online" | "offline" | "closed";

export interface LiveEvents extends ServerEvents {
  "live:status": { status: LiveStatus; reason?: string };
  "live:resynced": { missed: number };
  "live:error": { error: ApiError };
  /** Joined again after a reconnect: the occupants and position as they are now. */
  "space:rejoined": ClientRequests["space:join"][1];
}

export interface LiveOptions {
  ackTimeoutMs?: number;
  sendAttempts?: number;
  /** How long a request waits for a dropped connection to come back. */
  reconnectWaitMs?: number;
  socketFactory?: typeof io;
}

type Handler<T> = (payload: T) => void;
type Placement = { slug: string; instance: number; appointment?: string | undefined };

export class Live {
  readonly socket: Socket<ServerToClient, ClientToServer>;
  status: LiveStatus = "connecting";
  closedReason: string | null = null;
  placement: Placement | null = null;
  /** What was delivered, and where a resync of each channel starts. */
  readonly inbox = new Inbox();
  private readonly handlers = new Map<string, Set<Handler<never>>>();
  private heldBack: ChatMessage[] | null = null;
  private droppedAt = Date.now();
  private opened = false;
  private readonly ackTimeoutMs: number;
  private readonly sendAttempts: number;
  private readonly reconnectWaitMs: number;

  constructor(
    private readonly rest: Rest,
    options: LiveOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.sendAttempts = options.sendAttempts ?? 3;
    this.reconnectWaitMs = options.reconnectWaitMs ?? 30_000;
    const factory = options.socketFactory ?? io;
    this.socket = factory(rest.baseUrl || undefined, {
      autoConnect: false,
      transports: ["websocket"],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // Read again at every (re)connect, so a reconnect never presents an expired token.
      auth: (cb) => {
        rest.accessToken().then(
          (token) => cb({ token: token ?? "" }),
          () => cb({ token: "" }),
        );
      },
    }) as Socket<ServerToClient, ClientToServer>;
    this.socket.on("connect", () => this.onConnect());
    this.socket.on("disconnect", (reason) => this.onDisconnect(reason));
    this.socket.on("connect_error", (error) => this.onConnectError(error));
    this.socket.onAny((event: string, payload: unknown) => this.onEvent(event, payload));
  }

  /** Connect; resolves once connected, rejects with the refusal (unauthorized...). */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.socket.off("connect", done);
        this.off("live:status", failed);
        resolve();
      };
      const failed = ({ status, reason }: LiveEvents["live:status"]) => {
        if (status !== "closed") return;
        this.socket.off("connect", done);
        this.off("live:status", failed);
        reject(new ApiError(null, reason ?? "closed", reason ?? "closed"));
      };
      this.socket.on("connect", done);
      this.on("live:status", failed);
      this.setStatus("connecting");
      this.socket.connect();
    });
  }

  close(): void {
    this.closedReason ??= "closed";
    this.socket.disconnect();
    this.setStatus("closed", this.closedReason);
  }

  on<K extends keyof LiveEvents>(event: K, handler: Handler<LiveEvents[K]>): () => void {
    const set = this.handlers.get(event) ?? new Set<Handler<never>>();
    this.handlers.set(event, set);
    set.add(handler as Handler<never>);
    return () => this.off(event, handler);
  }

  off<K extends keyof LiveEvents>(event: K, handler: Handler<LiveEvents[K]>): void {
    this.handlers.get(event)?.delete(handler as Handler<never>);
  }

  // --- requests ----------------------------------------------------------------------------

  async join(space: string, appointment?: string): Promise<ClientRequests["space:join"][1]> {
    const payload = appointment ? { space, appointment } : { space };
    const answer = await this.request("space:join", payload);
    this.placement = { ...answer.space, appointment };
    const channel = spaceChannel(answer.space.slug, answer.space.instance);
    if (!this.inbox.cursors.has(channel)) {
      this.inbox.cursors.set(channel, await this.newestId(answer.space));
    }
    return answer;
  }

  /** Where a resync will start from: the newest message of the channel now. */
  private async newestId(space: { slug: string; instance: number }): Promise<string | null> {
    const { data } = await this.rest.api.GET("/api/v1/spaces/{slug}/messages", {
      params: { path: { slug: space.slug }, query: { instance: space.instance, limit: 1 } },
    });
    return data?.items[0]?.id ?? null;
  }

  async leave(): Promise<void> {
    await this.request("space:leave", {});
    this.placement = null;
  }

  /** Fire and forget: the server answers only move:corrected or move:rejected. */
  move(x: number, y: number, heading: number): void {
    if (!this.socket.connected) return; // a stale position is worth nothing
    (this.socket as unknown as Socket).emit("move", { x, y, heading });
  }

  say(text: string): Promise<ClientRequests["chat:send"][1]> {
    const space = this.placement?.slug;
    if (!space) return Promise.reject(new ApiError(null, "not_in_space", "Join a space first."));
    return this.send({ space }, text);
  }

  dm(userId: string, text: string): Promise<ClientRequests["chat:send"][1]> {
    return this.send({ to_user: userId }, text);
  }

  async typing(typing: boolean, toUser?: string): Promise<void> {
    const target = toUser ? { to_user: toUser } : { space: this.placement?.slug ?? null };
    await this.request("chat:typing", { ...target, typing });
  }

  request<K extends keyof ClientRequests>(
    event: K,
    payload: ClientRequests[K][0],
  ): Promise<ClientRequests[K][1]> {
    return this.whenOnline().then(() => this.emitOnce(event, payload));
  }

  /** A chat line, resent with the same client_msg_id while no ack comes: the server stores
  it at most once and delivers it once. */
  private async send(
    target: { space: string } | { to_user: string },
    text: string,
  ): Promise<ClientRequests["chat:send"][1]> {
    const payload = { ...target, text, client_msg_id: globalThis.crypto.randomUUID() };
    for (let attempt = 0; attempt < this.sendAttempts; attempt++) {
      await this.whenOnline();
      try {
        const answer = await this.emitOnce("chat:send", payload);
        this.inbox.accept(answer.message);
        return answer;
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== "ack_timeout") throw error;
      }
    }
    throw new ApiError(null, "not_delivered", "No answer; the message may not have been sent.");
  }

  private async emitOnce<K extends keyof ClientRequests>(
    event: K,
    payload: ClientRequests[K][0],
  ): Promise<ClientRequests[K][1]> {
    let answer: Ack<ClientRequests[K][1]>;
    try {
      const socket = this.socket.timeout(this.ackTimeoutMs) as unknown as Socket;
      answer = await socket.emitWithAck(event, payload);
    } catch {
      throw new ApiError(null, "ack_timeout", `${event} got no answer.`);
    }
    if (answer?.ok) return answer;
    const error = answer?.ok === false ? answer.error : { code: "invalid_ack", message: "?" };
    throw new ApiError(null, error.code, error.message, error.details);
  }

  private whenOnline(): Promise<void> {
    if (this.closedReason !== null) {
      return Promise.reject(new ApiError(null, "session_closed", this.closedReason));
    }
    if (this.status === "online") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new ApiError(null, "offline", "Not connected."));
      }, this.reconnectWaitMs);
      const stop = this.on("live:status", ({ status, reason }) => {
        if (status === "online") resolve();
        else if (status === "closed") reject(new ApiError(null, "session_closed", reason ?? ""));
        else return;
        clearTimeout(timer);
        stop();
      });
    });
  }

  // --- connection events --------------------------------------------------------------------

  private onConnect(): void {
    if (!this.opened) {
      this.opened = true;
      this.setStatus("online");
      return;
    }
    this.heldBack = [];
    void this.recover();
  }

  private onDisconnect(reason: string): void {
    this.droppedAt = Date.now();
    if (this.closedReason !== null) return;
    this.setStatus("offline", reason);
    // Cut off as a slow consumer: socket.io clients do not retry that by themselves.
    if (reason === "io server disconnect") this.socket.connect();
  }

  private async onConnectError(error: Error & { data?: { code?: string } }): Promise<void> {
    const code = error.data?.code;
    if (code === "unauthorized") {
      const stale = this.rest.tokens.current?.access_token;
      try {
        if (!stale) throw new ApiError(401, "unauthorized", "signed out");
        await this.rest.refreshAfter(stale);
        this.socket.connect();
      } catch {
        this.closedReason = "unauthorized";
        this.setStatus("closed", "unauthorized");
      }
    } else if (code) {
      this.closedReason = code; // account_disabled: nothing to retry
      this.setStatus("closed", code);
    } else if (!this.socket.active) {
      this.setStatus("offline", error.message);
    }
  }

  private onEvent(event: string, payload: unknown): void {
    if (event === "session:closed") {
      this.closedReason = (payload as { reason?: string })?.reason ?? "closed";
      this.emit(event, payload);
      this.socket.disconnect();
      this.setStatus("closed", this.closedReason);
      return;
    }
    if (event !== "chat:message") {
      this.emit(event, payload);
      return;
    }
    const message = payload as ChatMessage;
    if (this.heldBack !== null) this.heldBack.push(message);
    else if (this.inbox.accept(message)) this.emit("chat:message", message);
  }

  /** Back after a drop: the server forgot us, so join again; then deliver what was said
  meanwhile, then what arrived live during the resync, each once and in order. */
  private async recover(): Promise<void> {
    let missed: ChatMessage[] = [];
    try {
      if (this.placement) {
        const { slug, appointment } = this.placement;
        const answer = await this.emitOnce(
          "space:join",
          appointment ? { space: slug, appointment } : { space: slug },
        );
        this.placement = { ...answer.space, appointment };
        this.emit("space:rejoined", answer);
      }
      missed = await missedMessages(this.rest, this.inbox.cursors, this.droppedAt, (id) =>
        this.inbox.seen(id),
      );
    } catch (error) {
      if (error instanceof ApiError) this.emit("live:error", { error });
    } finally {
      const held = this.heldBack ?? [];
      this.heldBack = null;
      for (const message of [...missed, ...held]) {
        if (this.inbox.accept(message)) this.emit("chat:message", message);
      }
      this.setStatus("online");
      this.emit("live:resynced", { missed: missed.length });
    }
  }

  private setStatus(status: LiveStatus, reason?: string): void {
    this.status = status;
    this.emit("live:status", reason === undefined ? { status } : { status, reason });
  }

  private emit(event: string, payload: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        (handler as Handler<unknown>)(payload);
      } catch (error) {
        console.error(`handler of ${event} failed`, error);
      }
    }
  }
}
