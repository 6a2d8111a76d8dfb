/** A civil form's field values as the server takes them. */

import type { Schemas } from "../../sdk";

type FormField = Schemas["FormField"];

/** The JSON the server expects: integers as numbers, booleans as booleans, empty left out. */
export function collect(
  fields: FormField[],
  values: Record<string, string>,
): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = (values[field.name] ?? "").trim();
    if (raw === "") continue;
    if (field.type === "integer") form[field.name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    else if (field.type === "boolean") form[field.name] = raw === "true";
    else form[field.name] = raw;
  }
  return form;
}
