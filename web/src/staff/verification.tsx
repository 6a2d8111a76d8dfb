/** Verifiers: identity documents to review. Opening one needs a stated purpose; each opening is
logged and listed here from the access log; a pending document is approved into claims on
the owner's account, or rejected with a reason. */

import { useEffect, useState } from "preact/hooks";
import { match, path } from "../citizen/router";
import { api, unwrap } from "../citizen/session";
import { ApiError, type Schemas } from "../sdk";
import { ErrorText, Field, Link, Select, TextArea, useAction, useResource } from "../ui/components";
import { dateTime, label } from "../ui/i18n";
import { shortId, sl, st } from "./i18n";
import { Empty, Facts, Loading, Pager, Region, usePages } from "./ui";

type Document = Schemas["QueuedDocumentRead"];
const CLAIMS = {
  age_band: ["9-13", "14-18", "19-24", "25+"],
  resident: ["seoul", "non_seoul"],
  insured: ["national_health_insurance", "medical_aid"],
} as const;
type ClaimKind = keyof typeof CLAIMS;

export default function VerificationConsole() {
  const found = match("/staff/verification/:id", path.value);
  return found?.id ? <DocumentPage key={found.id} id={found.id} /> : <Queue />;
}

function Queue() {
  const [status, setStatus] = useState<"pending" | "approved" | "rejected">("pending");
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/verification/documents", {
          params: { query: { status, cursor: cursor ?? undefined } },
        }),
      ),
    [status],
  );
  const refused = pages.page.error && /verifier/i.test(pages.page.error);
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("consoleVerification")}</h1>
      <p>{st("verificationAbout")}</p>
      {refused ? (
        <p role="status">{st("notAVerifier")}</p>
      ) : (
        <>
          <Select
            label={st("filterStatus")}
            value={status}
            options={(["pending", "approved", "rejected"] as const).map((s) => ({
              value: s,
              label: sl("doc_status_", s),
            }))}
            onChange={(e) => setStatus(e.currentTarget.value as typeof status)}
          />
          <Loading resource={pages.page} />
          <Empty
            when={pages.page.data !== undefined && items.length === 0}
            text={st("noDocumentsToReview")}
          />
          <ul>
            {items.map((d) => (
              <li key={d.id}>
                <Link href={`/staff/verification/${d.id}`}>{documentName(d)}</Link> ·{" "}
                {dateTime(d.created_at)}
              </li>
            ))}
          </ul>
          <Pager number={pages.number} next={pages.next} previous={pages.previous} />
        </>
      )}
    </section>
  );
}

function documentName(d: Document): string {
  return st("documentName", { kind: label("doc_", d.kind), owner: shortId(d.owner_id) });
}

function DocumentPage({ id }: { id: string }) {
  const where = { params: { path: { document_id: id } } };
  const queue = useResource(
    () => unwrap(api.GET("/api/v1/verification/documents/{document_id}", where)),
    [id],
  );
  const reads = useResource(
    () => unwrap(api.GET("/api/v1/verification/documents/{document_id}/reads", where)),
    [id],
  );
  const d = queue.data;
  return (
    <article>
      <p>
        <Link href="/staff/verification">{st("backToDocuments")}</Link>
      </p>
      <Loading resource={queue} />
      {d && (
        <>
          <h1>{documentName(d)}</h1>
          <Facts
            rows={[
              [st("colStatus"), sl("doc_status_", d.status)],
              [st("uploadedAt"), dateTime(d.created_at)],
              [st("fileType"), `${d.media_type}, ${Math.ceil(d.size_bytes / 1024)} KB`],
              [st("owner"), d.owner_id],
            ]}
          />
          <Viewer id={id} onRead={reads.reload} />
          <Region title={st("accessLog")}>
            <Loading resource={reads} />
            <Empty when={reads.data?.length === 0} text={st("noReads")} />
            <ul>
              {(reads.data ?? []).map((r) => (
                <li key={r.id}>
                  {dateTime(r.at)} · {shortId(r.actor_id)} · {sl("read_", r.action)} · {r.purpose}
                </li>
              ))}
            </ul>
          </Region>
          {d.status === "pending" ? (
            <Decision id={id} done={queue.reload} />
          ) : (
            <p>{d.decision_reason}</p>
          )}
        </>
      )}
    </article>
  );
}

function Viewer({ id, onRead }: { id: string; onRead: () => void }) {
  const [purpose, setPurpose] = useState("");
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  useEffect(() => () => file && URL.revokeObjectURL(file.url), [file]);
  const open = useAction(async () => {
    const { data, error, response } = await api.GET(
      "/api/v1/verification/documents/{document_id}/file",
      {
        params: { path: { document_id: id }, query: { purpose } },
        parseAs: "blob",
      },
    );
    if (error !== undefined || !response.ok || !data)
      throw ApiError.fromBody(response.status, error);
    setFile({
      url: URL.createObjectURL(data as Blob),
      type: response.headers.get("content-type") ?? "",
    });
    onRead();
  });
  return (
    <Region title={st("openDocument")}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void open.run();
        }}
      >
        <Field
          label={st("readPurpose")}
          hint={st("readPurposeHint")}
          required
          minLength={5}
          maxLength={500}
          value={purpose}
          onInput={(e) => setPurpose(e.currentTarget.value)}
        />
        <button type="submit" disabled={open.busy || purpose.trim().length < 5}>
          {st("openDocument")}
        </button>
        <ErrorText error={open.error} />
      </form>
      {file &&
        (file.type.startsWith("image/") ? (
          <img class="document" src={file.url} alt={st("documentImage")} />
        ) : (
          <a href={file.url} download={`document-${id}`}>
            {st("downloadDocument")}
          </a>
        ))}
    </Region>
  );
}

function Decision({ id, done }: { id: string; done: () => void }) {
  const [claims, setClaims] = useState<Partial<Record<ClaimKind, string>>>({});
  const [reason, setReason] = useState("");
  const decide = useAction(async (decision: "approve" | "reject") => {
    const chosen = Object.fromEntries(Object.entries(claims).filter(([, v]) => v));
    await unwrap(
      api.POST("/api/v1/verification/documents/{document_id}/decision", {
        params: { path: { document_id: id } },
        body:
          decision === "approve"
            ? { decision, claims: chosen as Schemas["DocumentDecision"]["claims"] }
            : { decision, reason },
      }),
    );
    done();
  });
  return (
    <Region title={st("decideDocument")}>
      <form onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{st("claimsToSet")}</legend>
          {(Object.keys(CLAIMS) as ClaimKind[]).map((kind) => (
            <Select
              key={kind}
              label={sl("claim_", kind)}
              value={claims[kind] ?? ""}
              options={[
                { value: "", label: st("notProven") },
                ...CLAIMS[kind].map((v) => ({ value: v, label: sl("claimv_", v) })),
              ]}
              onChange={(e) => setClaims({ ...claims, [kind]: e.currentTarget.value })}
            />
          ))}
        </fieldset>
        <button type="button" disabled={decide.busy} onClick={() => void decide.run("approve")}>
          {st("approveDocument")}
        </button>
        <TextArea
          label={st("rejectReason")}
          maxLength={500}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <button
          type="button"
          disabled={decide.busy || !reason.trim()}
          onClick={() => void decide.run("reject")}
        >
          {st("rejectDocument")}
        </button>
        <ErrorText error={decide.error} />
      </form>
    </Region>
  );
}
