/** Youth counseling: open times (booking needs a verified youth account; the server says so
otherwise), my cases, and the anonymous private room of a booked session. */

import { useState } from "preact/hooks";
import type { Schemas } from "../../sdk";
import { ErrorText, Loading, Select, Status, useAction, useResource } from "../../ui/components";
import { dateTime, label, t } from "../../ui/i18n";
import { navigate } from "../router";
import { api, unwrap } from "../session";

type Topic = Schemas["Topic"];
const TOPICS: Topic[] = ["school", "family", "relationships", "mental_health", "career", "other"];

export default function Counseling() {
  const slots = useResource(() =>
    unwrap(api.GET("/api/v1/counseling/slots", { params: { query: { limit: 20 } } })),
  );
  const mine = useResource(() => unwrap(api.GET("/api/v1/counseling/cases/mine", {})));
  const [topic, setTopic] = useState<Topic>("school");
  const [anonymous, setAnonymous] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  const book = useAction(async (slotId: string) => {
    await unwrap(
      api.POST("/api/v1/counseling/bookings", { body: { slot_id: slotId, topic, anonymous } }),
    );
    setDone(t("done"));
    slots.reload();
    mine.reload();
  });
  return (
    <section>
      <h1>{t("servicecounseling")}</h1>
      <p>{t("counselingOnlyYouth")}</p>
      <Select
        label={t("topic")}
        value={topic}
        options={TOPICS.map((value) => ({ value, label: label("topic_", value) }))}
        onChange={(e) => setTopic(e.currentTarget.value as Topic)}
      />
      <label class="check">
        <input
          type="checkbox"
          checked={anonymous}
          onChange={(e) => setAnonymous(e.currentTarget.checked)}
        />{" "}
        {t("anonymous")}
      </label>
      <h2>{t("counselingSlots")}</h2>
      <Loading resource={slots} />
      <ul>
        {(slots.data?.items ?? []).map((slot) => (
          <li key={slot.id}>
            {dateTime(slot.starts_at)} · {slot.counselor.display_name}{" "}
            <button type="button" onClick={() => void book.run(slot.id)}>
              {t("counselingBook")}: {dateTime(slot.starts_at)}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={book.error} />
      <Status text={done} />
      <h2>{t("counselingMine")}</h2>
      <ul>
        {(mine.data?.items ?? []).map((c) => (
          <li key={c.id}>
            {dateTime(c.starts_at)} · {label("topic_", c.topic)} · {c.status} · {c.pseudonym}{" "}
            {c.room && (
              <button
                type="button"
                onClick={() =>
                  navigate(`/spaces/${c.room?.space}?appointment=${c.room?.appointment}`)
                }
              >
                {t("enterRoom")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
