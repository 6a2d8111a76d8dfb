/** Counselors: their slots, their cases (an anonymous youth shows as a pseudonym and an age
band only), the encrypted notes of a case, and the safeguarding reveal, which another
counselor or an admin must approve. Admins see the reveal requests to decide. */

import { useState } from "preact/hooks";
import { match, path } from "../citizen/router";
import { api, me, unwrap } from "../citizen/session";
import type { Schemas } from "../sdk";
import { ErrorText, Field, Link, TextArea, useAction, useResource } from "../ui/components";
import { dateTime, label } from "../ui/i18n";
import { sl, st } from "./i18n";
import { hasRole } from "./roles";
import { Empty, Facts, Loading, Pager, Region, usePages } from "./ui";

type Case = Schemas["CounselorCaseRead"];
const casePath = (id: string) => ({ params: { path: { case_id: id } } });

export default function CounselingConsole() {
  const found = match("/staff/counseling/cases/:id", path.value);
  const counselor = hasRole(me.value?.roles, "counselor");
  if (found?.id && counselor) return <CasePage key={found.id} id={found.id} />;
  return (
    <section>
      <h1>{st("consoleCounseling")}</h1>
      {counselor && <Cases />}
      {counselor && <Slots />}
      <RevealRequests />
    </section>
  );
}

function Cases() {
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/counseling/cases", { params: { query: { cursor: cursor ?? undefined } } }),
      ),
    [],
  );
  const items = pages.page.data?.items ?? [];
  return (
    <Region title={st("myCases")}>
      <Loading resource={pages.page} />
      <Empty
        when={pages.page.data !== undefined && items.length === 0}
        text={st("noCounselingCases")}
      />
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <Link href={`/staff/counseling/cases/${c.id}`}>{youthName(c)}</Link> ·{" "}
            {label("topic_", c.topic)} · {dateTime(c.starts_at)} · {sl("ccase_", c.status)}
            {c.urgent && <span class="tag danger">{st("urgent")}</span>}
          </li>
        ))}
      </ul>
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
    </Region>
  );
}

function youthName(c: Case): string {
  return st("youthName", {
    name: c.youth.display_name ?? c.youth.pseudonym,
    band: c.youth.age_band,
  });
}

function Slots() {
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/counseling/slots/mine", {
          params: { query: { cursor: cursor ?? undefined } },
        }),
      ),
    [],
  );
  const [starts, setStarts] = useState("");
  const [minutes, setMinutes] = useState("50");
  const publish = useAction(async () => {
    const start = new Date(starts);
    const end = new Date(start.getTime() + Number(minutes) * 60_000);
    await unwrap(
      api.POST("/api/v1/counseling/slots", {
        body: { starts_at: start.toISOString(), ends_at: end.toISOString() },
      }),
    );
    pages.page.reload();
  });
  const withdraw = useAction(async (id: string) => {
    await unwrap(
      api.DELETE("/api/v1/counseling/slots/{slot_id}", { params: { path: { slot_id: id } } }),
    );
    pages.page.reload();
  });
  return (
    <Region title={st("mySlots")}>
      <Loading resource={pages.page} />
      <ul>
        {(pages.page.data?.items ?? []).map((s) => (
          <li key={s.id}>
            {dateTime(s.starts_at)} – {dateTime(s.ends_at)} · {s.booked ? st("booked") : st("free")}{" "}
            {!s.booked && (
              <button type="button" onClick={() => void withdraw.run(s.id)}>
                {st("withdrawSlot", { at: dateTime(s.starts_at) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void publish.run();
        }}
      >
        <Field
          label={st("slotStarts")}
          type="datetime-local"
          required
          value={starts}
          onInput={(e) => setStarts(e.currentTarget.value)}
        />
        <Field
          label={st("slotMinutes")}
          type="number"
          min={15}
          max={180}
          required
          value={minutes}
          onInput={(e) => setMinutes(e.currentTarget.value)}
        />
        <button type="submit" disabled={publish.busy || !starts}>
          {st("publishSlot")}
        </button>
        <ErrorText error={publish.error ?? withdraw.error} />
      </form>
    </Region>
  );
}

function CasePage({ id }: { id: string }) {
  const found = useResource(
    () => unwrap(api.GET("/api/v1/counseling/cases/{case_id}", casePath(id))),
    [id],
  );
  const c = found.data as Case | undefined;
  const act = useAction(async (what: "start" | "close" | "cancel") => {
    if (what === "start")
      await unwrap(api.POST("/api/v1/counseling/cases/{case_id}/start", casePath(id)));
    if (what === "close")
      await unwrap(api.POST("/api/v1/counseling/cases/{case_id}/close", casePath(id)));
    if (what === "cancel")
      await unwrap(api.POST("/api/v1/counseling/cases/{case_id}/cancel", casePath(id)));
    found.reload();
  });
  return (
    <article>
      <p>
        <Link href="/staff/counseling">{st("backToCounseling")}</Link>
      </p>
      <Loading resource={found} />
      {c && (
        <>
          <h1>{youthName(c)}</h1>
          <Facts
            rows={[
              [st("colStatus"), sl("ccase_", c.status)],
              [st("topicLabel"), label("topic_", c.topic)],
              [st("sessionTime"), `${dateTime(c.starts_at)} – ${dateTime(c.ends_at)}`],
              [st("anonymousCase"), c.anonymous ? st("yes") : st("no")],
              [st("youthMessage"), c.message ?? "—"],
            ]}
          />
          <div class="row">
            {c.status === "booked" && (
              <>
                <button type="button" onClick={() => void act.run("start")}>
                  {st("startSession")}
                </button>
                <button type="button" onClick={() => void act.run("cancel")}>
                  {st("cancelSession")}
                </button>
              </>
            )}
            {(c.status === "booked" || c.status === "in_session") && (
              <button type="button" onClick={() => void act.run("close")}>
                {st("closeCase")}
              </button>
            )}
          </div>
          <ErrorText error={act.error} />
          <Notes id={id} />
          {c.anonymous && <Reveal id={id} />}
        </>
      )}
    </article>
  );
}

function Notes({ id }: { id: string }) {
  const notes = useResource(
    () => unwrap(api.GET("/api/v1/counseling/cases/{case_id}/notes", casePath(id))),
    [id],
  );
  const [body, setBody] = useState("");
  const add = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/counseling/cases/{case_id}/notes", { ...casePath(id), body: { body } }),
    );
    setBody("");
    notes.reload();
  });
  return (
    <Region title={st("caseNotes")}>
      <p>{st("notesEncrypted")}</p>
      <Loading resource={notes} />
      <ul>
        {(notes.data?.items ?? []).map((n) => (
          <li key={n.id}>
            {n.author} · {dateTime(n.created_at)}: {n.body}
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
          label={st("newNote")}
          required
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

function Reveal({ id }: { id: string }) {
  const [reason, setReason] = useState("");
  const [identity, setIdentity] = useState<Schemas["IdentityRead"] | null>(null);
  const ask = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/counseling/cases/{case_id}/reveal-requests", {
        ...casePath(id),
        body: { reason },
      }),
    );
    setReason("");
  });
  const read = useAction(async () => {
    setIdentity(await unwrap(api.GET("/api/v1/counseling/cases/{case_id}/identity", casePath(id))));
  });
  return (
    <Region title={st("safeguarding")}>
      <p>{st("safeguardingAbout")}</p>
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
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <button type="submit" disabled={ask.busy}>
          {st("askReveal")}
        </button>
        <ErrorText error={ask.error} />
      </form>
      <button type="button" onClick={() => void read.run()}>
        {st("readIdentity")}
      </button>
      <ErrorText error={read.error} />
      {identity && (
        <Facts
          rows={[
            [st("displayName"), identity.display_name],
            [st("emailLabel"), identity.email],
          ]}
        />
      )}
    </Region>
  );
}

function RevealRequests() {
  const list = useResource(() =>
    unwrap(
      api.GET("/api/v1/counseling/reveal-requests", { params: { query: { status: "pending" } } }),
    ),
  );
  const decide = useAction(async (requestId: string, approve: boolean) => {
    const where = { params: { path: { request_id: requestId } } };
    await unwrap(
      approve
        ? api.POST("/api/v1/counseling/reveal-requests/{request_id}/approve", where)
        : api.POST("/api/v1/counseling/reveal-requests/{request_id}/reject", where),
    );
    list.reload();
  });
  const items = list.data?.items ?? [];
  return (
    <Region title={st("counselingReveals")}>
      <Loading resource={list} />
      <Empty when={list.data !== undefined && items.length === 0} text={st("noReveals")} />
      <ul class="items">
        {items.map((r) => (
          <li key={r.id}>
            {r.pseudonym} · {r.requested_by} · {dateTime(r.created_at)}
            <blockquote>{r.reason}</blockquote>
            <div class="row">
              <button type="button" onClick={() => void decide.run(r.id, true)}>
                {st("approveRevealOf", { name: r.pseudonym })}
              </button>
              <button type="button" onClick={() => void decide.run(r.id, false)}>
                {st("rejectRevealOf", { name: r.pseudonym })}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ErrorText error={decide.error} />
    </Region>
  );
}
