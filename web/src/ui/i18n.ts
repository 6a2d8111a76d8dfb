/** Korean and English, following the account's locale (the browser's before sign-in); the
other account languages (zh, ja, vi, ...) read the English strings, and chat in their own. */

import { signal } from "@preact/signals";
import { en, ko, type Strings } from "./strings";

export type Locale = "ko" | "en";
export type Key = keyof Strings;

function initial(): Locale {
  const saved = globalThis.localStorage?.getItem("cityhall.locale");
  if (saved === "ko" || saved === "en") return saved;
  return (globalThis.navigator?.language ?? "ko").startsWith("ko") ? "ko" : "en";
}

export const locale = signal<Locale>(initial());

export function setLocale(next: string): void {
  const value: Locale = next === "ko" ? "ko" : "en";
  locale.value = value;
  globalThis.localStorage?.setItem("cityhall.locale", value);
  if (globalThis.document) document.documentElement.lang = value;
}

/** A language's name in that language ("한국어", "Português"), or its code. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The string `key` in the current locale, with `{name}` placeholders filled from `params`. */
export function t(key: Key, params?: Record<string, string | number>): string {
  const table = locale.value === "en" ? en : ko;
  let text: string = table[key];
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      text = text.replaceAll(`{${name}}`, String(value));
    }
  }
  return text;
}

/** The Korean or English one of a pair the server sends (name_ko/name_en...). */
export function pick(pair: { ko: string; en: string }): string {
  return locale.value === "en" ? pair.en : pair.ko;
}

export function names(item: { name_ko: string; name_en: string }): string {
  return pick({ ko: item.name_ko, en: item.name_en });
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString(locale.value === "en" ? "en-GB" : "ko-KR", {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

export function time(iso: string): string {
  return new Date(iso).toLocaleTimeString(locale.value === "en" ? "en-GB" : "ko-KR", {
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** The label of a server enum value (`cat_insult`, `pc_transport`...), or the value itself. */
export function label(prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return key in ko ? t(key as Key) : value;
}
