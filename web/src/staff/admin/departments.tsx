/** Departments and the officials who work their civil-request queues; and which officials
may verify identity documents. */

import { useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import { ErrorText, Field, Select, useAction, useResource } from "../../ui/components";
import { dateTime, names } from "../../ui/i18n";
import { shortId, st } from "../i18n";
import { Empty, Loading, Region } from "../ui";
import { userByEmail } from "./users";

export function DepartmentsPage() {
  const departments = useResource(() =>
    unwrap(api.GET("/api/v1/civil/departments", { params: { query: { limit: 100 } } })),
  );
  const [code, setCode] = useState("");
  const chosen = code || departments.data?.items[0]?.code || "";
  return (
    <section>
      <h1>{st("adminDepartments")}</h1>
      <Loading resource={departments} />
      <Select
        label={st("department")}
        value={chosen}
        options={(departments.data?.items ?? []).map((d) => ({ value: d.code, label: names(d) }))}
        onChange={(e) => setCode(e.currentTarget.value)}
      />
      {chosen && <Members key={chosen} code={chosen} />}
      <Verifiers />
    </section>
  );
}

function Members({ code }: { code: string }) {
  const where = { params: { path: { code } } };
  const members = useResource(
    () => unwrap(api.GET("/api/v1/civil/departments/{code}/members", where)),
    [code],
  );
  const [email, setEmail] = useState("");
  const change = useAction(async (add: boolean, userId?: string) => {
    const id = userId ?? (await userByEmail(email)).id;
    const target = { params: { path: { code, user_id: id } } };
    await unwrap(
      add
        ? api.PUT("/api/v1/civil/departments/{code}/members/{user_id}", target)
        : api.DELETE("/api/v1/civil/departments/{code}/members/{user_id}", target),
    );
    setEmail("");
    members.reload();
  });
  const items = members.data?.items ?? [];
  return (
    <Region title={st("members")}>
      <Loading resource={members} />
      <Empty when={members.data !== undefined && items.length === 0} text={st("noMembers")} />
      <ul>
        {items.map((m) => (
          <li key={m.user_id}>
            {m.user_id} · {st("since", { at: dateTime(m.added_at) })}{" "}
            <button type="button" onClick={() => void change.run(false, m.user_id)}>
              {st("removeMember", { id: shortId(m.user_id) })}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void change.run(true);
        }}
      >
        <Field
          label={st("officialEmail")}
          type="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" disabled={change.busy}>
          {st("addMember")}
        </button>
      </form>
      <ErrorText error={change.error} />
    </Region>
  );
}

function Verifiers() {
  const list = useResource(() => unwrap(api.GET("/api/v1/admin/verifiers")));
  const [email, setEmail] = useState("");
  const change = useAction(async (grant: boolean, userId?: string) => {
    const id = userId ?? (await userByEmail(email)).id;
    const where = { params: { path: { user_id: id } } };
    await unwrap(
      grant
        ? api.PUT("/api/v1/admin/verifiers/{user_id}", where)
        : api.DELETE("/api/v1/admin/verifiers/{user_id}", where),
    );
    setEmail("");
    list.reload();
  });
  return (
    <Region title={st("verifiers")}>
      <p>{st("verifiersAbout")}</p>
      <Loading resource={list} />
      <ul>
        {(list.data ?? []).map((v) => (
          <li key={v.user_id}>
            {v.user_id} · {dateTime(v.granted_at)}{" "}
            <button type="button" onClick={() => void change.run(false, v.user_id)}>
              {st("revokeVerifier", { id: shortId(v.user_id) })}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void change.run(true);
        }}
      >
        <Field
          label={st("officialEmail")}
          type="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" disabled={change.busy}>
          {st("grantVerifier")}
        </button>
      </form>
      <ErrorText error={change.error} />
    </Region>
  );
}
