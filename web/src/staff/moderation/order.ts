/** The queue's order and filters as the server applies them, so that cases arriving live
are placed where a reload would put them. */

import type { Schemas } from "../../sdk";

type Case = Schemas["CaseSummary"];

export const STATUSES = ["undecided", "open", "claimed", "resolved"] as const;

export interface Filter {
  status: (typeof STATUSES)[number];
  category: string;
  space: string;
  minor: boolean;
  mine: boolean;
}

/** The server's queue order: held lines first, then priority, older first, then id. */
export function queueOrder(a: Case, b: Case): number {
  if (a.held !== b.held) return a.held ? -1 : 1;
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.opened_at !== b.opened_at) return Date.parse(a.opened_at) - Date.parse(b.opened_at);
  return a.id < b.id ? -1 : 1;
}

export function fits(c: Case, f: Filter, myId: string | undefined): boolean {
  const status = f.status === "undecided" ? c.status !== "resolved" : c.status === f.status;
  return (
    status &&
    (!f.category || c.category === f.category) &&
    (!f.space || c.space === f.space) &&
    (!f.minor || c.involves_minor) &&
    (!f.mine || c.assigned_to_id === myId)
  );
}
