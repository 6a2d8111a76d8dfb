/** The token pair, shared by every tab of the app: one refresh at a time across tabs.

Refresh tokens rotate, and presenting a spent one revokes the whole session: two tabs that
refreshed at once would sign each other out. So a refresh runs under a cross-tab lock (Web
Locks), and whoever gets the lock first re-reads the stored pair: when another tab already
replaced the token that looked stale, there is nothing left to do. Other tabs learn of the new
pair through the storage event. */

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  /** Epoch milliseconds at which the access token expires. */
  expires_at: number;
}

export interface TokenStorage {
  load(): TokenPair | null;
  save(pair: TokenPair | null): void;
  /** Calls back when another tab changed the pair; returns an unsubscribe function. */
  watch(onChange: (pair: TokenPair | null) => void): () => void;
}

export type Lock = <T>(work: () => Promise<T>) => Promise<T>;

/** Refresh this long before expiry, so no request carries a token that lapses on the way. */
export const EXPIRY_MARGIN_MS = 30_000;

export class TokenStore {
  private pair: TokenPair | null;
  private pending: Promise<TokenPair> | null = null;
  private readonly listeners = new Set<(pair: TokenPair | null) => void>();

  constructor(
    private readonly storage: TokenStorage,
    private readonly lock: Lock,
    private readonly now: () => number = Date.now,
  ) {
    this.pair = storage.load();
    storage.watch((pair) => {
      this.pair = pair;
      this.emit();
    });
  }

  get current(): TokenPair | null {
    return this.pair;
  }

  set(pair: TokenPair | null): void {
    this.pair = pair;
    this.storage.save(pair);
    this.emit();
  }

  /** Store an answer of /auth/token or /auth/refresh. */
  accept(answer: { access_token: string; refresh_token: string; expires_in: number }): TokenPair {
    const pair = {
      access_token: answer.access_token,
      refresh_token: answer.refresh_token,
      expires_at: this.now() + answer.expires_in * 1000,
    };
    this.set(pair);
    return pair;
  }

  onChange(listener: (pair: TokenPair | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  expiring(pair: TokenPair): boolean {
    return this.now() >= pair.expires_at - EXPIRY_MARGIN_MS;
  }

  /** A usable access token: refreshed first when it is about to expire. */
  async fresh(refresh: (refreshToken: string) => Promise<TokenPair>): Promise<string | null> {
    const pair = this.pair;
    if (pair === null) return null;
    if (!this.expiring(pair)) return pair.access_token;
    return (await this.refresh(pair.access_token, refresh)).access_token;
  }

  /** Replace `stale` (the access token that failed or is expiring) once, whoever asks. */
  refresh(
    stale: string,
    refresh: (refreshToken: string) => Promise<TokenPair>,
  ): Promise<TokenPair> {
    if (this.pending === null) {
      this.pending = this.lock(async () => {
        // Another tab may have refreshed while we waited for the lock.
        const latest = this.storage.load() ?? this.pair;
        if (latest === null) throw new Error("signed out");
        if (latest.access_token !== stale && !this.expiring(latest)) {
          this.pair = latest;
          return latest;
        }
        return refresh(latest.refresh_token);
      }).finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.pair);
  }
}

const KEY = "cityhall.tokens";

/** localStorage plus its storage event (fired in the other tabs of the origin). */
export function browserStorage(key = KEY): TokenStorage {
  const parse = (raw: string | null): TokenPair | null => {
    if (!raw) return null;
    try {
      return JSON.parse(raw) as TokenPair;
    } catch {
      return null;
    }
  };
  return {
    load: () => parse(localStorage.getItem(key)),
    save: (pair) => {
      if (pair === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(pair));
    },
    watch: (onChange) => {
      const handler = (event: StorageEvent) => {
        if (event.key === key) onChange(parse(event.newValue));
      };
      addEventListener("storage", handler);
      return () => removeEventListener("storage", handler);
    },
  };
}

export function memoryStorage(): TokenStorage {
  let pair: TokenPair | null = null;
  return {
    load: () => pair,
    save: (next) => {
      pair = next;
    },
    watch: () => () => undefined,
  };
}

/** The Web Locks API where there is one (browsers); a promise chain otherwise (Node, tests). */
export function defaultLock(name = "cityhall.refresh"): Lock {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return (work) => locks.request(name, work) as ReturnType<typeof work>;
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
