/** The city: every space with its names, occupancy and whether I may enter. */

import type { Schemas } from "../sdk";
import { Link, Loading, useResource } from "../ui/components";
import { locale, names, t } from "../ui/i18n";
import { occupancy } from "./layout";
import { api, unwrap } from "./session";

type Space = Schemas["SpaceRead"];

export function CityList() {
  const spaces = useResource(() =>
    unwrap(api.GET("/api/v1/spaces", { params: { query: { limit: 100 } } })),
  );
  const other = locale.value === "en" ? "ko" : "en";
  return (
    <section>
      <h1>{t("cityTitle")}</h1>
      <Loading resource={spaces} />
      <ul class="cards">
        {(spaces.data?.items ?? []).map((space: Space) => {
          const count = occupancy(space);
          const open = space.can_enter !== false;
          return (
            <li key={space.slug} class="card">
              <h2>
                {names(space)}{" "}
                <small lang={other}>{other === "en" ? space.name_en : space.name_ko}</small>
              </h2>
              <p>
                {count !== null && <span>{t("occupancy", { n: count })} · </span>}
                <span>{t("capacity", { n: space.capacity })}</span> ·{" "}
                <span>{open ? t("mayEnter") : t("cannotEnter")}</span>
              </p>
              {open && (
                <Link href={`/spaces/${space.slug}`}>
                  {t("enterSpace", { name: names(space) })}
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
