/** The moderators' live queue: the `/moderation` Socket.IO namespace (moderator or admin role).
New and changed cases and new appeals arrive as they happen; after a dropped connection the
feed says so (`feed:resynced`) and the caller reads the queue again over REST, since events
sent meanwhile are not replayed. */

import { io, type Socket } from "socket.io-client";
import { ApiError } from "./errors";
import type { components } from "./openapi.gen";
import type { Rest } from "./rest";

export type CaseSummary = components["schemas"]["CaseSummary"];
export type AppealRead = components["schemas"]["AppealRead"];

export interface ModerationEvents {
  "case:opened": CaseSummary;
  "case:updated": CaseSummary;
  "appeal:filed": AppealRead;
}

/** The events of the namespace, checked against docs/asyncapi.yaml by the tests. */
export const MODERATION_EVENTS = ["case:opened", "case:updated", "appeal:filed"] as const;

export type FeedStatus = "connecting" | "online" | "offline" | "closed";

interface FeedEvents extends ModerationEvents {
  "feed:status": { status: FeedStatus; reason?: string };
  /** Back after a drop: whatever happened meanwhile must be read again. */
  "feed:resynced": Record<never, never>;
}

type Handler<T> = (payload: T) => void;

export class ModerationFeed {
  readonly socket: Socket;
  status: FeedStatus = "connecting";
  private readonly handlers = new Map<string, Set<Handler<never>>>();
  private opened = false;

  constructor(
    private readonly rest: Rest,
    factory: typeof io = io,
  ) {
    this.socket = factory(`${rest.baseUrl}/moderation`, {
      autoConnect: false,
      transports: ["websocket"],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      auth: (cb) => {
        rest.accessToken().then(
          (token) => cb({ token: token ?? "" }),
          () => cb({ token: "" }),
        );
      },
    });
    this.socket.on("connect", () => {
      const again = this.opened;
      this.opened = true;
      this.setStatus("online");
      if (again) this.emit("feed:resynced", {});
    });
    this.socket.on("disconnect", (reason) => {
      if (this.status === "closed") return;
      this.setStatus("offline", reason);
      if (reason === "io server disconnect") this.socket.connect();
    });
    this.socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      void this.refused(error.data?.code);
    });
    this.socket.onAny((event: string, payload: unknown) => this.emit(event, payload));
  }

  /** Connect; rejects with the refusal (`forbidden` for someone not a moderator). */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const stop = this.on("feed:status", ({ status, reason }) => {
        if (status === "online") resolve();
        else if (status === "closed") reject(new ApiError(null, reason ?? "closed", reason ?? ""));
        else return;
        stop();
      });
      this.setStatus("connecting");
      this.socket.connect();
    });
  }

  close(): void {
    this.setStatus("closed");
    this.socket.disconnect();
  }

  on<K extends keyof FeedEvents>(event: K, handler: Handler<FeedEvents[K]>): () => void {
    const set = this.handlers.get(event) ?? new Set<Handler<never>>();
    this.handlers.set(event, set);
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  private async refused(code: string | undefined): Promise<void> {
    if (code === "unauthorized") {
      const stale = this.rest.tokens.current?.access_token;
      const fresh = stale ? await this.rest.refreshAfter(stale).catch(() => null) : null;
      if (fresh) {
        this.socket.connect();
        return;
      }
    }
    if (code) {
      this.socket.disconnect();
      this.setStatus("closed", code);
    } else if (!this.socket.active) {
      this.setStatus("offline");
    }
  }

  private setStatus(status: FeedStatus, reason?: string): void {
    this.status = status;
    this.emit("feed:status", reason === undefined ? { status } : { status, reason });
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
