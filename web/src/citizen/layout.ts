/** A space's layout (zones, obstacles, points) as `GET /spaces/{slug}` serves it, read
defensively: until the server sends one, a space is its bounds, its spawn and its services. */

export type Pair = { ko: string; en: string };
export type Rect = { x: number; y: number; w: number; h: number };
export type ServiceName = "civil" | "proposals" | "counseling" | "library" | "events" | "business";
export interface Zone {
  id: string;
  name: Pair;
  rect: Rect;
}
export interface Obstacle {
  id: string;
  rect: Rect;
  label: Pair | null;
}
export interface Point {
  id: string;
  name: Pair;
  x: number;
  y: number;
  kind: "poi" | "kiosk" | "portal";
  service: ServiceName | null;
  target: string | null;
}
export interface Layout {
  zones: Zone[];
  obstacles: Obstacle[];
  points: Point[];
}

const EMPTY: Layout = { zones: [], obstacles: [], points: [] };

function isRect(value: unknown): value is Rect {
  const r = value as Rect;
  return !!r && [r.x, r.y, r.w, r.h].every((n) => typeof n === "number" && Number.isFinite(n));
}

function isPair(value: unknown): value is Pair {
  const p = value as Pair;
  return !!p && typeof p.ko === "string" && typeof p.en === "string";
}

/** The layout of a space read, keeping only well-formed entries. */
export function readLayout(space: unknown): Layout {
  const raw = (space as { layout?: Partial<Layout> | null })?.layout;
  if (!raw || typeof raw !== "object") return EMPTY;
  return {
    zones: (raw.zones ?? []).filter((z) => isPair(z?.name) && isRect(z?.rect)),
    obstacles: (raw.obstacles ?? []).filter((o) => isRect(o?.rect)),
    points: (raw.points ?? []).filter(
      (p) => isPair(p?.name) && Number.isFinite(p?.x) && Number.isFinite(p?.y),
    ),
  };
}

export function inside(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x <= rect.x + rect.w && y >= rect.y && y <= rect.y + rect.h;
}

/** The occupancy of a space read, when the server says it. */
export function occupancy(space: unknown): number | null {
  const value = (space as { occupancy?: unknown })?.occupancy;
  return typeof value === "number" ? value : null;
}
