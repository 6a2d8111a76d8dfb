/** One decision with several actions: remove the message, warn, mute or suspend for a time,
ban (for a time or for good), or dismiss; the rule it applies and the reason the user reads.
The form offers only what the API takes (no removal of a user, no dismissal with a sanction). */

import { useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { ErrorText, Select, TextArea, useAction } from "../../ui/components";
import { sl, st } from "../i18n";
import { duration } from "./case";

type Kind = "remove_message" | "warn" | "mute" | "suspend" | "ban" | "dismiss";
const KINDS: Kind[] = ["remove_message", "warn", "mute", "suspend", "ban", "dismiss"];
const TIMED: Partial<Record<Kind, number[]>> = {
  mute: [10, 60, 1440, 10080],
  suspend: [1440, 10080, 43200],
  ban: [0, 43200, 525600],
};
export const RULES = [
  "respect",
  "no-hate",
  "no-sexual",
  "no-threats",
  "privacy",
  "no-spam",
  "honesty",
];

export function DecisionForm(props: { c: Schemas["CaseDetail"]; done: () => void }) {
  const [chosen, setChosen] = useState<Partial<Record<Kind, boolean>>>({});
  const [minutes, setMinutes] = useState<Partial<Record<Kind, number>>>({
    mute: 10,
    suspend: 1440,
    ban: 0,
  });
  const [rule, setRule] = useState("respect");
  const [reason, setReason] = useState("");
  const dismissing = Boolean(chosen.dismiss);
  const decide = useAction(async () => {
    const actions = KINDS.filter((k) => chosen[k]).map((type) => {
      const m = minutes[type];
      return TIMED[type] && m ? { type, minutes: m } : { type };
    });
    if (actions.length === 0) throw new Error(st("chooseAction"));
    await unwrap(
      api.POST("/api/v1/moderation/cases/{case_id}/decision", {
        params: { path: { case_id: props.c.id } },
        body: { rule: rule as never, reason, actions },
      }),
    );
    props.done();
  });
  const available = (k: Kind) =>
    !(k === "remove_message" && props.c.target_type !== "message") &&
    (k === "dismiss" || !dismissing);
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">{st("decide")}</h2>
      <form
        id="decision"
        onSubmit={(e) => {
          e.preventDefault();
          void decide.run();
        }}
      >
        <fieldset>
          <legend>{st("actions")}</legend>
          {KINDS.map((k) => (
            <div key={k} class="action">
              <label class="check">
                <input
                  type="checkbox"
                  checked={Boolean(chosen[k]) && available(k)}
                  disabled={!available(k)}
                  onChange={(e) => setChosen({ ...chosen, [k]: e.currentTarget.checked })}
                />{" "}
                {sl("action_", k)}
              </label>
              {TIMED[k] && chosen[k] && available(k) && (
                <Select
                  label={st("durationOf", { action: sl("action_", k) })}
                  value={String(minutes[k] ?? 0)}
                  options={(TIMED[k] ?? []).map((m) => ({
                    value: String(m),
                    label: m === 0 ? st("permanent") : duration(m),
                  }))}
                  onChange={(e) => setMinutes({ ...minutes, [k]: Number(e.currentTarget.value) })}
                />
              )}
            </div>
          ))}
        </fieldset>
        <Select
          label={st("rule")}
          value={rule}
          options={RULES.map((r) => ({ value: r, label: sl("rule_", r) }))}
          onChange={(e) => setRule(e.currentTarget.value)}
        />
        <TextArea
          label={st("reasonShown")}
          required
          maxLength={1000}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <button type="submit" disabled={decide.busy}>
          {st("decide")}
        </button>
        <ErrorText error={decide.error} />
      </form>
    </section>
  );
}
