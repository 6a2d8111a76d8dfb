import { describe, expect, it } from "vitest";
import { createRest } from "../src/sdk/rest";
import { defaultLock, type TokenPair, type TokenStorage, TokenStore } from "../src/sdk/tokens";

/** Two "tabs": two stores over one shared storage, with one lock, like localStorage + Web Locks. */
function sharedStorage(): { tab: () => TokenStorage; set: (pair: TokenPair) => void } {
  let value: TokenPair | null = null;
  const watchers = new Set<(pair: TokenPair | null) => void>();
  return {
    set: (pair) => {
      value = pair;
    },
    tab: () => {
      let mine: ((pair: TokenPair | null) => void) | null = null;
      return {
        load: () => value,
        save: (pair) => {
          value = pair;
          for (const w of watchers) if (w !== mine) w(pair);
        },
        watch: (onChange) => {
          mine = onChange;
          watchers.add(onChange);
          return () => watchers.delete(onChange);
        },
      };
    },
  };
}

describe("one refresh shared across tabs", () => {
  it("two tabs with an expiring token spend the refresh token once", async () => {
    const storage = sharedStorage();
    storage.set({ access_token: "a1", refresh_token: "r1", expires_at: Date.now() + 1000 });
    const lock = defaultLock();
    const tabA = new TokenStore(storage.tab(), lock);
    const tabB = new TokenStore(storage.tab(), lock);
    const spent: string[] = [];
    const exchange = (store: TokenStore) => async (refreshToken: string) => {
      spent.push(refreshToken);
      await new Promise((r) => setTimeout(r, 20));
      return store.accept({ access_token: "a2", refresh_token: "r2", expires_in: 900 });
    };
    const [a, b] = await Promise.all([tabA.fresh(exchange(tabA)), tabB.fresh(exchange(tabB))]);
    expect(spent).toEqual(["r1"]);
    expect(a).toBe("a2");
    expect(b).toBe("a2");
    expect(tabB.current?.refresh_token).toBe("r2");
  });

  it("concurrent requests in one tab refresh once", async () => {
    const storage = sharedStorage();
    storage.set({ access_token: "a1", refresh_token: "r1", expires_at: Date.now() - 1 });
    const store = new TokenStore(storage.tab(), defaultLock());
    let calls = 0;
    const exchange = async () => {
      calls++;
      return store.accept({ access_token: "a2", refresh_token: "r2", expires_in: 900 });
    };
    const tokens = await Promise.all([1, 2, 3].map(() => store.fresh(exchange)));
    expect(tokens).toEqual(["a2", "a2", "a2"]);
    expect(calls).toBe(1);
  });
});

describe("the REST auth middleware", () => {
  function fakeServer() {
    const seen: { path: string; auth: string | null }[] = [];
    let valid = "a1";
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      seen.push({ path, auth: request.headers.get("Authorization") });
      if (path === "/api/v1/auth/refresh") {
        valid = "a2";
        return Response.json({ access_token: "a2", refresh_token: "r2", expires_in: 900 });
      }
      if (request.headers.get("Authorization") !== `Bearer ${valid}`) {
        return Response.json({ error: { code: "invalid_token", message: "no" } }, { status: 401 });
      }
      return Response.json({ id: "me", display_name: "김" });
    };
    return { seen, fetch };
  }

  it("refreshes a token that is about to expire before the request", async () => {
    const server = fakeServer();
    const rest = createRest({ baseUrl: "http://city.test", fetch: server.fetch });
    rest.tokens.set({ access_token: "a1", refresh_token: "r1", expires_at: Date.now() + 5000 });
    const { data } = await rest.api.GET("/api/v1/users/me");
    expect(data?.display_name).toBe("김");
    expect(server.seen.map((s) => s.path)).toEqual(["/api/v1/auth/refresh", "/api/v1/users/me"]);
    expect(server.seen[1]?.auth).toBe("Bearer a2");
  });

  it("refreshes once and replays the request when the server refuses the token", async () => {
    const server = fakeServer();
    const rest = createRest({ baseUrl: "http://city.test", fetch: server.fetch });
    rest.tokens.set({ access_token: "a0", refresh_token: "r1", expires_at: Date.now() + 600_000 });
    const { data, response } = await rest.api.GET("/api/v1/users/me");
    expect(response.status).toBe(200);
    expect(data?.id).toBe("me");
    expect(server.seen.map((s) => s.auth)).toEqual(["Bearer a0", null, "Bearer a2"]);
    expect(rest.tokens.current?.refresh_token).toBe("r2");
  });
});
