/** What the map shows, as lists a screen reader and a keyboard can use: who is around me
(direction and distance in words) and the places of the space with "walk there". */

import { effect } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { Link } from "../ui/components";
import { label, pick, t } from "../ui/i18n";
import { startCall } from "./calls/state";
import type { Layout, Point, ServiceName } from "./layout";
import { around, type Nearby, type WorldState } from "./world/state";

/** Metres within which someone counts as "around me" (the server's area of interest). */
const RADIUS_M = 48;
/** The list is re-read at most this often: a crowd walking must not flood a screen reader. */
const REFRESH_MS = 500;

export function AroundMe({ state }: { state: WorldState }) {
  const [people, setPeople] = useState<Nearby[]>([]);
  const [position, setPosition] = useState<[number, number] | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      setPeople(around(state, RADIUS_M));
      const me = state.me;
      setPosition(me ? [me.x, me.y] : null);
    };
    const stop = effect(() => {
      void state.version.value;
      if (timer === null) timer = setTimeout(read, REFRESH_MS);
    });
    read();
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [state]);
  return (
    <section aria-labelledby="around-me">
      <h2 id="around-me">{t("aroundMe")}</h2>
      {position && (
        <p>{t("myPosition", { x: Math.round(position[0]), y: Math.round(position[1]) })}</p>
      )}
      {people.length === 0 && <p>{t("nobodyAround")}</p>}
      <ul>
        {people.map(({ avatar, distance, direction }) => {
          const badge = avatar.badge ? ` (${label("badge", avatar.badge)})` : "";
          const metres = Math.round(distance);
          return (
            <li key={avatar.id}>
              <span>
                {metres < 1
                  ? `${avatar.name}${badge}, ${t("here")}`
                  : t("personNear", {
                      name: avatar.name,
                      badge,
                      direction: t(direction),
                      distance: metres,
                    })}
              </span>{" "}
              <Link
                href={`/messages/${avatar.id}?name=${encodeURIComponent(avatar.name)}`}
                label={t("messageTo", { name: avatar.name })}
              >
                {t("message")}
              </Link>{" "}
              <button
                type="button"
                onClick={() =>
                  startCall(
                    { id: avatar.id, display_name: avatar.name, badge: avatar.badge },
                    "audio",
                  )
                }
                aria-label={t("callUser", { name: avatar.name, kind: t("callAudio") })}
              >
                {t("callAudio")}
              </button>{" "}
              <button
                type="button"
                onClick={() =>
                  startCall(
                    { id: avatar.id, display_name: avatar.name, badge: avatar.badge },
                    "video",
                  )
                }
                aria-label={t("callUser", { name: avatar.name, kind: t("callVideo") })}
              >
                {t("callVideo")}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Places(props: {
  layout: Layout;
  spawn: { x: number; y: number };
  onWalk: (x: number, y: number) => void;
  onOpen: (service: ServiceName) => void;
  onPortal: (slug: string) => void;
}) {
  const entrance: Point = {
    id: "entrance",
    name: { ko: "입구", en: "Entrance" },
    x: props.spawn.x,
    y: props.spawn.y,
    kind: "poi",
    service: null,
    target: null,
  };
  const zones: Point[] = props.layout.zones.map((zone) => ({
    id: `zone-${zone.id}`,
    name: zone.name,
    x: zone.rect.x + zone.rect.w / 2,
    y: zone.rect.y + zone.rect.h / 2,
    kind: "poi",
    service: null,
    target: null,
  }));
  const points = [entrance, ...zones, ...props.layout.points];
  return (
    <section aria-labelledby="places">
      <h2 id="places">{t("places")}</h2>
      <ul>
        {points.map((point) => {
          const name = pick(point.name);
          return (
            <li key={point.id}>
              <button type="button" onClick={() => props.onWalk(point.x, point.y)}>
                {t("walkThere", { name })}
              </button>
              {point.kind === "kiosk" && point.service && (
                <button type="button" onClick={() => props.onOpen(point.service as ServiceName)}>
                  {t("openService", { name: label("service", point.service) })}
                </button>
              )}
              {point.kind === "portal" && point.target && (
                <button type="button" onClick={() => props.onPortal(point.target as string)}>
                  {t("goTo", { name })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
