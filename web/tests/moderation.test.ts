import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MODERATION_EVENTS } from "../src/sdk/moderation";

type Doc = {
  channels: Record<string, { address: string; messages: Record<string, { name: string }> }>;
};

const doc = parse(
  readFileSync(new URL("../../docs/asyncapi.yaml", import.meta.url), "utf8"),
) as Doc;

describe("the moderators' feed matches docs/asyncapi.yaml", () => {
  it("names every event of the /moderation namespace", () => {
    const channel = Object.values(doc.channels).find((c) => c.address === "/moderation");
    const documented = Object.values(channel?.messages ?? {}).map((m) => m.name);
    expect([...MODERATION_EVENTS].sort()).toEqual(documented.sort());
  });
});
