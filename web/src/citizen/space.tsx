/** Inside a space: the map (decoration, drawn on a canvas), and the same in the DOM: where I
am, who is around me, the places with "walk there", and the space's chat. */

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ChatMessage, ClientRequests, Schemas } from "../sdk";
import { ErrorText, Link, Loading, useResource } from "../ui/components";
import { label, names, pick, t } from "../ui/i18n";
import { Chat, type ChatSource, type Line } from "./chat";
import { readLayout } from "./layout";
import { Throttled } from "./notices";
import { navigate, query } from "./router";
import { api, errorText, live, me, unwrap } from "./session";
import { AroundMe, Places } from "./space-lists";
import { Renderer } from "./world/renderer";
import { WorldState } from "./world/state";
import { Walker } from "./world/walker";

type Space = Schemas["SpaceRead"];
type Joined = ClientRequests["space:join"][1];

export function SpacePage({ slug }: { slug: string }) {
  const space = useResource(
    () => unwrap(api.GET("/api/v1/spaces/{slug}", { params: { path: { slug } } })),
    [slug],
  );
  if (!space.data) return <Loading resource={space} />;
  return <InSpace space={space.data} appointment={query.value.get("appointment")} />;
}

function InSpace({ space, appointment }: { space: Space; appointment: string | null }) {
  const state = useMemo(() => new WorldState(), []);
  const layout = useMemo(() => readLayout(space), [space]);
  const [joined, setJoined] = useState<Joined | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [system, setSystem] = useState<Line[]>([]);
  const walker = useMemo(
    () => new Walker(state, space.bounds, layout, (x, y, h) => live.value?.move(x, y, h)),
    [state, space, layout],
  );

  useEffect(() => {
    const connection = live.value;
    const myId = me.value?.id ?? "";
    if (!connection) return;
    const say = (key: "joined" | "left") => (people: string[]) => {
      const first = people[0] ?? "";
      const text =
        people.length === 1 ? first : t("andOthers", { name: first, n: people.length - 1 });
      setSystem([{ id: `sys-${Date.now()}-${key}`, system: t(key, { names: text }) }]);
    };
    const arrivals = new Throttled(say("joined"));
    const departures = new Throttled(say("left"));
    const mine = (event: { space: string; instance: number }) =>
      event.space === connection.placement?.slug &&
      event.instance === connection.placement?.instance;
    const offs = [
      connection.on("space:joined", (event) => {
        if (!mine(event)) return;
        state.add(event.occupant);
        arrivals.add(event.occupant.display_name);
      }),
      connection.on("space:left", (event) => {
        if (!mine(event)) return;
        const gone = state.remove(event.user_id);
        if (gone) departures.add(gone.name);
      }),
      connection.on("space:positions", (event) => {
        if (mine(event)) state.positions(event.positions);
      }),
      connection.on("move:corrected", ({ position }) => {
        walker.stop();
        state.moveMe(position.x, position.y, position.heading);
      }),
      connection.on("space:rejoined", (answer) => {
        state.reset(answer.occupants, myId);
        setJoined(answer);
      }),
    ];
    connection.join(space.slug, appointment ?? undefined).then(
      (answer) => {
        state.reset(answer.occupants, myId);
        setJoined(answer);
      },
      (reason) => setError(errorText(reason)),
    );
    return () => {
      for (const off of offs) off();
      arrivals.cancel();
      departures.cancel();
      walker.stop();
      void connection.leave().catch(() => undefined);
    };
  }, [space, appointment, state, walker]);

  const source = useMemo<ChatSource | null>(() => {
    if (!joined) return null;
    const { slug, instance } = joined.space;
    return {
      page: (before) =>
        unwrap(
          api.GET("/api/v1/spaces/{slug}/messages", {
            params: {
              path: { slug },
              query: { instance, limit: 30, ...(before ? { before } : {}) },
            },
          }),
        ) as Promise<{ items: ChatMessage[]; next_cursor?: string | null }>,
      belongs: (m) => m.space === slug && m.instance === instance,
      send: (text) => (live.value as NonNullable<typeof live.value>).say(text),
      typing: (on) => void live.value?.typing(on).catch(() => undefined),
      typingFrom: (event) => event.space === slug,
    };
  }, [joined]);

  const title = names(space);
  return (
    <div class="space">
      <h1>{title}</h1>
      <p>
        <Link href="/">{t("navCity")}</Link>
        {space.services.map((link) => (
          <span key={link.service}>
            {" · "}
            <Link href={`/services/${link.service}`}>
              {t("openService", { name: label("service", link.service) })}
            </Link>
          </span>
        ))}
      </p>
      <ErrorText error={error} />
      {joined && space.overflow && <p>{t("instance", { n: joined.space.instance })}</p>}
      <div class="world-grid">
        <WorldMap space={space} layout={layout} state={state} walker={walker} title={title} />
        <div class="lists">
          <AroundMe state={state} />
          <Places
            layout={layout}
            spawn={space.spawn}
            onWalk={(x, y) => walker.walkTo(x, y)}
            onOpen={(service) => navigate(`/services/${service}`)}
            onPortal={(target) => navigate(`/spaces/${target}`)}
          />
        </div>
      </div>
      {source && <Chat source={source} title={t("chat")} system={system} />}
    </div>
  );
}

function WorldMap(props: {
  space: Space;
  layout: ReturnType<typeof readLayout>;
  state: WorldState;
  walker: Walker;
  title: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const reduced = matchMedia("(prefers-reduced-motion: reduce)");
    const renderer = new Renderer(
      element,
      props.state,
      {
        bounds: props.space.bounds,
        layout: props.layout,
        label: pick,
        badge: (badge) => label("badge", badge),
      },
      () => reduced.matches,
    );
    props.state.listen(() => renderer.request());
    renderer.request();
    const click = (event: PointerEvent) => {
      const [x, y] = renderer.toWorld(event.clientX, event.clientY);
      props.walker.walkTo(x, y);
    };
    element.addEventListener("pointerup", click);
    return () => {
      element.removeEventListener("pointerup", click);
      props.state.listen(() => undefined);
      renderer.destroy();
    };
  }, [props.state, props.space, props.layout, props.walker]);
  // The canvas is decoration: the focusable box around it takes the keys, and the lists
  // beside it say in words what it shows.
  return (
    <div
      class="map"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: an application region takes the walking keys
      tabIndex={0}
      role="application"
      aria-roledescription="map"
      aria-label={t("mapLabel", { name: props.title })}
      onKeyDown={(event) => {
        // Shortcuts (Ctrl+S, Alt+arrows...) are the browser's, not steps.
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (props.walker.keyDown(event.key)) event.preventDefault();
      }}
      onKeyUp={(event) => props.walker.keyUp(event.key)}
      onBlur={() => props.walker.release()}
    >
      <canvas ref={canvas} />
    </div>
  );
}
