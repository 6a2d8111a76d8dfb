/** Which chat messages were delivered (each is delivered once, live or by a resync), and the
last one of each followed channel, where a resync starts. */

import type { ChatMessage } from "./events";

/** Ids remembered; older ones are forgotten first. */
const SEEN_LIMIT = 2000;

export function spaceChannel(slug: string, instance: number): string {
  return `space:${slug}:${instance}`;
}

export class Inbox {
  /** Last message id per channel ("space:slug:instance" or "dm:conversation"). */
  readonly cursors = new Map<string, string | null>();
  private readonly ids = new Set<string>();

  seen(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remember a message; false when it was already delivered. */
  accept(message: ChatMessage): boolean {
    if (this.ids.has(message.id)) return false;
    this.ids.add(message.id);
    if (this.ids.size > SEEN_LIMIT) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    const channel = message.conversation
      ? `dm:${message.conversation}`
      : spaceChannel(message.space ?? "", message.instance ?? 1);
    if (this.cursors.has(channel) || message.conversation) this.cursors.set(channel, message.id);
    return true;
  }
}
