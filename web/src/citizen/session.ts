/** The app's one connection to the city: REST, the live socket and who is signed in. UI code
reaches the server only through these (the SDK), never with fetch or the socket itself. */

import { computed, signal } from "@preact/signals";
import {
  ApiError,
  browserStorage,
  createRest,
  Live,
  type LiveStatus,
  type ModerationNotice,
  type Schemas,
  unwrap,
} from "../sdk";
import { type Key, label, locale, setLocale, t } from "../ui/i18n";
import { alert, announce } from "./notices";

export type Me = Schemas["UserRead"];

export const rest = createRest({ baseUrl: "", storage: browserStorage() });
export const api = rest.api;
export const me = signal<Me | null>(null);
export const live = signal<Live | null>(null);
export const liveStatus = signal<LiveStatus>("offline");
/** When my mute ends (ms), from my sanctions and live notices. */
export const mutedUntil = signal<number>(0);
export const muted = computed(() => mutedUntil.value > Date.now());
export const booted = signal(false);

export { unwrap };

export async function boot(): Promise<void> {
  if (rest.tokens.current) {
    try {
      await start();
    } catch {
      rest.tokens.set(null);
    }
  }
  booted.value = true;
  // Signed out in another tab: follow.
  rest.tokens.onChange((pair) => {
    if (pair === null && me.value) stop();
  });
}

export async function signIn(email: string, password: string): Promise<void> {
  await rest.signIn(email, password);
  await start();
}

export async function signOut(): Promise<void> {
  live.value?.close();
  await rest.signOut();
  stop();
}

/** A held message urged this user to hurt themselves: the help lines, in their language. */
function supportText(resources: ModerationNotice["resources"]): string {
  const lines = resources?.[locale.value === "en" ? "en" : "ko"] ?? resources?.en ?? {};
  const { message = "", ...numbers } = lines;
  return [message, ...Object.values(numbers)].filter(Boolean).join(" · ");
}

async function start(): Promise<void> {
  const user = await unwrap(api.GET("/api/v1/users/me"));
  me.value = user;
  setLocale(user.locale);
  void loadMute();
  const connection = new Live(rest);
  connection.on("live:status", ({ status, reason }) => {
    liveStatus.value = status;
    // "closed" is this app closing the connection itself (signing out).
    if (status === "closed" && reason && reason !== "closed" && me.value) {
      alert(t("sessionClosed", { reason }));
      stop();
    }
  });
  connection.on("moderation:notice", (notice) => {
    if (notice.action === "support") {
      alert(supportText(notice.resources));
      return;
    }
    if (notice.action === "mute" && notice.until) mutedUntil.value = Date.parse(notice.until);
    const until = notice.until ? new Date(notice.until).toLocaleString() : t("forever");
    const reason = notice.reason ?? "";
    const key =
      notice.action === "mute"
        ? "noticeMute"
        : notice.action === "suspend"
          ? "noticeSuspend"
          : notice.action === "ban"
            ? "noticeBan"
            : "noticeWarn";
    const appeal =
      notice.appeal?.token && notice.sanction_id
        ? { token: notice.appeal.token, sanctionId: notice.sanction_id }
        : undefined;
    alert(t(key, { until, reason }), appeal);
  });
  connection.on("report:resolved", ({ outcome }) => {
    announce(t("reportResolved", { outcome: label("outcome", outcome) }));
  });
  const told = {
    "proposal:answered": "liveProposalAnswered",
    "event:promoted": "liveEventPromoted",
    "event:cancelled": "liveEventCancelled",
    "library:hold_ready": "liveHoldReady",
    "business:inquiry_answered": "liveInquiryAnswered",
    "business:consultation_booked": "liveConsultationBooked",
    "business:consultation_cancelled": "liveConsultationCancelled",
  } as const;
  for (const [event, key] of Object.entries(told) as [keyof typeof told, Key][]) {
    connection.on(event, () => announce(t(key)));
  }
  connection.on("appeal:decided", (appeal) => {
    announce(t("liveAppealDecided", { status: String(appeal.status ?? "") }));
    // A lifted mute ends now: read what is still in force.
    if (appeal.status === "lifted") {
      mutedUntil.value = 0;
      void loadMute();
    }
  });
  live.value = connection;
  // Not awaited: a socket that is down must not keep the app from starting. Requests wait
  // for it; a refusal (revoked, disabled) ends the session through the status handler.
  connection.open().catch(() => undefined);
}

function stop(): void {
  live.value?.close();
  live.value = null;
  me.value = null;
  mutedUntil.value = 0;
}

export async function loadMute(): Promise<void> {
  const sanctions = await unwrap(api.GET("/api/v1/users/me/sanctions")).catch(() => []);
  const now = Date.now();
  for (const s of sanctions) {
    const ends = s.ends_at ? Date.parse(s.ends_at) : Number.POSITIVE_INFINITY;
    if (s.kind === "mute" && !s.lifted_at && ends > now) {
      mutedUntil.value = Math.max(mutedUntil.value, ends);
    }
  }
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
