/** What a connection missed while it was away, over REST: every channel it follows, from the
last message it saw, and conversations that started meanwhile. */

import type { ChatMessage } from "./events";
import { type Rest, unwrap } from "./rest";

const PAGE = 100;
/** A reconnect that missed more than this many pages per channel shows the newest ones only. */
const MAX_PAGES = 20;
/** Clock slack between this machine and the server when judging "new since the drop". */
const SLACK_MS = 5000;

type Page = { items: ChatMessage[]; next_cursor?: string | null };

export async function missedMessages(
  rest: Rest,
  cursors: Map<string, string | null>,
  droppedAt: number,
  seen: (id: string) => boolean,
): Promise<ChatMessage[]> {
  const found: ChatMessage[] = [];
  for (const [channel, cursor] of cursors) {
    found.push(...(await channelSince(rest, channel, cursor)));
  }
  const since = droppedAt - SLACK_MS;
  const conversations = await unwrap(rest.api.GET("/api/v1/conversations", {}));
  for (const conversation of conversations) {
    const channel = `dm:${conversation.id}`;
    if (cursors.has(channel) || Date.parse(conversation.last_message_at) < since) continue;
    const page = await dmPage(rest, conversation.id, null);
    found.push(...page.items.filter((m) => Date.parse(m.created_at) >= since).reverse());
  }
  return found
    .filter((m) => !seen(m.id))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

/** Pages forward from `cursor` (each page is newest first); with no cursor the channel was
empty when we began to follow it, so its newest page is all new. */
async function channelSince(rest: Rest, channel: string, cursor: string | null) {
  const out: ChatMessage[] = [];
  let after = cursor;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await channelPage(rest, channel, after);
    out.push(...[...page.items].reverse());
    if (after === null || !page.next_cursor) break;
    after = page.next_cursor;
  }
  return out;
}

function channelPage(rest: Rest, channel: string, after: string | null): Promise<Page> {
  const [kind, ...rest_] = channel.split(":");
  if (kind === "dm") return dmPage(rest, rest_[0] ?? "", after);
  const [slug = "", instance = "1"] = rest_;
  return unwrap(
    rest.api.GET("/api/v1/spaces/{slug}/messages", {
      params: {
        path: { slug },
        query: { instance: Number(instance), limit: PAGE, ...(after ? { after } : {}) },
      },
    }),
  ) as Promise<Page>;
}

function dmPage(rest: Rest, conversation: string, after: string | null): Promise<Page> {
  return unwrap(
    rest.api.GET("/api/v1/conversations/{conversation_id}/messages", {
      params: {
        path: { conversation_id: conversation },
        query: { limit: PAGE, ...(after ? { after } : {}) },
      },
    }),
  ) as Promise<Page>;
}
