/** The append-only audit log: every moderation action, newest first, filtered on the server
by action, moderator, subject and time, paged by cursor. */

import { useState } from "preact/hooks";
import { api, me, unwrap } from "../../citizen/session";
import { Field, Select } from "../../ui/components";
import { dateTime } from "../../ui/i18n";
import { shortId, sl, st } from "../i18n";
import { Empty, Loading, Pager, usePages } from "../ui";

const ACTIONS = [
  "report_filed",
  "case_viewed",
  "case_claimed",
  "case_released",
  "note_added",
  "case_decided",
  "sanction_warn",
  "sanction_mute",
  "sanction_suspend",
  "sanction_ban",
  "appeal_filed",
  "appeal_lifted",
  "appeal_upheld",
  "message_held",
  "auto_escalation",
  "reveal_requested",
  "reveal_approved",
  "reveal_rejected",
  "sealed_evidence_read",
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditPage() {
  const [action, setAction] = useState("");
  const [subject, setSubject] = useState("");
  const [mineOnly, setMineOnly] = useState(false);
  const [since, setSince] = useState("");
  const subjectId = UUID.test(subject.trim()) ? subject.trim() : undefined;
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/moderation/audit", {
          params: {
            query: {
              action: action || undefined,
              subject_id: subjectId,
              actor_id: mineOnly ? me.value?.id : undefined,
              since: since ? new Date(`${since}T00:00:00`).toISOString() : undefined,
              cursor: cursor ?? undefined,
              limit: 50,
            },
          },
        }),
      ),
    [action, subjectId, mineOnly, since],
  );
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("auditTitle")}</h1>
      <form class="filters" aria-label={st("filters")} onSubmit={(e) => e.preventDefault()}>
        <Select
          label={st("filterAction")}
          value={action}
          options={[
            { value: "", label: st("all") },
            ...ACTIONS.map((a) => ({ value: a, label: sl("audit_", a) })),
          ]}
          onChange={(e) => setAction(e.currentTarget.value)}
        />
        <Field
          label={st("filterSubject")}
          hint={st("filterSubjectHint")}
          value={subject}
          onInput={(e) => setSubject(e.currentTarget.value)}
        />
        <Field
          label={st("filterSince")}
          type="date"
          value={since}
          onInput={(e) => setSince(e.currentTarget.value)}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={mineOnly}
            onChange={(e) => setMineOnly(e.currentTarget.checked)}
          />{" "}
          {st("filterMyActions")}
        </label>
      </form>
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && items.length === 0} text={st("noAudit")} />
      {items.length > 0 && (
        <table>
          <caption>{st("auditCaption", { n: pages.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{st("colAt")}</th>
              <th scope="col">{st("colAction")}</th>
              <th scope="col">{st("colActor")}</th>
              <th scope="col">{st("colSubject")}</th>
              <th scope="col">{st("colDetails")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{dateTime(e.at)}</td>
                <th scope="row">{sl("audit_", e.action)}</th>
                <td>
                  {e.actor_id === me.value?.id
                    ? st("byMe")
                    : e.actor_id
                      ? shortId(e.actor_id)
                      : st("system")}
                </td>
                <td>
                  {sl("subject_", e.subject_type)} {shortId(e.subject_id)}
                </td>
                <td>{details(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
    </section>
  );
}

function details(d: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof d.rule === "string") parts.push(sl("rule_", d.rule));
  if (typeof d.reason === "string") parts.push(d.reason);
  if (typeof d.outcome === "string") parts.push(sl("outcome", d.outcome));
  if (typeof d.category === "string") parts.push(d.category);
  return parts.join(" · ");
}
