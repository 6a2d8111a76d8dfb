/** A case as the API gives it to this moderator: the frozen evidence as a transcript with the
reported line marked, the people in it by name (by alias while sealed), the reporters and their
weight, the subject's history, claim and release, notes, the reveal request of a sealed case,
and the decision. Nothing is shown that the API did not send. */

import { useEffect, useRef, useState } from "preact/hooks";
import { navigate } from "../../citizen/router";
import { api, me, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { ErrorText, Link, TextArea, useAction, useResource } from "../../ui/components";
import { dateTime, label, time } from "../../ui/i18n";
import { shortId, sl, st } from "../i18n";
import { Empty, Facts, Loading, Region, useThrottledReload } from "../ui";
import { DecisionForm } from "./decision";
import { onCases } from "./live";
import { caseName } from "./queue";
import { RevealPanel } from "./reveals";
import { ShortcutHelp, useShortcuts } from "./shortcuts";

type Detail = Schemas["CaseDetail"];
type Person = Schemas["EvidencePerson"];
type Line = Schemas["EvidenceLine"];

const path = (id: string) => ({ params: { path: { case_id: id } } });

export function CasePage({ id }: { id: string }) {
  const detail = useResource(
    () => unwrap(api.GET("/api/v1/moderation/cases/{case_id}", path(id))),
    [id],
  );
  const history = useResource(
    () => unwrap(api.GET("/api/v1/moderation/cases/{case_id}/history", path(id))),
    [id],
  );
  const reload = useThrottledReload(detail.reload);
  useEffect(() => onCases((batch) => batch.some((b) => b.summary.id === id) && reload()), [id]);
  const c = detail.data;
  useEffect(() => {
    if (c) document.title = caseName(c);
  }, [c?.id]);
  return (
    <article>
      <p>
        <Link href="/staff/moderation">{st("backToQueue")}</Link>
      </p>
      <Loading resource={detail} />
      {c && <CaseBody c={c} history={history.data} reload={detail.reload} />}
    </article>
  );
}

function CaseBody(props: {
  c: Detail;
  history: Schemas["SubjectHistory"] | undefined;
  reload: () => void;
}) {
  const { c } = props;
  const mine = c.assigned_to_id === me.value?.id;
  const people = new Map(c.evidence.people.map((p) => [p.id, p]));
  const claim = useAction(async () => {
    await unwrap(api.POST("/api/v1/moderation/cases/{case_id}/claim", path(c.id)));
    props.reload();
  });
  const release = useAction(async () => {
    await unwrap(api.POST("/api/v1/moderation/cases/{case_id}/release", path(c.id)));
    props.reload();
  });
  const open = c.status !== "resolved";
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from the queue: start reading here, as a new page would.
  useEffect(() => heading.current?.focus(), [c.id]);
  useShortcuts({
    c: () => open && !c.assigned_to_id && void claim.run(),
    u: () => open && mine && void release.run(),
    d: () =>
      document.getElementById("decision")?.querySelector<HTMLElement>("input, select")?.focus(),
    n: () => document.querySelector<HTMLElement>('textarea[name="note"]')?.focus(),
    b: () => navigate("/staff/moderation"),
  });
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {caseName(c)}
      </h1>
      {c.held && <p class="tag danger">{st("heldExplained")}</p>}
      <Facts
        rows={[
          [
            st("colStatus"),
            `${sl("cstatus_", c.status)}${c.outcome ? ` · ${label("outcome", c.outcome)}` : ""}`,
          ],
          [st("colPriority"), `${c.priority.toFixed(1)} (${st("severity", { n: c.severity })})`],
          [
            st("colSpace"),
            c.evidence.space ?? (c.evidence.conversation ? st("directMessage") : "—"),
          ],
          [st("colOpened"), dateTime(c.opened_at)],
          [st("subject"), <PersonName key="s" person={c.subject} />],
          [
            st("assignee"),
            c.assigned_to_id ? (mine ? st("byMe") : st("byOther")) : st("unassigned"),
          ],
        ]}
      />
      {open && (
        <div class="row">
          {!c.assigned_to_id && (
            <button type="button" onClick={() => void claim.run()} disabled={claim.busy}>
              {st("claim")}
            </button>
          )}
          {mine && (
            <button type="button" onClick={() => void release.run()} disabled={release.busy}>
              {st("release")}
            </button>
          )}
          <ErrorText error={claim.error ?? release.error} />
        </div>
      )}
      <ShortcutHelp
        keys={[
          ["c", st("keyClaim")],
          ["u", st("keyRelease")],
          ["d", st("keyDecide")],
          ["n", st("keyNote")],
          ["b", st("keyBack")],
        ]}
      />
      {c.evidence.sealed && <RevealPanel detail={c} />}
      <Evidence c={c} people={people} />
      <Reporters reports={c.reports} />
      <History history={props.history} />
      <Notes c={c} reload={props.reload} />
      {c.decision ? (
        <DecisionShown decision={c.decision} />
      ) : open && mine ? (
        <DecisionForm c={c} done={props.reload} />
      ) : open ? (
        <p>{st("claimToDecide")}</p>
      ) : null}
    </>
  );
}

export function PersonName({ person }: { person: Person | undefined }) {
  if (!person) return <span>{st("unnamed")}</span>;
  const name = person.display_name || st("unnamed");
  return (
    <span class="person">
      {name}
      {person.badge && <span class="tag">{label("badge", person.badge)}</span>}
      {person.anonymous && (
        <span class="tag">
          {person.alias && person.alias !== name
            ? st("aliasOf", { alias: person.alias })
            : st("anonymous")}
        </span>
      )}
    </span>
  );
}

function Evidence({ c, people }: { c: Detail; people: Map<string, Person> }) {
  const e = c.evidence;
  const lines = e.context.length > 0 ? e.context : e.message ? [e.message] : [];
  return (
    <Region title={st("evidence")}>
      {e.kind === "user" && (
        <p>
          {st("reportedUser")} <PersonName person={e.user ?? undefined} />
        </p>
      )}
      {lines.length > 0 && <Transcript title={st("transcript")} lines={lines} people={people} />}
      {e.recent_messages.length > 0 && (
        <Transcript title={st("recentLines")} lines={e.recent_messages} people={people} />
      )}
      {e.filter && (
        <p>
          {st("filterFound", {
            n: e.filter.blocked_messages ?? 0,
            category: label("cat_", e.filter.filter_category ?? "other"),
          })}
          {e.filter.last_blocked_text ? ` «${e.filter.last_blocked_text}»` : ""}
        </p>
      )}
      {e.present_at_report && (
        <p>
          {st("presentAtReport")}{" "}
          {e.present_at_report.map((pid, i) => (
            <span key={pid}>
              {i > 0 && ", "}
              <PersonName person={people.get(pid)} />
            </span>
          ))}
        </p>
      )}
      <Empty
        when={lines.length === 0 && e.recent_messages.length === 0 && !e.filter}
        text={st("noEvidence")}
      />
    </Region>
  );
}

function Transcript(props: { title: string; lines: Line[]; people: Map<string, Person> }) {
  return (
    <Region title={props.title} level={3}>
      <ol class="transcript">
        {props.lines.map((line) => (
          <li key={line.id} class={line.reported ? "reported" : undefined}>
            <time dateTime={line.created_at}>{time(line.created_at)}</time>{" "}
            <b>
              <PersonName person={props.people.get(line.sender_id)} />
            </b>{" "}
            {line.reported && <strong class="tag danger">{st("reportedLine")}</strong>}{" "}
            {line.status !== "visible" && <span class="tag">{sl("line_", line.status)}</span>}{" "}
            {line.reported ? <mark>{line.text}</mark> : <span>{line.text}</span>}
          </li>
        ))}
      </ol>
    </Region>
  );
}

function Reporters({ reports }: { reports: Detail["reports"] }) {
  return (
    <Region title={st("reporters", { n: reports.length })}>
      <Empty when={reports.length === 0} text={st("noReporters")} />
      <ul>
        {reports.map((r) => (
          <li key={`${r.reporter_id}${r.created_at}`}>
            <PersonName person={r.reporter ?? undefined} /> · {label("cat_", r.category)} ·{" "}
            {st("weight", { w: r.weight.toFixed(2) })} · {dateTime(r.created_at)}
            {r.description && <blockquote>{r.description}</blockquote>}
          </li>
        ))}
      </ul>
    </Region>
  );
}

function History({ history }: { history: Schemas["SubjectHistory"] | undefined }) {
  if (!history) return null;
  return (
    <Region title={st("history")}>
      <Region title={st("earlierSanctions")} level={3}>
        <Empty when={history.sanctions.length === 0} text={st("noSanctions")} />
        <ul>
          {history.sanctions.map((s) => (
            <li key={s.id}>
              {sl("action_", s.kind)} · {dateTime(s.starts_at)}
              {s.ends_at && s.kind !== "warn" ? ` → ${dateTime(s.ends_at)}` : ""}
              {s.lifted_at ? ` · ${st("lifted")}` : ""} · {s.reason}
            </li>
          ))}
        </ul>
      </Region>
      <Region title={st("earlierCases")} level={3}>
        <Empty when={history.cases.length === 0} text={st("noCases")} />
        <ul>
          {history.cases.map((h) => (
            <li key={h.id}>
              <Link href={`/staff/moderation/cases/${h.id}`}>
                {label("cat_", h.category)} · {dateTime(h.opened_at)}
              </Link>{" "}
              · {sl("cstatus_", h.status)}
              {h.outcome ? ` · ${label("outcome", h.outcome)}` : ""}
            </li>
          ))}
        </ul>
      </Region>
    </Region>
  );
}

function Notes({ c, reload }: { c: Detail; reload: () => void }) {
  const [body, setBody] = useState("");
  const add = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/moderation/cases/{case_id}/notes", { ...path(c.id), body: { body } }),
    );
    setBody("");
    reload();
  });
  return (
    <Region title={st("notes")}>
      <Empty when={c.notes.length === 0} text={st("noNotes")} />
      <ul>
        {c.notes.map((n) => (
          <li key={n.id}>
            {n.author_id === me.value?.id ? st("byMe") : shortId(n.author_id)} ·{" "}
            {dateTime(n.created_at)}: {n.body}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add.run();
        }}
      >
        <TextArea
          name="note"
          label={st("newNote")}
          required
          maxLength={4000}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <button type="submit" disabled={add.busy || !body.trim()}>
          {st("addNote")}
        </button>
        <ErrorText error={add.error} />
      </form>
    </Region>
  );
}

function DecisionShown({ decision }: { decision: Schemas["DecisionRead"] }) {
  return (
    <Region title={st("decision")}>
      <Facts
        rows={[
          [st("rule"), sl("rule_", decision.rule)],
          [st("actions"), decision.actions.map((a) => actionText(a)).join(", ")],
          [st("reasonShown"), decision.reason],
          [st("decidedAt"), dateTime(decision.created_at)],
        ]}
      />
    </Region>
  );
}

export function actionText(action: { type?: unknown; minutes?: unknown }): string {
  const kind = sl("action_", String(action.type));
  return typeof action.minutes === "number" ? `${kind} (${duration(action.minutes)})` : kind;
}

export function duration(minutes: number): string {
  if (minutes % 1440 === 0) return st("days", { n: minutes / 1440 });
  if (minutes % 60 === 0) return st("hoursN", { n: minutes / 60 });
  return st("minutes", { n: minutes });
}
