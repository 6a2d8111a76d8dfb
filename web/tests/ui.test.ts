import { afterEach, describe, expect, it, vi } from "vitest";
import { Throttled } from "../src/citizen/notices";
import { collect } from "../src/citizen/panels/form-values";
import { en, ko } from "../src/ui/strings";

describe("join and leave announcements", () => {
  afterEach(() => vi.useRealTimers());

  it("become one sentence per interval however many people come", () => {
    vi.useFakeTimers();
    const said: string[][] = [];
    const throttled = new Throttled(
      (names) => said.push(names),
      3000,
      () => Date.now(),
    );
    throttled.add("김");
    vi.advanceTimersByTime(0);
    for (const name of ["이", "박", "최"]) throttled.add(name);
    vi.advanceTimersByTime(2999);
    expect(said).toEqual([["김"]]);
    vi.advanceTimersByTime(1);
    expect(said).toEqual([["김"], ["이", "박", "최"]]);
  });
});

describe("a civil form's values", () => {
  const fields = [
    {
      name: "tax_type",
      label_ko: "세목",
      label_en: "Tax type",
      type: "choice" as const,
      required: true,
      choices: ["vehicle"],
    },
    {
      name: "tax_year",
      label_ko: "연도",
      label_en: "Year",
      type: "integer" as const,
      required: true,
    },
    {
      name: "urgent",
      label_ko: "긴급",
      label_en: "Urgent",
      type: "boolean" as const,
      required: true,
    },
    {
      name: "details",
      label_ko: "내용",
      label_en: "Details",
      type: "text" as const,
      required: false,
    },
  ];

  it("are sent as the server types them, empty ones left out", () => {
    expect(
      collect(fields, { tax_type: "vehicle", tax_year: " 2025 ", urgent: "false", details: "  " }),
    ).toEqual({
      tax_type: "vehicle",
      tax_year: 2025,
      urgent: false,
    });
    // Not a number: sent as typed, so the server's message names the field.
    expect(collect(fields, { tax_year: "올해" })).toEqual({ tax_year: "올해" });
  });
});

describe("the strings", () => {
  it("exist in Korean and English for every key, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ko) as (keyof typeof ko)[]) {
      expect([key, holes(en[key])]).toEqual([key, holes(ko[key])]);
    }
  });
});
