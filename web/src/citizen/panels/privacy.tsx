/** Privacy: download my data, my consents, my identity documents and what they proved, and
deleting my account. */

import { useState } from "preact/hooks";
import type { Schemas } from "../../sdk";
import {
  Dialog,
  ErrorText,
  Field,
  Loading,
  Select,
  Status,
  useAction,
  useResource,
} from "../../ui/components";
import { dateTime, label, t } from "../../ui/i18n";
import { navigate } from "../router";
import { api, signOut, unwrap } from "../session";

type Kind = Schemas["DocumentKind"];
const KINDS: Kind[] = ["id_card", "health_insurance", "medical_record", "other"];

export default function Privacy() {
  return (
    <section>
      <h1>{t("privacyTitle")}</h1>
      <Export />
      <Consents />
      <Documents />
      <DeleteAccount />
    </section>
  );
}

function Export() {
  const [href, setHref] = useState<string | null>(null);
  const action = useAction(async () => {
    const data = await unwrap(api.GET("/api/v1/users/me/export"));
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    setHref(URL.createObjectURL(blob));
  });
  return (
    <section aria-labelledby="export">
      <h2 id="export">{t("exportData")}</h2>
      <button type="button" disabled={action.busy} onClick={() => void action.run()}>
        {t("exportData")}
      </button>{" "}
      {href && (
        <a href={href} download="cityhall-my-data.json">
          {t("exportReady")}
        </a>
      )}
      <ErrorText error={action.error} />
    </section>
  );
}

function Consents() {
  const consents = useResource(() => unwrap(api.GET("/api/v1/users/me/consents")));
  const change = useAction(async (purpose: string, version: string, granted: boolean) => {
    await unwrap(
      api.PUT("/api/v1/users/me/consents/{purpose}", {
        params: { path: { purpose: purpose as Schemas["Purpose"] } },
        body: { granted, version },
      }),
    );
    consents.reload();
  });
  return (
    <section aria-labelledby="consents">
      <h2 id="consents">{t("consents")}</h2>
      <Loading resource={consents} />
      <ul>
        {(consents.data ?? []).map((c) => (
          <li key={c.purpose}>
            {label("purpose_", c.purpose)}{" "}
            {c.required ? t("requiredConsent") : t("optionalConsent")}: {t(c.status as "granted")}{" "}
            {c.status === "granted" ? (
              <button
                type="button"
                onClick={() => void change.run(c.purpose, c.current_version, false)}
              >
                {t("withdraw")} ({label("purpose_", c.purpose)})
              </button>
            ) : (
              <button
                type="button"
                onClick={() => void change.run(c.purpose, c.current_version, true)}
              >
                {t("grant")} ({label("purpose_", c.purpose)})
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorText error={change.error} />
    </section>
  );
}

function Documents() {
  const documents = useResource(() => unwrap(api.GET("/api/v1/users/me/documents")));
  const claims = useResource(() => unwrap(api.GET("/api/v1/users/me/claims")));
  const [kind, setKind] = useState<Kind>("id_card");
  const [file, setFile] = useState<File | null>(null);
  const upload = useAction(async () => {
    if (!file) return;
    const body = new FormData();
    body.append("kind", kind);
    body.append("file", file);
    await unwrap(
      api.POST("/api/v1/users/me/documents", {
        body: body as never,
        bodySerializer: (b) => b as unknown as FormData,
      }),
    );
    documents.reload();
  });
  return (
    <section aria-labelledby="documents">
      <h2 id="documents">{t("documents")}</h2>
      <Loading resource={documents} />
      {documents.data?.length === 0 && <p>{t("noDocuments")}</p>}
      <ul>
        {(documents.data ?? []).map((d) => (
          <li key={d.id}>
            {t("documentStatus", { kind: label("doc_", d.kind), status: d.status })} ·{" "}
            {dateTime(d.created_at)}
            {d.decision_reason ? ` · ${d.decision_reason}` : ""}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void upload.run();
        }}
      >
        <Select
          label={t("documentKind")}
          value={kind}
          options={KINDS.map((value) => ({ value, label: label("doc_", value) }))}
          onChange={(e) => setKind(e.currentTarget.value as Kind)}
        />
        <Field
          label={t("documentFile")}
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <button type="submit" disabled={upload.busy || !file}>
          {t("upload")}
        </button>
      </form>
      <ErrorText error={upload.error} />
      <h3>{t("claims")}</h3>
      <ul>
        {(claims.data ?? []).map((c) => (
          <li key={c.kind}>
            {c.kind}: {c.value} ({dateTime(c.verified_at)})
          </li>
        ))}
      </ul>
    </section>
  );
}

function DeleteAccount() {
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState("");
  const action = useAction(async () => {
    // The server asks for the password again before an account is deleted.
    await unwrap(api.DELETE("/api/v1/users/me", { body: { current_password: password } }));
    setAsking(false);
    await signOut().catch(() => undefined);
    navigate("/");
  });
  return (
    <section aria-labelledby="delete">
      <h2 id="delete">{t("deleteAccount")}</h2>
      <button type="button" onClick={() => setAsking(true)}>
        {t("deleteAccount")}
      </button>
      {asking && (
        <Dialog title={t("deleteAccount")} role="alertdialog" onClose={() => setAsking(false)}>
          <p>{t("deleteConfirm")}</p>
          <Field
            label={t("password")}
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <button
            type="button"
            disabled={action.busy || !password}
            onClick={() => void action.run()}
          >
            {t("deleteYes")}
          </button>{" "}
          <button type="button" onClick={() => setAsking(false)}>
            {t("cancel")}
          </button>
          <ErrorText error={action.error} />
        </Dialog>
      )}
      <Status text={null} />
    </section>
  );
}
