/** The staff consoles' strings, in Korean and English, following the same locale as the
citizen app (the account's). Kept apart from the citizen's table so that none of it weighs on
the citizen page's first load. */

import { label, locale } from "../ui/i18n";
import { en, ko, type StaffStrings } from "./strings";

export type SKey = keyof StaffStrings;

/** The staff string `key` in the current locale, with `{name}` placeholders filled. */
export function st(key: SKey, params?: Record<string, string | number>): string {
  let text: string = (locale.value === "en" ? en : ko)[key];
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      text = text.replaceAll(`{${name}}`, String(value));
    }
  }
  return text;
}

/** A server enum in words: the staff table first, then the citizen's, else the value. */
export function sl(prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return key in ko ? st(key as SKey) : label(prefix, value);
}

/** The first characters of an id, for people the API names by id only. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : "—";
}
