/** Which console each staff role opens: the same rules the API enforces, so a button the UI
shows is one the server will take (and a console nobody may use is never loaded). */

import type { SKey } from "./i18n";

export type ConsoleId = "moderation" | "civil" | "mayor" | "counseling" | "verification" | "admin";

export interface ConsoleInfo {
  id: ConsoleId;
  roles: readonly string[];
  title: SKey;
  about: SKey;
}

export const CONSOLES: readonly ConsoleInfo[] = [
  {
    id: "moderation",
    roles: ["moderator", "admin"],
    title: "consoleModeration",
    about: "aboutModeration",
  },
  { id: "civil", roles: ["official"], title: "consoleCivil", about: "aboutCivil" },
  { id: "mayor", roles: ["official"], title: "consoleMayor", about: "aboutMayor" },
  {
    id: "counseling",
    roles: ["counselor", "admin"],
    title: "consoleCounseling",
    about: "aboutCounseling",
  },
  {
    id: "verification",
    roles: ["official"],
    title: "consoleVerification",
    about: "aboutVerification",
  },
  { id: "admin", roles: ["admin"], title: "consoleAdmin", about: "aboutAdmin" },
];

export function consolesFor(roles: readonly string[]): ConsoleInfo[] {
  return CONSOLES.filter((c) => c.roles.some((role) => roles.includes(role)));
}

export function hasRole(roles: readonly string[] | undefined, ...wanted: string[]): boolean {
  return wanted.some((role) => roles?.includes(role));
}
