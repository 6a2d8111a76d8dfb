/** Appeals waiting for a decision. The API leaves out the appeals of sanctions this moderator
imposed, so the page never offers someone their own decision to review. */

import { useEffect, useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { ErrorText, Link, TextArea, useAction, useResource } from "../../ui/components";
import { dateTime } from "../../ui/i18n";
import { sl, st } from "../i18n";
import { Empty, Facts, Loading, useThrottledReload } from "../ui";
import { counts, refreshCounts } from "./live";

type Appeal = Schemas["AppealQueueItem"];

export function AppealsPage() {
  const list = useResource(() =>
    unwrap(api.GET("/api/v1/moderation/appeals", { params: { query: { limit: 100 } } })),
  );
  const reload = useThrottledReload(list.reload);
  // A new appeal changes the counts: read the list again then.
  const pending = counts.value?.appeals;
  useEffect(() => reload(), [pending]);
  const items = list.data ?? [];
  return (
    <section>
      <h1>{st("appealsTitle")}</h1>
      <p>{st("appealsAbout")}</p>
      <Loading resource={list} />
      <Empty when={list.data !== undefined && items.length === 0} text={st("noAppeals")} />
      <ul class="items">
        {items.map((a) => (
          <AppealItem key={a.id} appeal={a} done={list.reload} />
        ))}
      </ul>
    </section>
  );
}

function AppealItem({ appeal, done }: { appeal: Appeal; done: () => void }) {
  const [reason, setReason] = useState("");
  const decide = useAction(async (outcome: "lift" | "uphold") => {
    await unwrap(
      api.POST("/api/v1/moderation/appeals/{appeal_id}/decision", {
        params: { path: { appeal_id: appeal.id } },
        body: { outcome, reason },
      }),
    );
    done();
    refreshCounts();
  });
  const s = appeal.sanction;
  const title = st("appealOf", { action: sl("action_", s.kind), at: dateTime(s.starts_at) });
  return (
    <li>
      <article aria-label={title}>
        <h2>{title}</h2>
        <Facts
          rows={[
            [st("rule"), s.rule ? sl("rule_", s.rule) : "—"],
            [st("reasonShown"), s.reason],
            [
              st("sanctionEnds"),
              s.ends_at && s.kind !== "warn" ? dateTime(s.ends_at) : st("permanent"),
            ],
            [st("appealFiled"), dateTime(appeal.created_at)],
            [
              st("case"),
              s.case_id ? (
                <Link href={`/staff/moderation/cases/${s.case_id}`}>{st("caseLink")}</Link>
              ) : (
                st("byFilter")
              ),
            ],
          ]}
        />
        <blockquote>{appeal.body}</blockquote>
        <form onSubmit={(e) => e.preventDefault()}>
          <TextArea
            label={st("appealReason")}
            required
            maxLength={1000}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <div class="row">
            <button
              type="button"
              disabled={decide.busy || !reason.trim()}
              onClick={() => void decide.run("lift")}
            >
              {st("liftSanction")}
            </button>
            <button
              type="button"
              disabled={decide.busy || !reason.trim()}
              onClick={() => void decide.run("uphold")}
            >
              {st("upholdSanction")}
            </button>
          </div>
          <ErrorText error={decide.error} />
        </form>
      </article>
    </li>
  );
}
