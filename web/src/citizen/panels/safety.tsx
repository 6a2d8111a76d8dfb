/** My reports and their outcomes, the people I block, my sanctions and appeals. */

import { useState } from "preact/hooks";
import { ErrorText, Loading, Status, TextArea, useAction, useResource } from "../../ui/components";
import { dateTime, label, t } from "../../ui/i18n";
import { api, unwrap } from "../session";

export default function Safety() {
  return (
    <section>
      <h1>{t("safetyTitle")}</h1>
      <Reports />
      <Blocks />
      <Sanctions />
    </section>
  );
}

function Reports() {
  const reports = useResource(() => unwrap(api.GET("/api/v1/reports/mine")));
  return (
    <section aria-labelledby="my-reports">
      <h2 id="my-reports">{t("myReports")}</h2>
      <Loading resource={reports} />
      {reports.data?.length === 0 && <p>{t("noReports")}</p>}
      <ul>
        {(reports.data ?? []).map((r) => (
          <li key={r.id}>
            {dateTime(r.created_at)} ·{" "}
            {t("reportStatus", {
              category: label("cat_", r.category),
              status: r.status,
              outcome: r.outcome ? `· ${t(`outcome${r.outcome}`)}` : "",
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Blocks() {
  const blocks = useResource(() => unwrap(api.GET("/api/v1/users/me/blocks")));
  const unblock = useAction(async (userId: string) => {
    await unwrap(
      api.DELETE("/api/v1/users/me/blocks/{user_id}", { params: { path: { user_id: userId } } }),
    );
    blocks.reload();
  });
  return (
    <section aria-labelledby="my-blocks">
      <h2 id="my-blocks">{t("myBlocks")}</h2>
      <Loading resource={blocks} />
      {blocks.data?.length === 0 && <p>{t("noBlocks")}</p>}
      <ul>
        {(blocks.data ?? []).map((b) => (
          <li key={b.user.id}>
            {b.user.display_name}{" "}
            <button type="button" onClick={() => void unblock.run(b.user.id)}>
              {t("unblockUser", { name: b.user.display_name })}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={unblock.error} />
    </section>
  );
}

function Sanctions() {
  const sanctions = useResource(() => unwrap(api.GET("/api/v1/users/me/sanctions")));
  return (
    <section aria-labelledby="my-sanctions">
      <h2 id="my-sanctions">{t("mySanctions")}</h2>
      <Loading resource={sanctions} />
      {sanctions.data?.length === 0 && <p>{t("noSanctions")}</p>}
      <ul>
        {(sanctions.data ?? []).map((s) => (
          <li key={s.id}>
            {t("sanctionLine", {
              kind: s.kind,
              reason: s.reason,
              from: dateTime(s.starts_at),
              until: s.ends_at ? dateTime(s.ends_at) : t("forever"),
            })}
            {s.appeal ? (
              <p>{t("appealStatus", { status: s.appeal.status })}</p>
            ) : (
              s.appealable_until &&
              Date.parse(s.appealable_until) > Date.now() && (
                <Appeal sanctionId={s.id} onDone={sanctions.reload} />
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Appeal({ sanctionId, onDone }: { sanctionId: string; onDone: () => void }) {
  const [body, setBody] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(async () => {
    await unwrap(api.POST("/api/v1/appeals", { body: { sanction_id: sanctionId, body } }));
    setDone(t("appealSent"));
    onDone();
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void action.run();
      }}
    >
      <TextArea
        label={t("appealBody")}
        required
        maxLength={4000}
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <button type="submit" disabled={action.busy}>
        {t("appeal")}
      </button>
      <ErrorText error={action.error} />
      <Status text={done} />
    </form>
  );
}
