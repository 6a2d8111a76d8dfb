/** Business support: company booths and inquiries to them, expert consultations. */

import { useState } from "preact/hooks";
import {
  ErrorText,
  Field,
  Loading,
  Status,
  TextArea,
  useAction,
  useResource,
} from "../../ui/components";
import { dateTime, t } from "../../ui/i18n";
import { api, unwrap } from "../session";

export default function Business() {
  const booths = useResource(() =>
    unwrap(api.GET("/api/v1/business/booths", { params: { query: { limit: 30 } } })),
  );
  const inquiries = useResource(() => unwrap(api.GET("/api/v1/business/inquiries/mine", {})));
  const [asking, setAsking] = useState<string | null>(null);
  return (
    <section>
      <h1>{t("servicebusiness")}</h1>
      <h2>{t("booths")}</h2>
      <Loading resource={booths} />
      <ul>
        {(booths.data?.items ?? []).map((booth) => (
          <li key={booth.id}>
            <h3>{booth.name}</h3>
            <p>{booth.tagline}</p>
            <button
              type="button"
              aria-expanded={asking === booth.id}
              onClick={() => setAsking(asking === booth.id ? null : booth.id)}
            >
              {t("inquiry")}: {booth.name}
            </button>
            {asking === booth.id && <Inquiry boothId={booth.id} onDone={inquiries.reload} />}
          </li>
        ))}
      </ul>
      <h2>{t("myInquiries")}</h2>
      <ul>
        {(inquiries.data?.items ?? []).map((inquiry) => (
          <li key={inquiry.id}>
            {(inquiry as { subject?: string }).subject} · {dateTime(inquiry.created_at)}
          </li>
        ))}
      </ul>
      <Experts />
    </section>
  );
}

function Inquiry({ boothId, onDone }: { boothId: string; onDone: () => void }) {
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const send = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/business/booths/{booth_id}/inquiries", {
        params: { path: { booth_id: boothId } },
        body: { subject, body },
      }),
    );
    setDone(t("inquirySent"));
    onDone();
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send.run();
      }}
    >
      <Field
        label={t("inquirySubject")}
        required
        maxLength={200}
        value={subject}
        onInput={(e) => setSubject(e.currentTarget.value)}
      />
      <TextArea
        label={t("inquiryBody")}
        required
        maxLength={4000}
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <button type="submit" disabled={send.busy}>
        {t("send")}
      </button>
      <ErrorText error={send.error} />
      <Status text={done} />
    </form>
  );
}

function Experts() {
  const experts = useResource(() => unwrap(api.GET("/api/v1/business/experts", {})));
  const mine = useResource(() => unwrap(api.GET("/api/v1/business/consultations/mine", {})));
  const [expert, setExpert] = useState<{ id: string; name: string } | null>(null);
  return (
    <section aria-labelledby="experts">
      <h2 id="experts">{t("experts")}</h2>
      <ul>
        {(experts.data?.items ?? []).map((e) => (
          <li key={e.user_id}>
            {e.display_name} · {e.field} · {e.bio}{" "}
            <button
              type="button"
              onClick={() => setExpert({ id: e.user_id, name: e.display_name })}
            >
              {t("expertSlots", { name: e.display_name })}
            </button>
          </li>
        ))}
      </ul>
      {expert && <Slots key={expert.id} expert={expert} onBooked={mine.reload} />}
      <h3>{t("myConsultations")}</h3>
      <ul>
        {(mine.data?.items ?? []).map((c) => (
          <li key={c.id}>
            {dateTime((c as { starts_at?: string }).starts_at)} ·{" "}
            {(c as { status?: string }).status}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Slots({
  expert,
  onBooked,
}: {
  expert: { id: string; name: string };
  onBooked: () => void;
}) {
  const slots = useResource(() =>
    unwrap(
      api.GET("/api/v1/business/experts/{user_id}/slots", {
        params: { path: { user_id: expert.id } },
      }),
    ),
  );
  const [topic, setTopic] = useState("");
  const book = useAction(async (slotId: string) => {
    await unwrap(api.POST("/api/v1/business/consultations", { body: { slot_id: slotId, topic } }));
    onBooked();
    slots.reload();
  });
  return (
    <div>
      <h3>{t("expertSlots", { name: expert.name })}</h3>
      <Field
        label={t("topic")}
        required
        maxLength={500}
        value={topic}
        onInput={(e) => setTopic(e.currentTarget.value)}
      />
      <ul>
        {(slots.data?.items ?? []).map((slot) => (
          <li key={slot.id}>
            {dateTime(slot.starts_at)}{" "}
            <button type="button" disabled={!topic} onClick={() => void book.run(slot.id)}>
              {t("bookConsultation")}: {dateTime(slot.starts_at)}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={book.error} />
    </div>
  );
}
