/** Canvas 2D drawing of a space: the layout, then the avatars with their names. Frames are
drawn only when asked (something moved, the size changed) and never while the page is hidden;
a move is spread over one tick unless the user prefers reduced motion. */

import type { Layout } from "../layout";
import { TICK_MS, type WorldState } from "./state";

export interface Scene {
  bounds: { min_x: number; min_y: number; max_x: number; max_y: number };
  layout: Layout;
  label: (pair: { ko: string; en: string }) => string;
  /** A staff badge in words ("공무원", "official"). */
  badge: (badge: string) => string;
}

/** A cheap phone has a DPR of 3 or more; 2 is sharp enough and draws far fewer pixels. */
export const MAX_DPR = 2;
/** The view follows me and shows about this many metres across. */
const VIEW_M = 60;
const COLORS = {
  ground: "#eef3e8",
  zone: "rgba(11, 92, 171, 0.10)",
  zoneText: "#234",
  obstacle: "#9aa3ad",
  point: "#b3541e",
  portal: "#6a3fb5",
  me: "#0b5cab",
  other: "#1d7a46",
  staff: "#b00020",
  text: "#111",
};

export class Renderer {
  /** Frames drawn so far (the tests read it to check that an idle map draws nothing). */
  frames = 0;
  private pending = 0;
  private readonly context: CanvasRenderingContext2D;
  private readonly resize: ResizeObserver;
  private readonly onVisible = () => {
    if (!document.hidden) this.request();
  };
  private transform = { scale: 1, ox: 0, oy: 0 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly state: WorldState,
    private readonly scene: Scene,
    private readonly reducedMotion: () => boolean,
  ) {
    this.context = canvas.getContext("2d") as CanvasRenderingContext2D;
    this.resize = new ResizeObserver(() => this.request());
    this.resize.observe(canvas);
    document.addEventListener("visibilitychange", this.onVisible);
  }

  destroy(): void {
    this.resize.disconnect();
    document.removeEventListener("visibilitychange", this.onVisible);
    if (this.pending) cancelAnimationFrame(this.pending);
  }

  /** Ask for one frame; several asks before it is drawn make one frame. */
  request(): void {
    if (this.pending || document.hidden) return;
    this.pending = requestAnimationFrame((time) => {
      this.pending = 0;
      this.draw(time);
    });
  }

  /** The point of the space under a click or tap. */
  toWorld(clientX: number, clientY: number): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    const { scale, ox, oy } = this.transform;
    return [(clientX - rect.left - ox) / scale, (clientY - rect.top - oy) / scale];
  }

  private draw(time: number): void {
    if (document.hidden) return;
    this.frames++;
    this.canvas.dataset.frames = String(this.frames);
    const dpr = Math.min(globalThis.devicePixelRatio || 1, MAX_DPR);
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (this.canvas.width !== Math.round(width * dpr)) this.canvas.width = Math.round(width * dpr);
    if (this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.height = Math.round(height * dpr);
    }
    const ctx = this.context;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.place(width, height);
    const { scale, ox, oy } = this.transform;
    ctx.save();
    ctx.translate(ox, oy);
    ctx.scale(scale, scale);
    this.drawLayout(ctx, scale);
    const smooth = !this.reducedMotion();
    for (const avatar of this.state.avatars.values()) {
      const [x, y] = this.state.at(avatar, time, smooth);
      const mine = avatar.id === this.state.myId;
      ctx.fillStyle = mine ? COLORS.me : avatar.badge ? COLORS.staff : COLORS.other;
      ctx.beginPath();
      ctx.arc(x, y, 0.8, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = COLORS.text;
      ctx.font = `${12 / scale}px system-ui, sans-serif`;
      ctx.textAlign = "center";
      const badge = avatar.badge ? ` ✔${this.scene.badge(avatar.badge)}` : "";
      ctx.fillText(`${avatar.name}${badge}`, x, y - 1.2);
    }
    ctx.restore();
    if (smooth && this.state.animating(time)) this.request();
  }

  /** Scale and offset: the whole space when it fits, else a window that follows me. */
  private place(width: number, height: number): void {
    const { min_x, min_y, max_x, max_y } = this.scene.bounds;
    const spanX = max_x - min_x;
    const spanY = max_y - min_y;
    const fit = Math.min(width / spanX, height / spanY);
    const scale = Math.max(fit, width / VIEW_M);
    const me = this.state.me;
    const cx = me ? me.x : (min_x + max_x) / 2;
    const cy = me ? me.y : (min_y + max_y) / 2;
    const clamp = (value: number, low: number, high: number) =>
      low > high ? (low + high) / 2 : Math.min(high, Math.max(low, value));
    const ox = clamp(width / 2 - cx * scale, width - max_x * scale, -min_x * scale);
    const oy = clamp(height / 2 - cy * scale, height - max_y * scale, -min_y * scale);
    this.transform = { scale, ox, oy };
  }

  private drawLayout(ctx: CanvasRenderingContext2D, scale: number): void {
    const { bounds, layout, label } = this.scene;
    ctx.fillStyle = COLORS.ground;
    ctx.fillRect(
      bounds.min_x,
      bounds.min_y,
      bounds.max_x - bounds.min_x,
      bounds.max_y - bounds.min_y,
    );
    ctx.font = `${11 / scale}px system-ui, sans-serif`;
    ctx.textAlign = "left";
    for (const zone of layout.zones) {
      const { x, y, w, h } = zone.rect;
      ctx.fillStyle = COLORS.zone;
      ctx.fillRect(x, y, w, h);
      ctx.fillStyle = COLORS.zoneText;
      ctx.fillText(label(zone.name), x + 0.5, y + 14 / scale);
    }
    ctx.fillStyle = COLORS.obstacle;
    for (const obstacle of layout.obstacles) {
      const { x, y, w, h } = obstacle.rect;
      ctx.fillRect(x, y, w, h);
    }
    ctx.textAlign = "center";
    for (const point of layout.points) {
      ctx.fillStyle = point.kind === "portal" ? COLORS.portal : COLORS.point;
      ctx.fillRect(point.x - 0.6, point.y - 0.6, 1.2, 1.2);
      ctx.fillText(label(point.name), point.x, point.y + 2);
    }
  }
}

export { TICK_MS };
