/** The mayor's office: citizens' proposals with endorsements and official answers, a new
proposal, and the greeting wall. */

import { useState } from "preact/hooks";
import type { Schemas } from "../../sdk";
import {
  ErrorText,
  Field,
  Loading,
  Select,
  Status,
  TextArea,
  useAction,
  useResource,
} from "../../ui/components";
import { dateTime, label, t } from "../../ui/i18n";
import { api, unwrap } from "../session";

type Category = Schemas["ProposalCategory"];
const CATEGORIES: Category[] = [
  "transport",
  "environment",
  "welfare",
  "housing",
  "culture",
  "safety",
  "economy",
  "education",
  "administration",
  "other",
];

export default function Proposals() {
  const list = useResource(() =>
    unwrap(api.GET("/api/v1/proposals", { params: { query: { limit: 30 } } })),
  );
  const endorse = useAction(async (id: string, on: boolean) => {
    const params = { path: { proposal_id: id } };
    if (on) await unwrap(api.POST("/api/v1/proposals/{proposal_id}/endorsements", { params }));
    else await unwrap(api.DELETE("/api/v1/proposals/{proposal_id}/endorsements", { params }));
    list.reload();
  });
  return (
    <section>
      <h1>{t("serviceproposals")}</h1>
      <section aria-labelledby="proposals">
        <h2 id="proposals">{t("proposalsList")}</h2>
        <Loading resource={list} />
        <ul>
          {(list.data?.items ?? []).map((p) => (
            <li key={p.id}>
              <h3>{p.title}</h3>
              <p>
                {p.author_name} · {dateTime(p.created_at)} · {label("pc_", p.category)} · {p.status}{" "}
                ·{" "}
                {t("endorsements", { n: p.endorsement_count, threshold: p.endorsement_threshold })}
              </p>
              <p>{p.body}</p>
              {p.answer && (
                <div>
                  <strong>{t("officialAnswer", { name: p.answer.official_name ?? "" })}</strong>
                  <p>{p.answer.body}</p>
                </div>
              )}
              {!p.mine && (
                <button type="button" onClick={() => void endorse.run(p.id, !p.endorsed_by_me)}>
                  {p.endorsed_by_me ? t("unendorse") : t("endorse")}: {p.title}
                </button>
              )}
            </li>
          ))}
        </ul>
        <ErrorText error={endorse.error} />
      </section>
      <NewProposal onDone={list.reload} />
      <Greetings />
    </section>
  );
}

function NewProposal({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ title: "", body: "", category: "other" as Category });
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(async () => {
    await unwrap(api.POST("/api/v1/proposals", { body: form }));
    setDone(t("done"));
    setForm({ title: "", body: "", category: "other" });
    onDone();
  });
  return (
    <section aria-labelledby="new-proposal">
      <h2 id="new-proposal">{t("proposalNew")}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run();
        }}
      >
        <Field
          label={t("proposalTitle")}
          required
          minLength={4}
          maxLength={120}
          value={form.title}
          onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
        />
        <TextArea
          label={t("proposalBody")}
          required
          minLength={10}
          maxLength={5000}
          value={form.body}
          onInput={(e) => setForm({ ...form, body: e.currentTarget.value })}
        />
        <Select
          label={t("category")}
          value={form.category}
          options={CATEGORIES.map((value) => ({ value, label: label("pc_", value) }))}
          onChange={(e) => setForm({ ...form, category: e.currentTarget.value as Category })}
        />
        <button type="submit" disabled={action.busy}>
          {t("submit")}
        </button>
      </form>
      <ErrorText error={action.error} />
      <Status text={done} />
    </section>
  );
}

function Greetings() {
  const wall = useResource(() =>
    unwrap(api.GET("/api/v1/proposals/greetings", { params: { query: { limit: 20 } } })),
  );
  const [message, setMessage] = useState("");
  const post = useAction(async () => {
    await unwrap(api.POST("/api/v1/proposals/greetings", { body: { message } }));
    setMessage("");
    wall.reload();
  });
  return (
    <section aria-labelledby="greetings">
      <h2 id="greetings">{t("greetings")}</h2>
      <ul>
        {(wall.data?.items ?? []).map((g) => (
          <li key={g.id}>
            <strong>{g.author_name}</strong>: {g.message}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void post.run();
        }}
      >
        <Field
          label={t("greetingPost")}
          required
          maxLength={200}
          value={message}
          onInput={(e) => setMessage(e.currentTarget.value)}
        />
        <button type="submit" disabled={post.busy}>
          {t("send")}
        </button>
      </form>
      <ErrorText error={post.error} />
    </section>
  );
}
