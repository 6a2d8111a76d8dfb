/** What the app says to everyone, screen readers included: alerts (moderation notices,
session ends) and polite announcements (joins and leaves, throttled; outcomes). */

import { signal } from "@preact/signals";

export interface Notice {
  id: number;
  text: string;
  /** A suspension or ban: the user can no longer sign in, so the notice carries the appeal. */
  appeal?: { token: string; sanctionId: string } | undefined;
}

export const alerts = signal<Notice[]>([]);
export const announcement = signal("");
let counter = 0;

export function alert(text: string, appeal?: Notice["appeal"]): void {
  alerts.value = [...alerts.value, { id: ++counter, text, appeal }];
}

export function dismiss(id: number): void {
  alerts.value = alerts.value.filter((n) => n.id !== id);
}

export function announce(text: string): void {
  // The same text twice in a row must still be spoken: clear, then set.
  announcement.value = "";
  queueMicrotask(() => {
    announcement.value = text;
  });
}

/** Collects names and speaks them at most once per `intervalMs`: a crowd entering the plaza
becomes one sentence, not a flood of them. */
export class Throttled {
  private pending: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  constructor(
    private readonly say: (names: string[]) => void,
    private readonly intervalMs = 3000,
    private readonly now: () => number = Date.now,
  ) {}

  add(name: string): void {
    this.pending.push(name);
    if (this.timer !== null) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const names = this.pending;
    this.pending = [];
    this.last = this.now();
    this.say(names);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
