/** Officials: their departments' civil-request queue (overdue first: nearest deadline first),
a request with its form answers and history, transitions with a reason, and the queue kept
current live (`civil:queue`). */

import { useEffect, useState } from "preact/hooks";
import { match, path } from "../citizen/router";
import { api, live, unwrap } from "../citizen/session";
import type { Schemas } from "../sdk";
import { ErrorText, Link, Select, TextArea, useAction, useResource } from "../ui/components";
import { dateTime, label, names, pick, t } from "../ui/i18n";
import { st } from "./i18n";
import { Empty, Facts, Loading, Pager, Region, usePages, useThrottledReload } from "./ui";

type Detail = Schemas["RequestDetail"];
const MOVES: Record<string, ("in_progress" | "completed" | "rejected")[]> = {
  received: ["in_progress", "rejected"],
  in_progress: ["completed", "rejected"],
};

function useCatalog() {
  return useResource(() =>
    unwrap(api.GET("/api/v1/civil/services", { params: { query: { limit: 100 } } })),
  );
}

/** Reload when this official's queue changes, however many changes arrive at once. */
function useQueueEvents(reload: () => void, only?: string) {
  const throttled = useThrottledReload(reload);
  useEffect(() => {
    const connection = live.value;
    if (!connection) return;
    return connection.on("civil:queue", (event) => {
      if (!only || event.id === only) throttled();
    });
  }, [live.value, only]);
}

export default function CivilConsole() {
  const found = match("/staff/civil/:id", path.value);
  return found?.id ? <RequestPage key={found.id} id={found.id} /> : <QueuePage />;
}

function QueuePage() {
  const [status, setStatus] = useState("");
  const [overdue, setOverdue] = useState(false);
  const catalog = useCatalog();
  const serviceName = (slug: string) => {
    const s = catalog.data?.items.find((x) => x.slug === slug);
    return s ? names(s) : slug;
  };
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/civil/queue", {
          params: {
            query: {
              status: (status || undefined) as never,
              overdue: overdue || undefined,
              cursor: cursor ?? undefined,
              limit: 50,
            },
          },
        }),
      ),
    [status, overdue],
  );
  useQueueEvents(pages.page.reload);
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("civilQueueTitle")}</h1>
      <p>{st("civilQueueAbout")}</p>
      <form class="filters" aria-label={st("filters")} onSubmit={(e) => e.preventDefault()}>
        <Select
          label={st("filterStatus")}
          value={status}
          options={[
            { value: "", label: st("openRequests") },
            ...["received", "in_progress", "completed", "rejected", "withdrawn"].map((s) => ({
              value: s,
              label: label("status", s),
            })),
          ]}
          onChange={(e) => setStatus(e.currentTarget.value)}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setOverdue(e.currentTarget.checked)}
          />{" "}
          {st("onlyOverdue")}
        </label>
      </form>
      <Loading resource={pages.page} />
      <Empty
        when={pages.page.data !== undefined && items.length === 0}
        text={st("civilQueueEmpty")}
      />
      {items.length > 0 && (
        <table>
          <caption>{st("civilQueueCaption", { n: pages.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{st("colRequest")}</th>
              <th scope="col">{st("colStatus")}</th>
              <th scope="col">{st("colReceived")}</th>
              <th scope="col">{st("colDue")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} class={r.overdue ? "overdue" : undefined}>
                <th scope="row">
                  <Link href={`/staff/civil/${r.id}`}>{serviceName(r.service_slug)}</Link>
                  {r.overdue && <span class="tag danger">{t("overdue")}</span>}
                </th>
                <td>{label("status", r.status)}</td>
                <td>{dateTime(r.received_at)}</td>
                <td>{dateTime(r.due_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
    </section>
  );
}

function RequestPage({ id }: { id: string }) {
  const request = useResource(
    () =>
      unwrap(
        api.GET("/api/v1/civil/requests/{request_id}", { params: { path: { request_id: id } } }),
      ),
    [id],
  );
  useQueueEvents(request.reload, id);
  const r = request.data;
  const service = useResource(
    async () =>
      r
        ? unwrap(
            api.GET("/api/v1/civil/services/{slug}", {
              params: { path: { slug: r.service_slug } },
            }),
          )
        : null,
    [r?.service_slug],
  );
  return (
    <article>
      <p>
        <Link href="/staff/civil">{st("backToCivil")}</Link>
      </p>
      <Loading resource={request} />
      {r && (
        <>
          <h1>{service.data ? names(service.data) : r.service_slug}</h1>
          <Facts
            rows={[
              [
                st("colStatus"),
                `${label("status", r.status)}${r.overdue ? ` · ${t("overdue")}` : ""}`,
              ],
              [st("colReceived"), dateTime(r.received_at)],
              [st("colDue"), dateTime(r.due_at)],
            ]}
          />
          <Region title={st("formAnswers")}>
            <Facts
              rows={(service.data?.form ?? []).map((f) => [
                pick({ ko: f.label_ko, en: f.label_en }),
                answer(r.form[f.name]),
              ])}
            />
          </Region>
          <Region title={t("civilHistory")}>
            <ol>
              {r.history.map((h) => (
                <li key={`${h.at}${h.to_status}`}>
                  {dateTime(h.at)} · {label("status", h.to_status)}
                  {h.reason ? ` · ${st("reasonLabel")}: ${h.reason}` : ""}
                  {h.note ? ` · ${h.note}` : ""}
                </li>
              ))}
            </ol>
          </Region>
          {MOVES[r.status] && <Transition request={r} done={request.reload} />}
        </>
      )}
    </article>
  );
}

function answer(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  return String(value);
}

function Transition({ request, done }: { request: Detail; done: () => void }) {
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const move = useAction(async (to: "in_progress" | "completed" | "rejected") => {
    if (to === "rejected" && !reason.trim()) throw new Error(st("rejectNeedsReason"));
    await unwrap(
      api.POST("/api/v1/civil/requests/{request_id}/transitions", {
        params: { path: { request_id: request.id } },
        body: { to, reason: reason || null, note: note || null },
      }),
    );
    setReason("");
    setNote("");
    done();
  });
  return (
    <Region title={st("moveRequest")}>
      <form onSubmit={(e) => e.preventDefault()}>
        <TextArea
          label={st("noteForCitizen")}
          maxLength={2000}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
        <TextArea
          label={st("rejectReason")}
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <div class="row">
          {(MOVES[request.status] ?? []).map((to) => (
            <button key={to} type="button" disabled={move.busy} onClick={() => void move.run(to)}>
              {st(`move_${to}`)}
            </button>
          ))}
        </div>
        <ErrorText error={move.error} />
      </form>
    </Region>
  );
}
