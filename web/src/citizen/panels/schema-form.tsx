/** A form rendered from a civil service's field list: one labelled control per field, the
server's message under the field it is about. */

import { useState } from "preact/hooks";
import type { Schemas } from "../../sdk";
import { Field, Select, TextArea } from "../../ui/components";
import { pick, t } from "../../ui/i18n";
import { collect } from "./form-values";

type FormField = Schemas["FormField"];

export function SchemaForm(props: {
  fields: FormField[];
  errors: Record<string, string>;
  busy: boolean;
  onSubmit: (form: Record<string, unknown>) => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const set = (name: string, value: string) => setValues({ ...values, [name]: value });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(collect(props.fields, values));
      }}
    >
      {props.fields.map((field) => {
        const label = `${pick({ ko: field.label_ko, en: field.label_en })}${field.required !== false ? ` (${t("fieldRequired")})` : ""}`;
        const common = {
          label,
          error: props.errors[field.name],
          value: values[field.name] ?? "",
          required: field.required !== false,
        };
        switch (field.type) {
          case "text":
            return (
              <TextArea
                key={field.name}
                {...common}
                maxLength={field.max_length ?? 4000}
                onInput={(e) => set(field.name, e.currentTarget.value)}
              />
            );
          case "boolean":
          case "choice": {
            const options =
              field.type === "boolean"
                ? [
                    { value: "true", label: t("yes") },
                    { value: "false", label: t("no") },
                  ]
                : (field.choices ?? []).map((c) => ({ value: c, label: c }));
            return (
              <Select
                key={field.name}
                {...common}
                options={[{ value: "", label: t("choose") }, ...options]}
                onChange={(e) => set(field.name, e.currentTarget.value)}
              />
            );
          }
          default:
            return (
              <Field
                key={field.name}
                {...common}
                type={field.type === "integer" ? "number" : field.type === "date" ? "date" : "text"}
                inputMode={field.type === "integer" ? "numeric" : undefined}
                maxLength={field.type === "string" ? (field.max_length ?? 200) : undefined}
                onInput={(e) => set(field.name, e.currentTarget.value)}
              />
            );
        }
      })}
      <button type="submit" disabled={props.busy}>
        {t("submit")}
      </button>
    </form>
  );
}
