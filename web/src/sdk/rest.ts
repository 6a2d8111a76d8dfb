/** REST under /api/v1 through openapi-fetch, typed by the committed OpenAPI document, with the
bearer token kept fresh by a middleware: refreshed before expiry, and once more (the request
then replayed once) when the server answers 401 for a token it no longer takes. */

import createClient, { type Client, type Middleware } from "openapi-fetch";
import { ApiError } from "./errors";
import type { components, paths } from "./openapi.gen";
import {
  defaultLock,
  type Lock,
  memoryStorage,
  type TokenPair,
  type TokenStorage,
  TokenStore,
} from "./tokens";

export type Schemas = components["schemas"];
export type Api = Client<paths>;
const RETRYABLE_401 = new Set(["invalid_token", "unauthorized"]);
// Sent without a bearer token: a stale one must not turn sign-in into a 401.
const ANONYMOUS = new Set(["/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/register"]);

export interface RestOptions {
  /** The server's origin, e.g. "https://cityhall.example"; "" for the page's own origin. */
  baseUrl: string;
  storage?: TokenStorage;
  lock?: Lock;
  fetch?: typeof fetch;
}

export interface Rest {
  api: Api;
  tokens: TokenStore;
  baseUrl: string;
  signIn(email: string, password: string): Promise<TokenPair>;
  signOut(): Promise<void>;
  /** The current access token (refreshed if needed), or null when signed out. */
  accessToken(): Promise<string | null>;
  /** Replace a token the server refused (`stale`); shared with every caller and tab. */
  refreshAfter(stale: string): Promise<TokenPair>;
}

/** The data of an openapi-fetch answer, or its error envelope as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw ApiError.fromBody(response.status, error);
  return data as T;
}

export function createRest(options: RestOptions): Rest {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const tokens = new TokenStore(options.storage ?? memoryStorage(), options.lock ?? defaultLock());
  const api = createClient<paths>({ baseUrl, fetch: doFetch });
  const replays = new WeakMap<Request, Request>();

  async function exchange(refreshToken: string): Promise<TokenPair> {
    const response = await doFetch(`${baseUrl}/api/v1/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      // A refresh token that no longer works (used, revoked): the session is over.
      if (response.status === 401) tokens.set(null);
      throw ApiError.fromBody(response.status, body);
    }
    return tokens.accept(body);
  }

  const auth: Middleware = {
    async onRequest({ request, schemaPath }) {
      if (request.headers.has("Authorization") || ANONYMOUS.has(schemaPath)) return;
      const token = await tokens.fresh(exchange);
      if (token === null) return;
      request.headers.set("Authorization", `Bearer ${token}`);
      replays.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const replay = replays.get(request);
      if (response.status !== 401 || replay === undefined) return;
      const code = (
        (await response
          .clone()
          .json()
          .catch(() => null)) as { error?: { code?: string } }
      )?.error?.code;
      if (!code || !RETRYABLE_401.has(code)) return;
      const stale = (request.headers.get("Authorization") ?? "").replace(/^Bearer /, "");
      const pair = await tokens.refresh(stale, exchange).catch(() => null);
      if (pair === null) return;
      replay.headers.set("Authorization", `Bearer ${pair.access_token}`);
      return doFetch(replay);
    },
  };
  api.use(auth);

  return {
    api,
    tokens,
    baseUrl,
    async signIn(email, password) {
      const answer = await unwrap(
        api.POST("/api/v1/auth/token", {
          body: { username: email, password, scope: "" },
          bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      );
      return tokens.accept(answer);
    },
    async signOut() {
      if (tokens.current) await api.POST("/api/v1/auth/logout", {}).catch(() => undefined);
      tokens.set(null);
    },
    accessToken: () => tokens.fresh(exchange),
    refreshAfter: (stale) => tokens.refresh(stale, exchange),
  };
}
