/** Direct messages: my conversations, and one conversation as a chat. */

import { useMemo, useRef } from "preact/hooks";
import type { ChatMessage } from "../../sdk";
import { Link, Loading, useResource } from "../../ui/components";
import { dateTime, t } from "../../ui/i18n";
import { Chat, type ChatSource } from "../chat";
import { match, path, query } from "../router";
import { api, live, me, unwrap } from "../session";

export default function Messages() {
  const params = match("/messages/:user", path.value);
  if (params?.user) {
    return <Conversation key={params.user} userId={params.user} name={query.value.get("name")} />;
  }
  return <Conversations />;
}

function Conversations() {
  const list = useResource(() => unwrap(api.GET("/api/v1/conversations", {})));
  return (
    <section>
      <h1>{t("conversations")}</h1>
      <Loading resource={list} />
      {list.data?.length === 0 && <p>{t("noConversations")}</p>}
      <ul>
        {(list.data ?? []).map((c) => (
          <li key={c.id}>
            <Link
              href={`/messages/${c.with_user.id}?name=${encodeURIComponent(c.with_user.display_name)}`}
            >
              {c.with_user.display_name}
            </Link>{" "}
            <small>{dateTime(c.last_message_at)}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Conversation({ userId, name }: { userId: string; name: string | null }) {
  const conversation = useRef<string | null>(null);
  const lookup = useMemo(
    () =>
      unwrap(api.GET("/api/v1/conversations", {})).then((all) => {
        const found = all.find((c) => c.with_user.id === userId);
        conversation.current = found?.id ?? null;
        return found?.with_user.display_name ?? name ?? "";
      }),
    [userId, name],
  );
  const peer = useResource(() => lookup, [lookup]);
  const source = useMemo<ChatSource>(
    () => ({
      page: async (before) => {
        await lookup;
        const id = conversation.current;
        if (!id) return { items: [] };
        return unwrap(
          api.GET("/api/v1/conversations/{conversation_id}/messages", {
            params: {
              path: { conversation_id: id },
              query: { limit: 30, ...(before ? { before } : {}) },
            },
          }),
        ) as Promise<{ items: ChatMessage[]; next_cursor?: string | null }>;
      },
      belongs: (m) => {
        if (!m.conversation) return false;
        if (m.conversation === conversation.current) return true;
        // The first message of a new conversation: from them, or mine from another device.
        if (
          conversation.current === null &&
          (m.sender.id === userId || m.sender.id === me.value?.id)
        ) {
          conversation.current = m.conversation;
          return true;
        }
        return false;
      },
      send: async (text) => {
        const connection = live.value;
        if (!connection) throw new Error(t("offline"));
        const answer = await connection.dm(userId, text);
        conversation.current ??= answer.message.conversation ?? null;
        return answer;
      },
      typing: (on) => void live.value?.typing(on, userId).catch(() => undefined),
      typingFrom: (event) => event.user_id === userId && !event.space,
    }),
    [userId, lookup],
  );
  const title = t("messageTo", { name: peer.data ?? name ?? "" });
  return (
    <section>
      <p>
        <Link href="/messages">{t("conversations")}</Link>
      </p>
      <h1>{title}</h1>
      <Chat source={source} title={t("chat")} />
    </section>
  );
}
