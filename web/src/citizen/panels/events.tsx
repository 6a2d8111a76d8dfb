/** City events: RSVP (a seat, or a place on the waiting list) and cancelling it. */

import { ErrorText, Loading, useAction, useResource } from "../../ui/components";
import { dateTime, pick, t } from "../../ui/i18n";
import { api, unwrap } from "../session";

export default function Events() {
  const events = useResource(() =>
    unwrap(api.GET("/api/v1/events", { params: { query: { limit: 30 } } })),
  );
  const mine = useResource(() => unwrap(api.GET("/api/v1/events/mine", {})));
  const act = useAction(async (id: string, on: boolean) => {
    const params = { path: { event_id: id } };
    if (on) await unwrap(api.POST("/api/v1/events/{event_id}/rsvp", { params }));
    else await unwrap(api.DELETE("/api/v1/events/{event_id}/rsvp", { params }));
    events.reload();
    mine.reload();
  });
  const rsvps = new Map((mine.data?.items ?? []).map((r) => [r.event_id, r]));
  return (
    <section>
      <h1>{t("serviceevents")}</h1>
      <Loading resource={events} />
      <ul>
        {(events.data?.items ?? []).map((event) => {
          const title = pick({ ko: event.title_ko, en: event.title_en });
          const rsvp = rsvps.get(event.id);
          return (
            <li key={event.id}>
              <h2>{title}</h2>
              <p>
                {dateTime(event.starts_at)} · {event.space} ·{" "}
                {t("seatsLeft", { n: event.seats_left })} · {t("waiting", { n: event.waiting })}
              </p>
              <p>{event.description}</p>
              {rsvp && <p>{t(`rsvp${rsvp.status}`, { n: rsvp.position ?? 0 })}</p>}
              <button type="button" onClick={() => void act.run(event.id, !rsvp)}>
                {rsvp ? t("cancelRsvp") : t("rsvp")}: {title}
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorText error={act.error} />
    </section>
  );
}
