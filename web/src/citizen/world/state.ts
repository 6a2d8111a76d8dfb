/** Who is where in the space I am in: the join ack, then space:joined / space:left and the
position batches (by occupant number), with the last two positions of each avatar kept for a
smooth interpolation between ticks. */

import { signal } from "@preact/signals";
import type { Occupant } from "../../sdk";

export interface Avatar {
  id: string;
  n: number;
  name: string;
  badge: string | null;
  x: number;
  y: number;
  heading: number;
  fromX: number;
  fromY: number;
  /** When the move to (x, y) began (ms, performance.now()). */
  since: number;
}

/** One server tick (10 Hz): a move is spread over it. */
export const TICK_MS = 100;

export class WorldState {
  readonly avatars = new Map<string, Avatar>();
  private readonly byNumber = new Map<number, string>();
  myId = "";
  /** Bumped when someone arrives, leaves or moves: the lists re-read the avatars. */
  readonly version = signal(0);
  private onChange: () => void = () => undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  listen(onChange: () => void): void {
    this.onChange = onChange;
  }

  reset(occupants: Occupant[], myId: string): void {
    this.avatars.clear();
    this.byNumber.clear();
    this.myId = myId;
    for (const occupant of occupants) this.insert(occupant);
    this.changed();
  }

  add(occupant: Occupant): void {
    this.insert(occupant);
    this.changed();
  }

  private insert(occupant: Occupant): void {
    const at = this.now();
    this.avatars.set(occupant.user_id, {
      id: occupant.user_id,
      n: occupant.n,
      name: occupant.display_name,
      badge: occupant.badge,
      x: occupant.x,
      y: occupant.y,
      heading: occupant.heading,
      fromX: occupant.x,
      fromY: occupant.y,
      since: at - TICK_MS,
    });
    this.byNumber.set(occupant.n, occupant.user_id);
  }

  remove(userId: string): Avatar | undefined {
    const avatar = this.avatars.get(userId);
    if (!avatar) return undefined;
    this.avatars.delete(userId);
    this.byNumber.delete(avatar.n);
    this.changed();
    return avatar;
  }

  /** A batch of [n, x, y, heading]; my own avatar is driven locally and skipped. */
  positions(batch: [number, number, number, number][]): void {
    const at = this.now();
    let moved = false;
    for (const [n, x, y, heading] of batch) {
      const id = this.byNumber.get(n);
      const avatar = id ? this.avatars.get(id) : undefined;
      if (!avatar || avatar.id === this.myId) continue;
      const [cx, cy] = this.at(avatar, at);
      Object.assign(avatar, { fromX: cx, fromY: cy, x, y, heading, since: at });
      moved = true;
    }
    if (moved) this.changed();
  }

  /** Move my avatar (walking locally, or snapped by the server). */
  moveMe(x: number, y: number, heading: number): void {
    const me = this.avatars.get(this.myId);
    if (!me) return;
    Object.assign(me, { x, y, heading, fromX: x, fromY: y, since: this.now() - TICK_MS });
    this.changed();
  }

  get me(): Avatar | undefined {
    return this.avatars.get(this.myId);
  }

  /** Where an avatar is drawn at `time`: part of the way from its last position to its new one. */
  at(avatar: Avatar, time: number, smooth = true): [number, number] {
    const progress = smooth ? Math.min(1, (time - avatar.since) / TICK_MS) : 1;
    return [
      avatar.fromX + (avatar.x - avatar.fromX) * progress,
      avatar.fromY + (avatar.y - avatar.fromY) * progress,
    ];
  }

  /** Whether any avatar is still on its way (so another frame is needed). */
  animating(time: number): boolean {
    for (const avatar of this.avatars.values()) {
      if (time - avatar.since < TICK_MS) return true;
    }
    return false;
  }

  private changed(): void {
    this.version.value++;
    this.onChange();
  }
}

const DIRECTIONS = ["dirN", "dirNE", "dirE", "dirSE", "dirS", "dirSW", "dirW", "dirNW"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** North is up on the map (smaller y). */
export function direction(dx: number, dy: number): Direction {
  const degrees = (Math.atan2(dx, -dy) * 180) / Math.PI;
  const index = Math.round((((degrees % 360) + 360) % 360) / 45) % 8;
  return DIRECTIONS[index] ?? "dirN";
}

export function heading(dx: number, dy: number): number {
  return ((((Math.atan2(dx, -dy) * 180) / Math.PI) % 360) + 360) % 360;
}

export interface Nearby {
  avatar: Avatar;
  distance: number;
  direction: Direction;
}

/** The others within `radius` metres of me, nearest first. */
export function around(state: WorldState, radius: number): Nearby[] {
  const me = state.me;
  if (!me) return [];
  const out: Nearby[] = [];
  for (const avatar of state.avatars.values()) {
    if (avatar.id === me.id) continue;
    const dx = avatar.x - me.x;
    const dy = avatar.y - me.y;
    const distance = Math.hypot(dx, dy);
    if (distance <= radius) out.push({ avatar, distance, direction: direction(dx, dy) });
  }
  return out.sort((a, b) => a.distance - b.distance);
}
