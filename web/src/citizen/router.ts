/** Client routes on the History API; the server answers index.html for all of them. */

import { signal } from "@preact/signals";

export const path = signal(location.pathname);
export const query = signal(new URLSearchParams(location.search));

addEventListener("popstate", () => {
  path.value = location.pathname;
  query.value = new URLSearchParams(location.search);
});

export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, "", to);
  const url = new URL(to, location.origin);
  path.value = url.pathname;
  query.value = url.searchParams;
}

/** `/spaces/:slug` against `/spaces/seoul-plaza` → {slug: "seoul-plaza"}, or null. */
export function match(pattern: string, current: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = current.replace(/\/$/, "").split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}

/** A link that navigates without reloading the page. */
export function onLink(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(anchor.getAttribute("href") ?? "/");
}
