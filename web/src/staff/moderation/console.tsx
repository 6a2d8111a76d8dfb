/** The moderators' console: the queue, a case, appeals, reveal requests and the audit log,
with the pending counts in its own menu and the live feed connected while it is open. */

import { useEffect } from "preact/hooks";
import { match, path } from "../../citizen/router";
import { Link } from "../../ui/components";
import { st } from "../i18n";
import { AppealsPage } from "./appeals";
import { AuditPage } from "./audit";
import { CasePage } from "./case";
import { counts, feedStatus, startFeed } from "./live";
import { QueuePage } from "./queue";
import { RevealsPage } from "./reveals";

const BASE = "/staff/moderation";

export default function ModerationConsole() {
  useEffect(() => startFeed(), []);
  const current = path.value;
  const found = match(`${BASE}/cases/:id`, current);
  return (
    <div class="console">
      <SubNav current={current} />
      {feedStatus.value === "offline" && (
        <p class="banner" role="status">
          {st("feedOffline")}
        </p>
      )}
      {found?.id ? (
        <CasePage key={found.id} id={found.id} />
      ) : current.startsWith(`${BASE}/appeals`) ? (
        <AppealsPage />
      ) : current.startsWith(`${BASE}/reveals`) ? (
        <RevealsPage />
      ) : current.startsWith(`${BASE}/audit`) ? (
        <AuditPage />
      ) : (
        <QueuePage />
      )}
    </div>
  );
}

function SubNav({ current }: { current: string }) {
  const c = counts.value;
  const items: [string, string][] = [
    [BASE, st("navQueue", { n: c ? c.open + c.claimed : "…" })],
    [`${BASE}/appeals`, st("navAppeals", { n: c?.appeals ?? "…" })],
    [`${BASE}/reveals`, st("navReveals", { n: c?.reveal_requests ?? "…" })],
    [`${BASE}/audit`, st("navAudit")],
  ];
  return (
    <nav aria-label={st("consoleModeration")} class="subnav">
      <ul>
        {items.map(([href, text]) => (
          <li key={href}>
            <Link href={href} current={current === href}>
              {text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
