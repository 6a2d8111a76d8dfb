/** People and their staff roles: find an account by email, grant and revoke roles with a
reason, and read the trail of every change. */

import { useState } from "preact/hooks";
import { api, me, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { ErrorText, Field, Select, useAction, useResource } from "../../ui/components";
import { dateTime } from "../../ui/i18n";
import { shortId, sl, st } from "../i18n";
import { Empty, Loading, Pager, Region, usePages } from "../ui";

type User = Schemas["UserRead"];
export const STAFF_ROLES = [
  "moderator",
  "official",
  "counselor",
  "business",
  "admin",
  "youth",
] as const;

/** The account whose email is exactly `email`, through the admins' search. */
export async function userByEmail(email: string): Promise<User> {
  const wanted = email.trim().toLowerCase();
  const page = await unwrap(
    api.GET("/api/v1/admin/users", { params: { query: { email: wanted, limit: 5 } } }),
  );
  const found = page.items.find((u) => u.email === wanted);
  if (!found) throw new Error(st("noSuchUser", { email: wanted }));
  return found;
}

export function UsersPage() {
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<User | null>(null);
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          params: {
            query: { email: query.trim() || undefined, cursor: cursor ?? undefined, limit: 20 },
          },
        }),
      ),
    [query],
  );
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("adminUsers")}</h1>
      <form onSubmit={(e) => e.preventDefault()}>
        <Field
          label={st("findByEmail")}
          type="search"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </form>
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && items.length === 0} text={st("noUsers")} />
      {items.length > 0 && (
        <table>
          <caption>{st("usersCaption", { n: pages.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{st("emailLabel")}</th>
              <th scope="col">{st("displayName")}</th>
              <th scope="col">{st("roles")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <button
                    type="button"
                    class="link"
                    aria-pressed={chosen?.id === u.id}
                    onClick={() => setChosen(u)}
                  >
                    {u.email}
                  </button>
                </th>
                <td>{u.display_name}</td>
                <td>{rolesText(u)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
      {chosen && (
        <UserRoles
          key={`${chosen.id}:${chosen.roles.join()}`}
          user={chosen}
          changed={(u) => {
            setChosen(u);
            pages.page.reload();
          }}
        />
      )}
      <RoleTrail key={chosen?.roles.join()} userId={undefined} />
    </section>
  );
}

function rolesText(u: User): string {
  return u.roles.map((r) => sl("role_", r)).join(", ");
}

function UserRoles({ user, changed }: { user: User; changed: (u: User) => void }) {
  const [role, setRole] = useState<string>("moderator");
  const [reason, setReason] = useState("");
  const change = useAction(async (action: "grant" | "revoke", which: string) => {
    const where = {
      params: { path: { user_id: user.id, role: which as never } },
      body: { reason: reason || null },
    };
    changed(
      await unwrap(
        action === "grant"
          ? api.PUT("/api/v1/admin/users/{user_id}/roles/{role}", where)
          : api.DELETE("/api/v1/admin/users/{user_id}/roles/{role}", where),
      ),
    );
    setReason("");
  });
  const held = user.roles.filter((r) => r !== "citizen");
  return (
    <Region title={st("rolesOf", { name: user.display_name })}>
      <p>
        {user.email} · {rolesText(user)}
      </p>
      <Field
        label={st("roleReason")}
        value={reason}
        maxLength={500}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <ul>
        {held.map((r) => (
          <li key={r}>
            {sl("role_", r)}{" "}
            <button
              type="button"
              disabled={change.busy || (r === "admin" && user.id === me.value?.id)}
              onClick={() => void change.run("revoke", r)}
            >
              {st("revokeRole", { role: sl("role_", r), name: user.display_name })}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void change.run("grant", role);
        }}
      >
        <Select
          label={st("roleToGrant")}
          value={role}
          options={STAFF_ROLES.map((r) => ({ value: r, label: sl("role_", r) }))}
          onChange={(e) => setRole(e.currentTarget.value)}
        />
        <button type="submit" disabled={change.busy}>
          {st("grantRole", { name: user.display_name })}
        </button>
      </form>
      <ErrorText error={change.error} />
      <RoleTrail userId={user.id} />
    </Region>
  );
}

function RoleTrail({ userId }: { userId: string | undefined }) {
  const trail = useResource(
    () =>
      unwrap(
        api.GET("/api/v1/admin/role-changes", {
          params: { query: { user_id: userId, limit: 20 } },
        }),
      ),
    [userId],
  );
  return (
    <Region title={userId ? st("trailOfUser") : st("roleTrail")} level={3}>
      <Loading resource={trail} />
      <ul>
        {(trail.data?.items ?? []).map((c) => (
          <li key={c.id}>
            {dateTime(c.changed_at)} · {sl("change_", c.action)} {sl("role_", c.role)} ·{" "}
            {shortId(c.user_id)} ·{" "}
            {st("changedBy", {
              who: c.changed_by_id === me.value?.id ? st("byMe") : shortId(c.changed_by_id),
            })}
            {c.reason ? ` · ${c.reason}` : ""}
          </li>
        ))}
      </ul>
    </Region>
  );
}
