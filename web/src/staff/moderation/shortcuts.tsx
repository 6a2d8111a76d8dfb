/** Single-key shortcuts for triage. They never take a key typed into a field, a select or an
open dialog, nor one pressed with a modifier; and since single keys can surprise people using
speech input, they can be switched off (WCAG 2.1.4), which is remembered. */

import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { st } from "../i18n";
import { useLatest } from "../ui";

const KEY = "cityhall.staff.shortcuts";
export const shortcutsOn = signal(globalThis.localStorage?.getItem(KEY) !== "off");

function setShortcuts(on: boolean): void {
  shortcutsOn.value = on;
  globalThis.localStorage?.setItem(KEY, on ? "on" : "off");
}

/** Whether a key press belongs to what has focus rather than to the page. */
export function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return true;
  return Boolean(
    target?.closest?.(
      "input, textarea, select, [contenteditable=''], [contenteditable='true'], dialog",
    ),
  );
}

export function useShortcuts(keys: Record<string, () => void>): void {
  const latest = useLatest(keys);
  useEffect(() => {
    const handler = (event: KeyboardEvent) => {
      if (!shortcutsOn.value || typing(event)) return;
      const action = latest.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    addEventListener("keydown", handler);
    return () => removeEventListener("keydown", handler);
  }, []);
}

/** The shortcuts of the page, listed where everyone can read them, with the switch. */
export function ShortcutHelp(props: { keys: [string, string][] }) {
  return (
    <details class="shortcuts">
      <summary>{st("shortcutsTitle")}</summary>
      <label class="check">
        <input
          type="checkbox"
          checked={shortcutsOn.value}
          onChange={(e) => setShortcuts(e.currentTarget.checked)}
        />{" "}
        {st("shortcutsOn")}
      </label>
      <dl>
        {props.keys.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
