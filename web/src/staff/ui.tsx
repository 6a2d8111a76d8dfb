/** Pieces every console uses: server-side paging by cursor, throttling, and the small
building blocks of a staff page (a titled section, a definition list, an empty state). */

import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { ErrorText, Loading, useResource } from "../ui/components";
import { t } from "../ui/i18n";
import { st } from "./i18n";

export interface CursorPage<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Pages of a cursor-paged list: the cursors of the pages before are kept, so "previous"
reads the server again rather than a stale copy. `deps` start over at page one. */
export function usePages<T>(
  load: (cursor: string | null) => Promise<CursorPage<T>>,
  deps: unknown[],
) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => setCursors([null]), deps);
  const page = useResource(() => load(cursor), [cursor, ...deps]);
  return {
    page,
    number: cursors.length,
    next: page.data?.next_cursor
      ? () => setCursors((list) => [...list, page.data?.next_cursor ?? null])
      : null,
    previous: cursors.length > 1 ? () => setCursors((list) => list.slice(0, -1)) : null,
    first: () => setCursors([null]),
  };
}

export function Pager(props: {
  number: number;
  next: (() => void) | null;
  previous: (() => void) | null;
}) {
  if (!props.next && !props.previous) return null;
  return (
    <nav class="pager" aria-label={st("paging")}>
      <button type="button" disabled={!props.previous} onClick={() => props.previous?.()}>
        {st("previousPage")}
      </button>
      <span>{st("pageNumber", { n: props.number })}</span>
      <button type="button" disabled={!props.next} onClick={() => props.next?.()}>
        {st("nextPage")}
      </button>
    </nav>
  );
}

/** A section named by its heading, so screen readers list it as a region. */
export function Region(props: { title: string; level?: 2 | 3; children: ComponentChildren }) {
  const id = useId();
  const Heading = props.level === 3 ? "h3" : "h2";
  return (
    <section aria-labelledby={id}>
      <Heading id={id}>{props.title}</Heading>
      {props.children}
    </section>
  );
}

export function Facts(props: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty(props: { when: boolean; text: string }) {
  return props.when ? <p class="empty">{props.text}</p> : null;
}

/** Loading or the error of a resource, as the citizen app shows them. */
export { ErrorText, Loading };

/** Calls `fn` at most once per `ms`, the last call of a burst always running. */
export function throttle(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  return () => {
    if (timer !== null) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}

/** A value that callbacks registered once can read fresh. */
export function useLatest<T>(value: T): { current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

/** A reload that several live events in a row turn into one. */
export function useThrottledReload(reload: () => void, ms = 500): () => void {
  const latest = useLatest(reload);
  const ref = useRef<(() => void) | null>(null);
  ref.current ??= throttle(() => latest.current(), ms);
  return useCallback(() => ref.current?.(), []);
}

export function when(iso: string | null | undefined, format: (iso: string) => string): string {
  return iso ? format(iso) : t("none");
}
