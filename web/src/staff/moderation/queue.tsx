/** The review queue: paged on the server, filtered by status, category, space and minors,
with the pending counts; new and changed cases are merged in as they arrive (held self-harm
lines first, then priority, older first), and triage works from the keyboard. */

import { useEffect, useRef, useState } from "preact/hooks";
import { navigate } from "../../citizen/router";
import { api, me, unwrap } from "../../citizen/session";
import { Link, Select, useResource } from "../../ui/components";
import { dateTime, label, names } from "../../ui/i18n";
import { sl, st } from "../i18n";
import { Empty, Loading, Pager, useLatest, usePages } from "../ui";
import { type Case, counts, onCases, onResync } from "./live";
import { type Filter, fits, queueOrder, STATUSES } from "./order";
import { ShortcutHelp, useShortcuts } from "./shortcuts";

export const CATEGORIES = [
  "self_harm",
  "threat",
  "hate",
  "sexual",
  "harassment",
  "insult",
  "impersonation",
  "privacy",
  "profanity",
  "spam",
  "other",
] as const;
const LIMIT = 50;

export function QueuePage() {
  const [filter, setFilter] = useState<Filter>({
    status: "undecided",
    category: "",
    space: "",
    minor: false,
    mine: false,
  });
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/moderation/queue", {
          params: {
            query: {
              status: filter.status,
              category: (filter.category || undefined) as never,
              space: filter.space || undefined,
              minor: filter.minor || undefined,
              mine: filter.mine,
              cursor: cursor ?? undefined,
              limit: LIMIT,
            },
          },
        }),
      ),
    [filter.status, filter.category, filter.space, filter.minor, filter.mine],
  );
  const [rows, setRows] = useState<Case[]>([]);
  const [unseen, setUnseen] = useState(0);
  const [told, setTold] = useState("");
  useEffect(() => {
    setRows(pages.page.data?.items ?? []);
    setUnseen(0);
  }, [pages.page.data]);
  const live = useLatest({ filter, first: pages.number === 1, hasNext: Boolean(pages.next) });
  useEffect(
    () =>
      onCases((batch) => {
        const { filter: f, first, hasNext } = live.current;
        let hidden = 0;
        setRows((current) => {
          const list = [...current];
          for (const { summary, opened } of batch) {
            const at = list.findIndex((c) => c.id === summary.id);
            const wanted = fits(summary, f, me.value?.id);
            if (at >= 0) {
              if (wanted) list[at] = summary;
              else list.splice(at, 1);
            } else if (wanted && first && (!hasNext || beforeLast(summary, list))) {
              list.push(summary);
            } else if (wanted && opened) {
              hidden += 1;
            }
          }
          return list.sort(queueOrder);
        });
        if (hidden) setUnseen((n) => n + hidden);
        const opened = batch.filter((b) => b.opened).length;
        if (opened) setTold(st("newCases", { n: opened }));
      }),
    [],
  );
  useEffect(() => onResync(() => pages.page.reload()), []);
  const table = useRef<HTMLTableElement>(null);
  useTriage(table, pages, rows);
  return (
    <section>
      <h1>{st("queueTitle")}</h1>
      <Counts />
      <Filters filter={filter} onChange={setFilter} />
      <ShortcutHelp
        keys={[
          ["j", st("keyNext")],
          ["k", st("keyPrevious")],
          ["o", st("keyOpen")],
          ["c", st("keyClaim")],
          ["r", st("keyReload")],
          ["]", st("keyNextPage")],
          ["[", st("keyPreviousPage")],
        ]}
      />
      <p class="visually-hidden" aria-live="polite">
        {told}
      </p>
      {unseen > 0 && (
        <p class="banner" role="status">
          {st("unseenCases", { n: unseen })}{" "}
          <button type="button" onClick={pages.first}>
            {st("showFirstPage")}
          </button>
        </p>
      )}
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && rows.length === 0} text={st("queueEmpty")} />
      {rows.length > 0 && <CaseTable rows={rows} page={pages.number} tableRef={table} />}
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
    </section>
  );
}

function beforeLast(summary: Case, list: Case[]): boolean {
  const last = list[list.length - 1];
  return last === undefined || queueOrder(summary, last) < 0;
}

function useTriage(
  table: { current: HTMLTableElement | null },
  pages: ReturnType<typeof usePages<Case>>,
  rows: Case[],
) {
  const links = () => [...(table.current?.querySelectorAll<HTMLAnchorElement>("tbody th a") ?? [])];
  const move = (step: number) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    all[Math.min(all.length - 1, Math.max(0, at + step))]?.focus();
  };
  const focused = () => {
    const at = links().indexOf(document.activeElement as HTMLAnchorElement);
    return rows[at];
  };
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    o: () => {
      const c = focused() ?? rows[0];
      if (c) navigate(`/staff/moderation/cases/${c.id}`);
    },
    c: () => {
      const c = focused();
      if (!c) return;
      void unwrap(
        api.POST("/api/v1/moderation/cases/{case_id}/claim", {
          params: { path: { case_id: c.id } },
        }),
      ).catch(() => undefined);
    },
    r: () => pages.page.reload(),
    "]": () => pages.next?.(),
    "[": () => pages.previous?.(),
  });
}

function Counts() {
  const c = counts.value;
  if (!c) return null;
  const items: [string, number][] = [
    [st("countOpen"), c.open],
    [st("countClaimed"), c.claimed],
    [st("countMine"), c.mine],
    [st("countHeld"), c.held],
    [st("countMinors"), c.minors],
    [st("countAppeals"), c.appeals],
    [st("countReveals"), c.reveal_requests],
  ];
  return (
    <section aria-label={st("pendingCounts")} class="counts">
      <ul>
        {items.map(([text, n]) => (
          <li key={text}>
            <strong>{n.toLocaleString()}</strong> {text}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Filters(props: { filter: Filter; onChange: (f: Filter) => void }) {
  const f = props.filter;
  const spaces = useResource(() =>
    unwrap(api.GET("/api/v1/spaces", { params: { query: { limit: 100 } } })),
  );
  const byCategory = counts.value?.by_category ?? {};
  const set = (patch: Partial<Filter>) => props.onChange({ ...f, ...patch });
  return (
    <form class="filters" aria-label={st("filters")} onSubmit={(e) => e.preventDefault()}>
      <Select
        label={st("filterStatus")}
        value={f.status}
        options={STATUSES.map((s) => ({ value: s, label: sl("qstatus_", s) }))}
        onChange={(e) => set({ status: e.currentTarget.value as Filter["status"] })}
      />
      <Select
        label={st("filterCategory")}
        value={f.category}
        options={[
          { value: "", label: st("all") },
          ...CATEGORIES.map((c) => ({
            value: c,
            label: `${label("cat_", c)} (${byCategory[c] ?? 0})`,
          })),
        ]}
        onChange={(e) => set({ category: e.currentTarget.value })}
      />
      <Select
        label={st("filterSpace")}
        value={f.space}
        options={[
          { value: "", label: st("all") },
          ...(spaces.data?.items ?? []).map((s) => ({ value: s.slug, label: names(s) })),
        ]}
        onChange={(e) => set({ space: e.currentTarget.value })}
      />
      <label class="check">
        <input
          type="checkbox"
          checked={f.minor}
          onChange={(e) => set({ minor: e.currentTarget.checked })}
        />{" "}
        {st("filterMinors")}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={f.mine}
          onChange={(e) => set({ mine: e.currentTarget.checked })}
        />{" "}
        {st("filterMine")}
      </label>
    </form>
  );
}

function CaseTable(props: {
  rows: Case[];
  page: number;
  tableRef: { current: HTMLTableElement | null };
}) {
  const myId = me.value?.id;
  return (
    <table class="queue" ref={props.tableRef}>
      <caption>{st("queueCaption", { n: props.page, count: props.rows.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{st("colCase")}</th>
          <th scope="col">{st("colPriority")}</th>
          <th scope="col">{st("colSpace")}</th>
          <th scope="col">{st("colReports")}</th>
          <th scope="col">{st("colStatus")}</th>
          <th scope="col">{st("colOpened")}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((c) => (
          <tr key={c.id} class={c.held ? "held" : undefined}>
            <th scope="row">
              <Link href={`/staff/moderation/cases/${c.id}`}>
                <span class="case">{caseName(c)}</span>
              </Link>
              {c.held && <span class="tag danger">{st("heldLabel")}</span>}
              {c.involves_minor && <span class="tag">{st("minorLabel")}</span>}
              {c.sealed && <span class="tag">{st("sealedLabel")}</span>}
            </th>
            <td>{c.priority.toFixed(1)}</td>
            <td>{c.space ?? "—"}</td>
            <td>{st("reportsWeight", { n: c.report_count, w: c.report_weight.toFixed(1) })}</td>
            <td>
              {sl("cstatus_", c.status)}
              {c.assigned_to_id
                ? ` · ${c.assigned_to_id === myId ? st("byMe") : st("byOther")}`
                : ""}
            </td>
            <td>{dateTime(c.opened_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function caseName(c: Case): string {
  return st("caseName", {
    subject: c.subject_name || st("unnamed"),
    category: label("cat_", c.category),
  });
}
