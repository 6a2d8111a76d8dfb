import { describe, expect, it } from "vitest";
import type { Schemas } from "../src/sdk";
import { fits, queueOrder } from "../src/staff/moderation/order";

type Case = Schemas["CaseSummary"];

function summary(id: string, patch: Partial<Case> = {}): Case {
  return {
    id,
    target_type: "message",
    target_id: id,
    subject_id: "s",
    subject_name: "김",
    category: "insult",
    severity: 2,
    status: "open",
    report_count: 1,
    report_weight: 1,
    involves_minor: false,
    priority: 22,
    automatic: false,
    assigned_to_id: null,
    opened_at: "2026-12-04T10:00:00Z",
    resolved_at: null,
    outcome: null,
    sealed: false,
    held: false,
    space: "seoul-plaza",
    ...patch,
  };
}

const ALL = { status: "undecided", category: "", space: "", minor: false, mine: false } as const;

describe("the queue order of live cases", () => {
  it("puts held lines first, then priority, then the older, then the id", () => {
    const cases = [
      summary("d", { priority: 30, opened_at: "2026-12-04T11:00:00Z" }),
      summary("c", { priority: 30 }),
      summary("b", { priority: 50 }),
      summary("a", { held: true, priority: 10 }),
      summary("e", { priority: 30 }),
    ];
    expect(cases.sort(queueOrder).map((c) => c.id)).toEqual(["a", "b", "c", "e", "d"]);
  });

  it("keeps only what the filter would show", () => {
    expect(fits(summary("a", { status: "resolved" }), ALL, "me")).toBe(false);
    expect(fits(summary("a"), { ...ALL, category: "spam" }, "me")).toBe(false);
    expect(fits(summary("a"), { ...ALL, space: "event-hall" }, "me")).toBe(false);
    expect(fits(summary("a"), { ...ALL, minor: true }, "me")).toBe(false);
    expect(
      fits(summary("a", { assigned_to_id: "me", status: "claimed" }), { ...ALL, mine: true }, "me"),
    ).toBe(true);
    expect(fits(summary("a", { status: "claimed" }), { ...ALL, status: "open" }, "me")).toBe(false);
  });
});
