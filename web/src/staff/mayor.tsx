/** The mayor's office: proposals that reached the endorsement threshold, each answered with a
published official answer; and the greeting wall citizens leave for the mayor. */

import { useState } from "preact/hooks";
import { api, unwrap } from "../citizen/session";
import type { Schemas } from "../sdk";
import { ErrorText, Select, TextArea, useAction } from "../ui/components";
import { dateTime, label } from "../ui/i18n";
import { sl, st } from "./i18n";
import { Empty, Loading, Pager, Region, usePages } from "./ui";

const DECISIONS = ["accepted", "partially_accepted", "declined"] as const;

export default function MayorConsole() {
  const review = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/proposals/review", {
          params: { query: { cursor: cursor ?? undefined, limit: 20 } },
        }),
      ),
    [],
  );
  const greetings = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/proposals/greetings", {
          params: { query: { cursor: cursor ?? undefined, limit: 20 } },
        }),
      ),
    [],
  );
  const items = review.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("consoleMayor")}</h1>
      <Region title={st("proposalsToAnswer")}>
        <p>{st("proposalsToAnswerAbout")}</p>
        <Loading resource={review.page} />
        <Empty
          when={review.page.data !== undefined && items.length === 0}
          text={st("noProposalsToAnswer")}
        />
        <ul class="items">
          {items.map((p) => (
            <Proposal key={p.id} proposal={p} done={review.page.reload} />
          ))}
        </ul>
        <Pager number={review.number} next={review.next} previous={review.previous} />
      </Region>
      <Region title={st("greetingWall")}>
        <Loading resource={greetings.page} />
        <ul>
          {(greetings.page.data?.items ?? []).map((g) => (
            <li key={g.id}>
              <b>{g.author_name}</b> · {dateTime(g.created_at)}: {g.message}
            </li>
          ))}
        </ul>
        <Pager number={greetings.number} next={greetings.next} previous={greetings.previous} />
      </Region>
    </section>
  );
}

function Proposal({ proposal, done }: { proposal: Schemas["ProposalRead"]; done: () => void }) {
  const [decision, setDecision] = useState<(typeof DECISIONS)[number]>("accepted");
  const [body, setBody] = useState("");
  const publish = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/proposals/{proposal_id}/answer", {
        params: { path: { proposal_id: proposal.id } },
        body: { decision, body },
      }),
    );
    done();
  });
  return (
    <li>
      <article aria-label={proposal.title}>
        <h3>{proposal.title}</h3>
        <p>
          {proposal.author_name} · {label("pc_", proposal.category)} ·{" "}
          {st("endorsedBy", { n: proposal.endorsement_count, of: proposal.endorsement_threshold })}{" "}
          · {dateTime(proposal.under_review_at ?? proposal.created_at)}
        </p>
        <blockquote>{proposal.body}</blockquote>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void publish.run();
          }}
        >
          <Select
            label={st("answerDecision")}
            value={decision}
            options={DECISIONS.map((d) => ({ value: d, label: sl("answer_", d) }))}
            onChange={(e) => setDecision(e.currentTarget.value as (typeof DECISIONS)[number])}
          />
          <TextArea
            label={st("answerBody")}
            required
            value={body}
            onInput={(e) => setBody(e.currentTarget.value)}
          />
          <button type="submit" disabled={publish.busy || !body.trim()}>
            {st("publishAnswer")}
          </button>
          <ErrorText error={publish.error} />
        </form>
      </article>
    </li>
  );
}
