/** What I can do about someone from their chat line: report the line or the person, block
or unblock them, message or call them. */

import { useState } from "preact/hooks";
import type { ChatMessage, Schemas, Sender } from "../../sdk";
import { Dialog, ErrorText, Link, Select, Status, TextArea, useAction } from "../../ui/components";
import { label, t } from "../../ui/i18n";
import { startCall } from "../calls/state";
import { api, unwrap } from "../session";

type Category = Schemas["moderation__policy__Category"];
const CATEGORIES: Category[] = [
  "insult",
  "profanity",
  "harassment",
  "sexual",
  "hate",
  "threat",
  "self_harm",
  "privacy",
  "spam",
  "impersonation",
  "other",
];

export default function Actions(props: {
  user: Sender;
  message?: ChatMessage;
  onClose: () => void;
}) {
  const name = props.user.display_name;
  const [category, setCategory] = useState<Category>("insult");
  const [description, setDescription] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const report = useAction(async (target: "message" | "user") => {
    await unwrap(
      api.POST("/api/v1/reports", {
        body: {
          target_type: target,
          target_id: target === "message" && props.message ? props.message.id : props.user.id,
          category,
          description: description || null,
        },
      }),
    );
    setDone(t("reported"));
  });
  const block = useAction(async () => {
    await unwrap(api.POST("/api/v1/users/me/blocks", { body: { user_id: props.user.id } }));
    setDone(t("blocked", { name }));
  });
  return (
    <Dialog title={t("actionsFor", { name })} onClose={props.onClose}>
      {props.message && <blockquote>{props.message.text}</blockquote>}
      <Select
        label={t("reportCategory")}
        value={category}
        options={CATEGORIES.map((value) => ({ value, label: label("cat_", value) }))}
        onChange={(e) => setCategory(e.currentTarget.value as Category)}
      />
      <TextArea
        label={t("reportDescription")}
        maxLength={1000}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <p class="row">
        {props.message && (
          <button type="button" disabled={report.busy} onClick={() => void report.run("message")}>
            {t("reportMessage", { name })}
          </button>
        )}
        <button type="button" disabled={report.busy} onClick={() => void report.run("user")}>
          {t("reportUser", { name })}
        </button>
      </p>
      <p class="row">
        <button type="button" disabled={block.busy} onClick={() => void block.run()}>
          {t("blockUser", { name })}
        </button>
        <Link href={`/messages/${props.user.id}?name=${encodeURIComponent(name)}`}>
          {t("messageTo", { name })}
        </Link>
        <button
          type="button"
          onClick={() => {
            startCall(props.user, "audio");
            props.onClose();
          }}
        >
          {t("callUser", { name, kind: t("callAudio") })}
        </button>
      </p>
      <ErrorText error={report.error ?? block.error} />
      <Status text={done} />
      <button type="button" onClick={props.onClose}>
        {t("close")}
      </button>
    </Dialog>
  );
}
