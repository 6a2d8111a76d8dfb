/** Business Support Center experts: appoint an account as an expert in a field, with a bio;
dismiss one (their free slots go, booked consultations stand). */

import { useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import { ErrorText, Field, Select, TextArea, useAction } from "../../ui/components";
import { sl, st } from "../i18n";
import { Empty, Loading, Pager, Region, usePages } from "../ui";
import { userByEmail } from "./users";

const FIELDS = ["legal", "hr", "startup", "management"] as const;

export function ExpertsPage() {
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/business/experts", { params: { query: { cursor: cursor ?? undefined } } }),
      ),
    [],
  );
  const [email, setEmail] = useState("");
  const [field, setField] = useState<(typeof FIELDS)[number]>("legal");
  const [bio, setBio] = useState("");
  const appoint = useAction(async () => {
    const user = await userByEmail(email);
    await unwrap(
      api.PUT("/api/v1/business/experts/{user_id}", {
        params: { path: { user_id: user.id } },
        body: { field, bio },
      }),
    );
    setEmail("");
    setBio("");
    pages.page.reload();
  });
  const dismiss = useAction(async (userId: string) => {
    await unwrap(
      api.DELETE("/api/v1/business/experts/{user_id}", { params: { path: { user_id: userId } } }),
    );
    pages.page.reload();
  });
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("adminExperts")}</h1>
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && items.length === 0} text={st("noExperts")} />
      <ul>
        {items.map((x) => (
          <li key={x.user_id}>
            <b>{x.display_name}</b> · {sl("field_", x.field)} · {x.bio}{" "}
            <button type="button" onClick={() => void dismiss.run(x.user_id)}>
              {st("dismissExpert", { name: x.display_name })}
            </button>
          </li>
        ))}
      </ul>
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
      <Region title={st("appointExpert")}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void appoint.run();
          }}
        >
          <Field
            label={st("emailLabel")}
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <Select
            label={st("expertField")}
            value={field}
            options={FIELDS.map((f) => ({ value: f, label: sl("field_", f) }))}
            onChange={(e) => setField(e.currentTarget.value as (typeof FIELDS)[number])}
          />
          <TextArea
            label={st("bio")}
            maxLength={4000}
            value={bio}
            onInput={(e) => setBio(e.currentTarget.value)}
          />
          <button type="submit" disabled={appoint.busy}>
            {st("appointExpert")}
          </button>
          <ErrorText error={appoint.error ?? dismiss.error} />
        </form>
      </Region>
    </section>
  );
}
