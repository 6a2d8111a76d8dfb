/** A chat channel (a space instance or a DM): paged history, live lines as a polite log,
translations into the reader's language (the original one click away), typing, and a composer
that never sends on the Enter that ends a Korean IME composition. */

import { lazy, Suspense } from "preact/compat";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type ChatMessage, type Translation } from "../sdk";
import { label, languageName, t, time } from "../ui/i18n";
import { live, loadMute, me, muted, mutedUntil } from "./session";

const Actions = lazy(() => import("./panels/actions"));

export type Line = ChatMessage | { id: string; system: string };
export interface ChatSource {
  /** Older messages before `before` (newest first), and the cursor of the next page. */
  page(before: string | null): Promise<{ items: ChatMessage[]; next_cursor?: string | null }>;
  belongs(message: ChatMessage): boolean;
  send(text: string): Promise<{ message: ChatMessage; held: boolean }>;
  typing(on: boolean): void;
  /** The typing events of this channel. */
  typingFrom(event: { space?: string; user_id: string }): boolean;
}

const TYPING_EVERY_MS = 2000;
const TYPING_SHOWN_MS = 4000;
const KEEP_LINES = 300;

export function Chat(props: { source: ChatSource; title: string; system?: Line[] }) {
  const { source } = props;
  const [lines, setLines] = useState<Line[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [typers, setTypers] = useState<Record<string, { name: string; until: number }>>({});
  const [target, setTarget] = useState<ChatMessage | null>(null);
  // By message id: live `chat:translation`s and those history carries.
  const [translations, setTranslations] = useState<Record<string, Translation>>({});

  const add = (line: Line) =>
    setLines((current) =>
      current.some((l) => l.id === line.id) ? current : [...current, line].slice(-KEEP_LINES),
    );

  useEffect(() => {
    void older(null);
    const connection = live.value;
    if (!connection) return;
    const offMessage = connection.on("chat:message", (message) => {
      if (!source.belongs(message)) return;
      add(message);
      setTypers(({ [message.sender.id]: _, ...rest }) => rest);
    });
    const offTranslation = connection.on("chat:translation", ({ message_id, ...rest }) => {
      setTranslations((current) => ({ ...current, [message_id]: rest }));
    });
    const offTyping = connection.on("chat:typing", (event) => {
      if (!source.typingFrom(event)) return;
      setTypers((current) => {
        const { [event.user_id]: _, ...rest } = current;
        if (!event.typing) return rest;
        return {
          ...rest,
          [event.user_id]: { name: event.display_name, until: Date.now() + TYPING_SHOWN_MS },
        };
      });
    });
    return () => {
      offMessage();
      offTranslation();
      offTyping();
    };
  }, [source]);

  useEffect(() => {
    for (const line of props.system ?? []) add(line);
  }, [props.system]);

  useEffect(() => {
    const timer = setInterval(() => {
      setTypers((current) => {
        const now = Date.now();
        const kept = Object.entries(current).filter(([, v]) => v.until > now);
        return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  async function older(before: string | null) {
    setBusy(true);
    try {
      const page = await source.page(before);
      const items = [...page.items].reverse();
      const carried = items.filter((m) => m.translation);
      if (carried.length) {
        setTranslations((current) => ({
          ...Object.fromEntries(carried.map((m) => [m.id, m.translation as Translation])),
          ...current,
        }));
      }
      // A reload (after a reconnect) may bring lines already shown: keep each once.
      setLines((current) => {
        const shown = new Set(current.map((line) => line.id));
        return [...items.filter((m) => !shown.has(m.id)), ...current];
      });
      setCursor(page.next_cursor ?? null);
    } finally {
      setBusy(false);
    }
  }

  const typing = Object.values(typers).map((v) => v.name);
  const oldest = lines.find((l): l is ChatMessage => "sender" in l);
  return (
    <section class="chat" aria-label={props.title}>
      <h2>{props.title}</h2>
      {cursor && oldest && (
        <button type="button" disabled={busy} onClick={() => void older(cursor)}>
          {t("loadEarlier")}
        </button>
      )}
      <div class="log" role="log" aria-live="polite" aria-label={t("chatLog")} aria-busy={busy}>
        <ol>
          {lines.map((line) =>
            "system" in line ? (
              <li key={line.id} class="system">
                {line.system}
              </li>
            ) : (
              <ChatLine
                key={line.id}
                message={line}
                translation={translations[line.id]}
                onActions={() => setTarget(line)}
              />
            ),
          )}
        </ol>
      </div>
      <p class="typing" aria-live="off">
        {typing.map((name) => t("typing", { name })).join(" ")}
      </p>
      <Composer source={source} onSent={add} />
      {target && (
        <Suspense fallback={null}>
          <Actions user={target.sender} message={target} onClose={() => setTarget(null)} />
        </Suspense>
      )}
    </section>
  );
}

function ChatLine(props: {
  message: ChatMessage;
  translation: Translation | undefined;
  onActions: () => void;
}) {
  const { message, translation, onActions } = props;
  const [original, setOriginal] = useState(false);
  const mine = message.sender.id === me.value?.id;
  const badge = message.sender.badge ? ` ✔${label("badge", message.sender.badge)}` : "";
  const shown = translation && !original ? translation : null;
  return (
    <li class={mine ? "mine" : undefined}>
      <time dateTime={message.created_at}>{time(message.created_at)}</time>{" "}
      <strong>
        {message.sender.display_name}
        {badge}
      </strong>
      :{" "}
      <span class="text" lang={shown ? shown.lang : message.lang}>
        {shown ? shown.text : message.text}
      </span>
      {translation && (
        <>
          {" "}
          <small class="translated">
            {t("translated", { lang: languageName(translation.source_lang) })}
          </small>{" "}
          <button type="button" aria-pressed={original} onClick={() => setOriginal(!original)}>
            {t("showOriginal")}
          </button>
        </>
      )}
      {!mine && (
        <button
          type="button"
          class="icon"
          aria-label={t("actionsFor", { name: message.sender.display_name })}
          onClick={onActions}
        >
          ⋯
        </button>
      )}
    </li>
  );
}

function Composer({ source, onSent }: { source: ChatSource; onSent: (line: Line) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const composing = useRef(false);
  const lastTyping = useRef(0);
  const [, setTick] = useState(0);

  useEffect(() => {
    // Re-render when a mute ends, so the composer opens again by itself.
    const left = mutedUntil.value - Date.now();
    if (left <= 0) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(left + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [mutedUntil.value]);

  async function send() {
    const line = text.trim();
    if (!line || muted.value) return;
    setError(null);
    try {
      const { message, held } = await source.send(line);
      setText("");
      lastTyping.current = 0;
      source.typing(false);
      onSent(message);
      if (held) setError(t("held"));
    } catch (reason) {
      setError(refusal(reason));
    }
  }

  const mutedText = muted.value
    ? t("mutedUntil", { until: new Date(mutedUntil.value).toLocaleString() })
    : null;
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label for="chat-input" class="visually-hidden">
        {t("message")}
      </label>
      <input
        id="chat-input"
        autocomplete="off"
        maxLength={1000}
        value={text}
        aria-describedby={mutedText ? "chat-muted" : undefined}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={() => {
          composing.current = false;
        }}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          // The Enter that commits a Hangul syllable is not a send (keyCode 229 in Chromium).
          event.preventDefault();
          if (event.isComposing || composing.current || event.keyCode === 229) return;
          void send();
        }}
        onInput={(event) => {
          setText(event.currentTarget.value);
          const now = Date.now();
          if (now - lastTyping.current > TYPING_EVERY_MS) {
            lastTyping.current = now;
            source.typing(true);
          }
        }}
      />
      <button type="submit" disabled={muted.value}>
        {t("send")}
      </button>
      {mutedText && (
        <p id="chat-muted" class="error" role="status">
          {mutedText}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function refusal(reason: unknown): string {
  if (!(reason instanceof ApiError)) return t("notSent", { reason: String(reason) });
  if (reason.code === "message_rejected") {
    const category = (reason.details as { category?: string } | undefined)?.category ?? "";
    return t("rejectedBecause", { category: label("cat_", category) });
  }
  if (reason.code === "muted") {
    void loadMute();
    return t("notSent", { reason: reason.message });
  }
  return t("notSent", { reason: reason.message });
}
