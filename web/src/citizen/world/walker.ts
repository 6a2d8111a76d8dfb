/** Walking my avatar: held keys (arrows, WASD) or a target (a tap, "walk there"). Moves are
sent without acks at 15 a second, only while walking; the server's corrections snap me back. */

import { inside, type Layout } from "../layout";
import { heading, type WorldState } from "./state";

/** Walking pace, under the server's speed limit (8 m/s) with room for network jitter. */
export const SPEED_M_S = 5;
const STEP_MS = 1000 / 15;
const KEYS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  w: [0, -1],
  s: [0, 1],
  a: [-1, 0],
  d: [1, 0],
};

export interface Bounds {
  min_x: number;
  min_y: number;
  max_x: number;
  max_y: number;
}

export class Walker {
  private readonly held = new Set<string>();
  private target: [number, number] | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private last = 0;

  constructor(
    private readonly state: WorldState,
    private readonly bounds: Bounds,
    private readonly layout: Layout,
    private readonly send: (x: number, y: number, heading: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when the key is one of ours (the caller then prevents scrolling). */
  keyDown(key: string): boolean {
    const name = key.length === 1 ? key.toLowerCase() : key;
    if (!(name in KEYS)) return false;
    this.held.add(name);
    this.target = null;
    this.start();
    return true;
  }

  keyUp(key: string): void {
    this.held.delete(key.length === 1 ? key.toLowerCase() : key);
  }

  /** Focus left the map: keys still held down must not keep walking. */
  release(): void {
    this.held.clear();
  }

  walkTo(x: number, y: number): void {
    this.target = [this.clampX(x), this.clampY(y)];
    this.start();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.target = null;
    this.held.clear();
  }

  get walking(): boolean {
    return this.timer !== null;
  }

  private start(): void {
    if (this.timer !== null) return;
    this.last = this.now();
    this.timer = setInterval(() => this.step(), STEP_MS);
  }

  /** One step; exported behaviour is tested through it. */
  step(): void {
    const me = this.state.me;
    const time = this.now();
    const dt = Math.min(0.25, (time - this.last) / 1000);
    this.last = time;
    const direction = this.direction();
    if (!me || direction === null) {
      if (this.timer !== null) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    const [dx, dy, remaining] = direction;
    const stride = Math.min(SPEED_M_S * dt, remaining);
    const x = this.clampX(me.x + dx * stride);
    const y = this.clampY(me.y + dy * stride);
    if (this.blocked(x, y)) {
      this.target = null;
      return;
    }
    const facing = heading(dx, dy);
    this.state.moveMe(x, y, facing);
    this.send(x, y, facing);
    if (this.target && remaining - stride < 0.05) this.target = null;
  }

  /** A unit vector and how far there is still to go, or null when standing still. */
  private direction(): [number, number, number] | null {
    let dx = 0;
    let dy = 0;
    for (const key of this.held) {
      const [kx, ky] = KEYS[key] ?? [0, 0];
      dx += kx;
      dy += ky;
    }
    if (dx !== 0 || dy !== 0) {
      const length = Math.hypot(dx, dy);
      return [dx / length, dy / length, Number.POSITIVE_INFINITY];
    }
    const me = this.state.me;
    if (!this.target || !me) return null;
    const tx = this.target[0] - me.x;
    const ty = this.target[1] - me.y;
    const distance = Math.hypot(tx, ty);
    if (distance < 0.05) return null;
    return [tx / distance, ty / distance, distance];
  }

  private blocked(x: number, y: number): boolean {
    return this.layout.obstacles.some((o) => inside(o.rect, x, y));
  }

  private clampX(x: number): number {
    return Math.min(this.bounds.max_x, Math.max(this.bounds.min_x, x));
  }

  private clampY(y: number): number {
    return Math.min(this.bounds.max_y, Math.max(this.bounds.min_y, y));
  }
}
