/** The moderators' live connection while the console is open: the /moderation feed of the
SDK, the pending counts it keeps fresh, and the cases it delivers, batched so that a burst of
alerts costs the page one update rather than one per alert. */

import { signal } from "@preact/signals";
import { api, rest, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { type FeedStatus, ModerationFeed } from "../../sdk/moderation";
import { throttle } from "../ui";

export type Case = Schemas["CaseSummary"];
export type Counts = Schemas["QueueCounts"];

export const counts = signal<Counts | null>(null);
export const feedStatus = signal<FeedStatus>("connecting");
/** How many alerts arrived since the console opened (shown, and read by the tests). */
export const alertsSeen = signal(0);

type CaseListener = (cases: { summary: Case; opened: boolean }[]) => void;
const caseListeners = new Set<CaseListener>();
const resyncListeners = new Set<() => void>();
let buffer: { summary: Case; opened: boolean }[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
const BATCH_MS = 250;

export const refreshCounts = throttle(() => {
  unwrap(api.GET("/api/v1/moderation/queue/counts")).then(
    (value) => {
      counts.value = value;
    },
    () => undefined,
  );
}, 1000);

function deliver(summary: Case, opened: boolean): void {
  alertsSeen.value += 1;
  buffer.push({ summary, opened });
  refreshCounts();
  if (flushTimer !== null) return;
  flushTimer = setTimeout(() => {
    flushTimer = null;
    const batch = buffer;
    buffer = [];
    for (const listener of caseListeners) listener(batch);
  }, BATCH_MS);
}

/** Connect the feed while the console is open; the returned function disconnects. */
export function startFeed(): () => void {
  const feed = new ModerationFeed(rest);
  listen(feed);
  refreshCounts();
  return () => feed.close();
}

function listen(feed: ModerationFeed): void {
  feed.on("feed:status", ({ status }) => {
    feedStatus.value = status;
  });
  feed.on("case:opened", (summary) => deliver(summary, true));
  feed.on("case:updated", (summary) => deliver(summary, false));
  feed.on("appeal:filed", () => refreshCounts());
  feed.on("feed:resynced", () => {
    refreshCounts();
    for (const listener of resyncListeners) listener();
  });
  feed.open().catch(() => undefined);
}

export function onCases(listener: CaseListener): () => void {
  caseListeners.add(listener);
  return () => caseListeners.delete(listener);
}

export function onResync(listener: () => void): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}
