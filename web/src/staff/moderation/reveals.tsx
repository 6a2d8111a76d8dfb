/** Sealed cases: a moderator asks, with a reason, to see who the anonymous participants are
and the lines around the report; a second moderator (or an admin) approves or rejects; only
the one who asked then reads the full record. The page never has more than the API gives. */

import { useState } from "preact/hooks";
import { api, me, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { ErrorText, Link, TextArea, useAction, useResource } from "../../ui/components";
import { dateTime } from "../../ui/i18n";
import { sl, st } from "../i18n";
import { Empty, Loading, Region } from "../ui";
import { refreshCounts } from "./live";

type Request = Schemas["moderation__schemas__RevealRead"];

const requests = (status?: "pending") =>
  unwrap(
    api.GET("/api/v1/moderation/reveal-requests", { params: { query: { status, limit: 100 } } }),
  );

export function RevealPanel({ detail }: { detail: Schemas["CaseDetail"] }) {
  const mine = useResource(() => requests(), [detail.id]);
  const [reason, setReason] = useState("");
  const ask = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/moderation/cases/{case_id}/reveal-requests", {
        params: { path: { case_id: detail.id } },
        body: { reason },
      }),
    );
    setReason("");
    mine.reload();
  });
  const forCase = (mine.data ?? []).filter((r) => r.case_id === detail.id);
  const pending = forCase.find((r) => r.status === "pending");
  return (
    <Region title={st("sealedTitle")}>
      <p>{detail.revealed ? st("revealedToYou") : st("sealedExplained")}</p>
      <ul>
        {forCase.map((r) => (
          <li key={r.id}>
            {sl("reveal_", r.status)} · {dateTime(r.created_at)} ·{" "}
            {r.requested_by_id === me.value?.id ? st("byMe") : st("byOther")} · {r.reason}
          </li>
        ))}
      </ul>
      {!detail.revealed && !pending && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ask.run();
          }}
        >
          <TextArea
            label={st("revealReason")}
            required
            minLength={10}
            maxLength={2000}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <button type="submit" disabled={ask.busy}>
            {st("askReveal")}
          </button>
          <ErrorText error={ask.error} />
        </form>
      )}
      {pending && pending.requested_by_id === me.value?.id && (
        <p role="status">{st("revealWaiting")}</p>
      )}
    </Region>
  );
}

export function RevealsPage() {
  const list = useResource(() => requests());
  const decide = useAction(async (request: Request, approve: boolean) => {
    const where = { params: { path: { request_id: request.id } } };
    await unwrap(
      approve
        ? api.POST("/api/v1/moderation/reveal-requests/{request_id}/approve", where)
        : api.POST("/api/v1/moderation/reveal-requests/{request_id}/reject", where),
    );
    list.reload();
    refreshCounts();
  });
  const items = list.data ?? [];
  return (
    <section>
      <h1>{st("revealsTitle")}</h1>
      <p>{st("revealsAbout")}</p>
      <Loading resource={list} />
      <Empty when={list.data !== undefined && items.length === 0} text={st("noReveals")} />
      <ul class="items">
        {items.map((r) => {
          const own = r.requested_by_id === me.value?.id;
          return (
            <li key={r.id}>
              <Link href={`/staff/moderation/cases/${r.case_id}`}>{st("caseLink")}</Link> ·{" "}
              {sl("reveal_", r.status)} · {dateTime(r.created_at)} ·{" "}
              {own ? st("byMe") : st("byOther")}
              <blockquote>{r.reason}</blockquote>
              {r.status === "pending" && !own && (
                <div class="row">
                  <button
                    type="button"
                    onClick={() => void decide.run(r, true)}
                    disabled={decide.busy}
                  >
                    {st("approveReveal")}
                  </button>
                  <button
                    type="button"
                    onClick={() => void decide.run(r, false)}
                    disabled={decide.busy}
                  >
                    {st("rejectReveal")}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorText error={decide.error} />
    </section>
  );
}
