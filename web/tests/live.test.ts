/** The live SDK against a scripted socket: acks with timeouts, chat resent with the same
client_msg_id, and after a reconnect the space joined again and the missed chat fetched once. */

import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../src/sdk/events";
import { Live } from "../src/sdk/live";
import { createRest } from "../src/sdk/rest";

type Handler = (...args: unknown[]) => void;

/** Just enough of socket.io-client's Socket: the test plays the server. */
class ScriptedSocket {
  connected = false;
  active = true;
  handlers = new Map<string, Handler[]>();
  any: Handler[] = [];
  sent: { event: string; payload: Record<string, unknown> }[] = [];
  answer: (event: string, payload: Record<string, unknown>) => unknown = () => ({ ok: true });

  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  off(event: string, handler: Handler) {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== handler),
    );
    return this;
  }
  onAny(handler: Handler) {
    this.any.push(handler);
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  push(event: string, payload: unknown) {
    for (const handler of this.any) handler(event, payload);
  }
  connect() {
    this.connected = true;
    queueMicrotask(() => this.fire("connect"));
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  drop() {
    this.connected = false;
    this.fire("disconnect", "transport close");
  }
  emit(event: string, payload: Record<string, unknown>) {
    this.sent.push({ event, payload });
  }
  timeout(_ms: number) {
    return {
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        this.sent.push({ event, payload });
        const answer = this.answer(event, payload);
        if (answer === "timeout") throw new Error("operation has timed out");
        return answer;
      },
    };
  }
}

const JOINED = {
  ok: true,
  space: { slug: "seoul-plaza", instance: 1 },
  occupants: [],
  position: { x: 0, y: 0, heading: 0 },
};

let seq = 0;

function message(id: string, text: string, at: string): ChatMessage {
  return {
    seq: ++seq,
    id,
    space: "seoul-plaza",
    instance: 1,
    conversation: null,
    sender: { id: "u", display_name: "김", badge: null },
    text,
    created_at: at,
    lang: "ko",
  };
}

function setup(history: ChatMessage[] = []) {
  const socket = new ScriptedSocket();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(new Request(input, init).url);
    if (url.pathname === "/api/v1/conversations") return Response.json([]);
    const after = url.searchParams.get("after");
    const limit = Number(url.searchParams.get("limit"));
    // Newest first, like the server; `after` gives what came later.
    const newer = after ? history.slice(history.findIndex((m) => m.id === after) + 1) : history;
    const items = [...newer].reverse().slice(0, limit);
    return Response.json({ items, next_cursor: null });
  };
  const rest = createRest({ baseUrl: "http://city.test", fetch });
  rest.tokens.set({ access_token: "a", refresh_token: "r", expires_at: Date.now() + 600_000 });
  const live = new Live(rest, {
    ackTimeoutMs: 10,
    socketFactory: (() => socket) as never,
  });
  return { socket, live };
}

describe("Live", () => {
  it("turns acks into values and refusals into errors with the server's code", async () => {
    const { socket, live } = setup();
    socket.answer = (event) =>
      event === "space:join" ? JOINED : { ok: false, error: { code: "muted", message: "no" } };
    await live.open();
    expect((await live.join("seoul-plaza")).space.instance).toBe(1);
    await expect(live.say("안녕")).rejects.toMatchObject({ code: "muted" });
  });

  it("resends a chat line with the same client_msg_id when the ack is lost", async () => {
    const { socket, live } = setup();
    let attempts = 0;
    socket.answer = (event, payload) => {
      if (event === "space:join") return JOINED;
      attempts++;
      if (attempts < 3) return "timeout";
      return {
        ok: true,
        held: false,
        message: message("m1", String(payload.text), "2026-12-04T10:00:00Z"),
      };
    };
    await live.open();
    await live.join("seoul-plaza");
    const answer = await live.say("세 번째에 닿는 말");
    expect(answer.message.id).toBe("m1");
    const ids = socket.sent
      .filter((s) => s.event === "chat:send")
      .map((s) => s.payload.client_msg_id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });

  it("gives up after its attempts, saying the line may not have been sent", async () => {
    const { socket, live } = setup();
    socket.answer = (event) => (event === "space:join" ? JOINED : "timeout");
    await live.open();
    await live.join("seoul-plaza");
    await expect(live.say("닿지 않는 말")).rejects.toMatchObject({ code: "not_delivered" });
  });

  it("after a reconnect joins again and delivers what was missed, each once and in order", async () => {
    const history = [message("m1", "before", "2026-12-04T10:00:00Z")];
    const { socket, live } = setup(history);
    socket.answer = () => JOINED;
    const seen: string[] = [];
    live.on("chat:message", (m) => seen.push(m.text));
    await live.open();
    await live.join("seoul-plaza");
    socket.push("chat:message", message("m2", "live", "2026-12-04T10:00:01Z"));
    history.push(message("m2", "live", "2026-12-04T10:00:01Z"));

    socket.drop();
    history.push(message("m3", "missed", "2026-12-04T10:00:02Z"));
    history.push(message("m4", "missed too", "2026-12-04T10:00:03Z"));
    const resynced = new Promise<{ missed: number }>((resolve) =>
      live.on("live:resynced", resolve),
    );
    socket.connect();
    expect((await resynced).missed).toBe(2);
    socket.push("chat:message", message("m4", "missed too", "2026-12-04T10:00:03Z"));
    expect(seen).toEqual(["live", "missed", "missed too"]);
    expect(socket.sent.filter((s) => s.event === "space:join")).toHaveLength(2);
    expect(live.status).toBe("online");
  });
});
