/** The admins' console: people and their staff roles (with the trail), departments and
verifiers, experts, events, the library catalogue and the access log. */

import { path } from "../../citizen/router";
import { Link } from "../../ui/components";
import { type SKey, st } from "../i18n";
import { AccessLogPage } from "./access";
import { DepartmentsPage } from "./departments";
import { EventsPage } from "./events";
import { ExpertsPage } from "./experts";
import { LibraryPage } from "./library";
import { UsersPage } from "./users";

const BASE = "/staff/admin";
const SECTIONS: [string, SKey, () => preact.JSX.Element][] = [
  ["", "adminUsers", UsersPage],
  ["departments", "adminDepartments", DepartmentsPage],
  ["experts", "adminExperts", ExpertsPage],
  ["events", "adminEvents", EventsPage],
  ["library", "adminLibrary", LibraryPage],
  ["access-log", "adminAccessLog", AccessLogPage],
];

export default function AdminConsole() {
  const section = path.value.slice(BASE.length).replace(/^\//, "").split("/")[0] ?? "";
  const [, , Page] = SECTIONS.find(([slug]) => slug === section) ?? SECTIONS[0] ?? [];
  return (
    <div class="console">
      <nav aria-label={st("consoleAdmin")} class="subnav">
        <ul>
          {SECTIONS.map(([slug, title]) => {
            const href = slug ? `${BASE}/${slug}` : BASE;
            return (
              <li key={slug}>
                <Link href={href} current={slug === section}>
                  {st(title)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {Page && <Page />}
    </div>
  );
}
