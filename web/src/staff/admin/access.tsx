/** The access log: every staff read of someone's personal data with its purpose, newest first,
by subject, staff member or case. */

import { useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import { Field } from "../../ui/components";
import { dateTime } from "../../ui/i18n";
import { shortId, sl, st } from "../i18n";
import { Empty, Loading, Pager, usePages } from "../ui";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (value: string) => (UUID.test(value.trim()) ? value.trim() : undefined);

export function AccessLogPage() {
  const [subject, setSubject] = useState("");
  const [actor, setActor] = useState("");
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/admin/access-log", {
          params: {
            query: {
              subject_id: id(subject),
              actor_id: id(actor),
              cursor: cursor ?? undefined,
              limit: 50,
            },
          },
        }),
      ),
    [id(subject), id(actor)],
  );
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("adminAccessLog")}</h1>
      <form class="filters" aria-label={st("filters")} onSubmit={(e) => e.preventDefault()}>
        <Field
          label={st("filterSubject")}
          hint={st("filterSubjectHint")}
          value={subject}
          onInput={(e) => setSubject(e.currentTarget.value)}
        />
        <Field
          label={st("filterStaff")}
          hint={st("filterSubjectHint")}
          value={actor}
          onInput={(e) => setActor(e.currentTarget.value)}
        />
      </form>
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && items.length === 0} text={st("noReads")} />
      {items.length > 0 && (
        <table>
          <caption>{st("accessCaption", { n: pages.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{st("colAt")}</th>
              <th scope="col">{st("colAction")}</th>
              <th scope="col">{st("colActor")}</th>
              <th scope="col">{st("colSubject")}</th>
              <th scope="col">{st("readPurpose")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{dateTime(e.at)}</td>
                <th scope="row">{sl("read_", e.action)}</th>
                <td>{shortId(e.actor_id)}</td>
                <td>{shortId(e.subject_id)}</td>
                <td>{e.purpose}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
    </section>
  );
}
