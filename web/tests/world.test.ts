import { describe, expect, it } from "vitest";
import { readLayout } from "../src/citizen/layout";
import { around, direction, TICK_MS, WorldState } from "../src/citizen/world/state";
import { SPEED_M_S, Walker } from "../src/citizen/world/walker";

const occupant = (n: number, id: string, x: number, y: number) => ({
  user_id: id,
  n,
  display_name: id,
  badge: null,
  x,
  y,
  heading: 0,
});

function clock() {
  let now = 1000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("the world state", () => {
  it("spreads a move over one tick and skips my own position batches", () => {
    const time = clock();
    const state = new WorldState(time.now);
    state.reset([occupant(1, "me", 0, 0), occupant(2, "lee", 10, 0)], "me");
    state.positions([
      [2, 20, 0, 90],
      [1, 50, 50, 0],
    ]);
    const lee = state.avatars.get("lee");
    if (!lee) throw new Error("lee");
    expect(state.at(lee, time.now())).toEqual([10, 0]);
    expect(state.at(lee, time.now() + TICK_MS / 2)).toEqual([15, 0]);
    expect(state.at(lee, time.now() + TICK_MS)).toEqual([20, 0]);
    expect(state.at(lee, time.now(), false)).toEqual([20, 0]);
    expect(state.animating(time.now())).toBe(true);
    expect(state.animating(time.now() + TICK_MS)).toBe(false);
    expect(state.me?.x).toBe(0);
  });

  it("says who is around in words: nearest first, within the radius", () => {
    const state = new WorldState();
    state.reset(
      [
        occupant(1, "me", 100, 100),
        occupant(2, "east", 110, 100),
        occupant(3, "far", 300, 100),
        occupant(4, "nw", 97, 97),
      ],
      "me",
    );
    const near = around(state, 48).map((p) => [p.avatar.id, Math.round(p.distance), p.direction]);
    expect(near).toEqual([
      ["nw", 4, "dirNW"],
      ["east", 10, "dirE"],
    ]);
    expect(direction(0, -1)).toBe("dirN");
    expect(direction(0, 1)).toBe("dirS");
  });

  it("counts changes, so the lists and the map redraw only then", () => {
    const state = new WorldState();
    let redraws = 0;
    state.listen(() => redraws++);
    state.reset([occupant(1, "me", 0, 0)], "me");
    state.positions([[9, 1, 1, 0]]);
    expect(redraws).toBe(1);
    state.add(occupant(2, "lee", 5, 5));
    state.remove("lee");
    state.remove("nobody");
    expect(redraws).toBe(3);
  });
});

describe("walking", () => {
  function walker(layout: unknown = {}) {
    const time = clock();
    const state = new WorldState(time.now);
    state.reset([occupant(1, "me", 10, 10)], "me");
    const sent: [number, number, number][] = [];
    const bounds = { min_x: 0, min_y: 0, max_x: 20, max_y: 20 };
    const w = new Walker(
      state,
      bounds,
      readLayout({ layout }),
      (x, y, h) => sent.push([x, y, h]),
      time.now,
    );
    return { w, state, sent, time };
  }

  it("walks east while the key is held, at walking pace, inside the bounds", () => {
    const { w, state, sent, time } = walker();
    expect(w.keyDown("ArrowRight")).toBe(true);
    expect(w.keyDown("q")).toBe(false);
    for (let i = 0; i < 40; i++) {
      time.advance(100);
      w.step();
    }
    expect(state.me?.x).toBe(20);
    expect(state.me?.y).toBe(10);
    expect(sent[0]?.[0]).toBeCloseTo(10 + SPEED_M_S * 0.1);
    expect(sent[0]?.[2]).toBe(90);
    w.keyUp("ArrowRight");
    time.advance(100);
    w.step();
    expect(w.walking).toBe(false);
    w.stop();
  });

  it("walks to a target and stops there", () => {
    const { w, state, time } = walker();
    w.walkTo(13, 14);
    for (let i = 0; i < 20; i++) {
      time.advance(100);
      w.step();
    }
    expect(state.me?.x).toBeCloseTo(13);
    expect(state.me?.y).toBeCloseTo(14);
    w.stop();
  });

  it("does not walk into an obstacle of the layout", () => {
    const layout = {
      obstacles: [{ id: "fountain", rect: { x: 11, y: 0, w: 5, h: 20 }, label: null }],
    };
    const { w, state, time } = walker(layout);
    w.walkTo(19, 10);
    for (let i = 0; i < 20; i++) {
      time.advance(100);
      w.step();
    }
    expect(state.me?.x).toBeLessThan(11);
    w.stop();
  });
});

describe("a space without a layout yet", () => {
  it("reads as empty, and keeps only well-formed entries", () => {
    expect(readLayout({ slug: "x" })).toEqual({ zones: [], obstacles: [], points: [] });
    const layout = readLayout({
      layout: {
        zones: [
          { id: "a", name: { ko: "가", en: "A" }, rect: { x: 0, y: 0, w: 1, h: 1 } },
          { id: "bad" },
        ],
        points: [
          {
            id: "k",
            name: { ko: "민원", en: "Civil" },
            x: 1,
            y: 2,
            kind: "kiosk",
            service: "civil",
            target: null,
          },
        ],
      },
    });
    expect(layout.zones.map((z) => z.id)).toEqual(["a"]);
    expect(layout.obstacles).toEqual([]);
    expect(layout.points[0]?.service).toBe("civil");
  });
});
