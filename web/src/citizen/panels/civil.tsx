/** Civil requests: the catalog, a request filed through the service's own form (rendered from
its schema, with the server's per-field errors), my requests with their history, live status
(civil:updated) and withdrawal. */

import { useEffect, useState } from "preact/hooks";
import { ApiError, type Schemas } from "../../sdk";
import { ErrorText, Loading, Status, useAction, useResource } from "../../ui/components";
import { dateTime, label, names, pick, t } from "../../ui/i18n";
import { announce } from "../notices";
import { api, live, unwrap } from "../session";
import { SchemaForm } from "./schema-form";

type Request = Schemas["RequestRead"];

export default function Civil() {
  const catalog = useResource(() =>
    unwrap(api.GET("/api/v1/civil/services", { params: { query: { limit: 100 } } })),
  );
  const mine = useResource(() =>
    unwrap(api.GET("/api/v1/civil/requests/mine", { params: { query: { limit: 50 } } })),
  );
  const [chosen, setChosen] = useState<string>("");
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    const connection = live.value;
    if (!connection) return;
    return connection.on("civil:updated", (event) => {
      announce(t("civilUpdated", { status: label("status", event.status) }));
      mine.reload();
    });
  }, []);

  return (
    <section>
      <h1>{t("servicecivil")}</h1>
      <section aria-labelledby="civil-catalog">
        <h2 id="civil-catalog">{t("civilCatalog")}</h2>
        <Loading resource={catalog} />
        <ul>
          {(catalog.data?.items ?? []).map((service) => (
            <li key={service.slug}>
              <button
                type="button"
                aria-pressed={chosen === service.slug}
                onClick={() => setChosen(service.slug)}
              >
                {names(service)}
              </button>{" "}
              <small>{t("civilDeadline", { n: service.deadline_days })}</small>
            </li>
          ))}
        </ul>
      </section>
      {chosen && <RequestForm key={chosen} slug={chosen} onFiled={mine.reload} />}
      <section aria-labelledby="civil-mine">
        <h2 id="civil-mine">{t("civilMine")}</h2>
        <Loading resource={mine} />
        {mine.data?.items.length === 0 && <p>{t("civilNone")}</p>}
        <ul>
          {(mine.data?.items ?? []).map((request: Request) => (
            <li key={request.id}>
              <button
                type="button"
                aria-expanded={open === request.id}
                onClick={() => setOpen(open === request.id ? null : request.id)}
              >
                {request.service_slug}
              </button>{" "}
              <span>{t("civilStatus", { status: t(`status${request.status}`) })}</span>
              {request.overdue && <strong> · {t("overdue")}</strong>}
              {open === request.id && (
                <RequestDetail
                  id={request.id}
                  version={request.updated_at}
                  onChange={mine.reload}
                />
              )}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

function RequestForm({ slug, onFiled }: { slug: string; onFiled: () => void }) {
  const service = useResource(
    () => unwrap(api.GET("/api/v1/civil/services/{slug}", { params: { path: { slug } } })),
    [slug],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const file = useAction(async (form: Record<string, unknown>) => {
    setErrors({});
    setDone(null);
    try {
      await unwrap(api.POST("/api/v1/civil/requests", { body: { service: slug, form } }));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fields);
      throw new Error(
        error instanceof ApiError && Object.keys(error.fields).length
          ? t("formErrors")
          : String((error as Error).message),
      );
    }
    setDone(t("civilFiled"));
    onFiled();
  });
  if (!service.data) return <Loading resource={service} />;
  const data = service.data;
  return (
    <section aria-labelledby="civil-form">
      <h2 id="civil-form">{names(data)}</h2>
      <p>{pick({ ko: data.description_ko, en: data.description_en })}</p>
      <SchemaForm
        fields={data.form}
        errors={errors}
        busy={file.busy}
        onSubmit={(form) => void file.run(form)}
      />
      <ErrorText error={file.error} />
      <Status text={done} />
    </section>
  );
}

function RequestDetail(props: { id: string; version: string; onChange: () => void }) {
  const detail = useResource(
    () =>
      unwrap(
        api.GET("/api/v1/civil/requests/{request_id}", {
          params: { path: { request_id: props.id } },
        }),
      ),
    [props.id, props.version],
  );
  const withdraw = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/civil/requests/{request_id}/withdraw", {
        params: { path: { request_id: props.id } },
      }),
    );
    props.onChange();
  });
  if (!detail.data) return <Loading resource={detail} />;
  return (
    <div class="detail">
      <h3>{t("civilHistory")}</h3>
      <ol>
        {detail.data.history.map((step) => (
          <li key={step.at}>
            {dateTime(step.at)} · {t(`status${step.to_status}`)}
            {step.reason ? ` · ${step.reason}` : ""}
            {step.note ? ` · ${step.note}` : ""}
          </li>
        ))}
      </ol>
      {detail.data.status === "received" && (
        <button type="button" disabled={withdraw.busy} onClick={() => void withdraw.run()}>
          {t("civilWithdraw")}
        </button>
      )}
      <ErrorText error={withdraw.error} />
    </div>
  );
}
