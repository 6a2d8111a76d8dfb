/** City events: the programme (upcoming and running), a new event in a space, cancelling one
(its attendees are told). */

import { useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import { ErrorText, Field, Select, TextArea, useAction, useResource } from "../../ui/components";
import { dateTime, names, pick } from "../../ui/i18n";
import { sl, st } from "../i18n";
import { Empty, Loading, Pager, Region, usePages } from "../ui";

export function EventsPage() {
  const pages = usePages(
    (cursor) =>
      unwrap(api.GET("/api/v1/events", { params: { query: { cursor: cursor ?? undefined } } })),
    [],
  );
  const cancel = useAction(async (id: string) => {
    await unwrap(
      api.POST("/api/v1/events/{event_id}/cancel", { params: { path: { event_id: id } } }),
    );
    pages.page.reload();
  });
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("adminEvents")}</h1>
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && items.length === 0} text={st("noEvents")} />
      <ul>
        {items.map((e) => {
          const title = pick({ ko: e.title_ko, en: e.title_en });
          return (
            <li key={e.id}>
              <b>{title}</b> · {e.space} · {dateTime(e.starts_at)} · {sl("event_", e.status)} ·{" "}
              {st("seats", { taken: e.seats_taken, capacity: e.capacity, waiting: e.waiting })}{" "}
              {e.status === "scheduled" && (
                <button type="button" onClick={() => void cancel.run(e.id)}>
                  {st("cancelEvent", { title })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
      <ErrorText error={cancel.error} />
      <NewEvent done={pages.page.reload} />
    </section>
  );
}

function NewEvent({ done }: { done: () => void }) {
  const spaces = useResource(() =>
    unwrap(api.GET("/api/v1/spaces", { params: { query: { limit: 100 } } })),
  );
  const [form, setForm] = useState({
    title_ko: "",
    title_en: "",
    description: "",
    space: "event-hall",
    starts: "",
    hours: "2",
    capacity: "100",
  });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const create = useAction(async () => {
    const starts = new Date(form.starts);
    const ends = new Date(starts.getTime() + Number(form.hours) * 3_600_000);
    await unwrap(
      api.POST("/api/v1/events", {
        body: {
          title_ko: form.title_ko,
          title_en: form.title_en,
          description: form.description,
          space: form.space,
          starts_at: starts.toISOString(),
          ends_at: ends.toISOString(),
          capacity: Number(form.capacity),
        },
      }),
    );
    set({ title_ko: "", title_en: "", description: "" });
    done();
  });
  return (
    <Region title={st("newEvent")}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <Field
          label={st("titleKo")}
          required
          maxLength={200}
          value={form.title_ko}
          onInput={(e) => set({ title_ko: e.currentTarget.value })}
        />
        <Field
          label={st("titleEn")}
          required
          maxLength={200}
          value={form.title_en}
          onInput={(e) => set({ title_en: e.currentTarget.value })}
        />
        <TextArea
          label={st("description")}
          value={form.description}
          onInput={(e) => set({ description: e.currentTarget.value })}
        />
        <Select
          label={st("colSpace")}
          value={form.space}
          options={(spaces.data?.items ?? []).map((s) => ({ value: s.slug, label: names(s) }))}
          onChange={(e) => set({ space: e.currentTarget.value })}
        />
        <Field
          label={st("startsAt")}
          type="datetime-local"
          required
          value={form.starts}
          onInput={(e) => set({ starts: e.currentTarget.value })}
        />
        <Field
          label={st("durationHours")}
          type="number"
          min={1}
          max={24}
          required
          value={form.hours}
          onInput={(e) => set({ hours: e.currentTarget.value })}
        />
        <Field
          label={st("capacity")}
          type="number"
          min={1}
          required
          value={form.capacity}
          onInput={(e) => set({ capacity: e.currentTarget.value })}
        />
        <button type="submit" disabled={create.busy}>
          {st("createEvent")}
        </button>
        <ErrorText error={create.error} />
      </form>
    </Region>
  );
}
