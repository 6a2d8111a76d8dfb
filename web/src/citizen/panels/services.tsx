/** The services menu (headless first: nothing needs walking) and each service's panel,
loaded when opened. */

import { lazy } from "preact/compat";
import { Link } from "../../ui/components";
import { t } from "../../ui/i18n";
import type { ServiceName } from "../layout";
import { path } from "../router";

const PANELS = {
  civil: lazy(() => import("./civil")),
  proposals: lazy(() => import("./proposals")),
  counseling: lazy(() => import("./counseling")),
  library: lazy(() => import("./library")),
  events: lazy(() => import("./events")),
  business: lazy(() => import("./business")),
} satisfies Record<ServiceName, unknown>;

export default function Services() {
  const name = path.value.split("/")[2] as ServiceName | undefined;
  const Panel = name ? PANELS[name] : undefined;
  if (Panel) {
    return (
      <section>
        <p>
          <Link href="/services">{t("servicesTitle")}</Link>
        </p>
        <Panel />
      </section>
    );
  }
  return (
    <section>
      <h1>{t("servicesTitle")}</h1>
      <ul class="cards">
        {(Object.keys(PANELS) as ServiceName[]).map((service) => (
          <li key={service} class="card">
            <Link href={`/services/${service}`}>{t(`service${service}`)}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
