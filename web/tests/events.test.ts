import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACK_FIELDS, CLIENT_FIELDS, SERVER_FIELDS } from "../src/sdk/events";

type Schema = {
  $ref?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  oneOf?: Schema[];
};
type Message = { name: string; payload: Schema };
type Doc = {
  channels: Record<string, { messages: Record<string, Message> }>;
  operations: Record<
    string,
    {
      action: "send" | "receive";
      channel: { $ref: string };
      messages: { $ref: string }[];
      reply?: { messages: { $ref: string }[] };
    }
  >;
  components: { schemas: Record<string, Schema> };
};

const doc = parse(
  readFileSync(new URL("../../docs/asyncapi.yaml", import.meta.url), "utf8"),
) as Doc;

function resolve<T>(ref: string): T {
  let node: unknown = doc;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    node = (node as Record<string, unknown>)[part];
  }
  return node as T;
}

function deref(schema: Schema): Schema {
  return schema.$ref ? deref(resolve<Schema>(schema.$ref)) : schema;
}

/** The payload fields of a schema as the SDK writes them: "name" or "name?". */
function fields(schema: Schema): string[] {
  const resolved = deref(schema);
  const required = new Set(resolved.required ?? []);
  return Object.keys(resolved.properties ?? {})
    .map((name) => (required.has(name) ? name : `${name}?`))
    .sort();
}

function operations(action: "send" | "receive") {
  return Object.values(doc.operations).filter(
    (op) => op.action === action && op.channel.$ref === "#/channels/root",
  );
}

const sorted = (list: readonly string[]) => [...list].sort();

describe("the typed event map matches docs/asyncapi.yaml", () => {
  it("names every event the server sends, with its payload fields", () => {
    const documented: Record<string, string[]> = {};
    for (const op of operations("send")) {
      const message = resolve<Message>(op.messages[0]?.$ref ?? "");
      documented[message.name] = fields(message.payload);
    }
    const ours = Object.fromEntries(
      Object.entries(SERVER_FIELDS).map(([name, list]) => [name, sorted(list)]),
    );
    expect(ours).toEqual(documented);
  });

  it("names every request the server handles, with its payload and ack fields", () => {
    const payloads: Record<string, string[]> = {};
    const acks: Record<string, string[]> = {};
    for (const op of operations("receive")) {
      const message = resolve<Message>(op.messages[0]?.$ref ?? "");
      payloads[message.name] = fields(message.payload);
      const reply = resolve<Message>(op.reply?.messages[0]?.$ref ?? "");
      const success = reply.payload.oneOf?.[0] ?? {};
      acks[message.name] = fields(success).filter((name) => name !== "ok");
    }
    const ours = (map: Record<string, readonly string[]>) =>
      Object.fromEntries(Object.entries(map).map(([name, list]) => [name, sorted(list)]));
    expect(ours(CLIENT_FIELDS)).toEqual(payloads);
    expect(ours(ACK_FIELDS)).toEqual(acks);
  });
});
