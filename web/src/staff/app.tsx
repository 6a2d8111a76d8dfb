/** The staff consoles at /staff: the citizen app's accounts and session, with a shell of their
own. What each person sees follows their roles, as the API does; someone without a staff role
gets a page that says so, and no console is loaded and no staff route is called for them. */

import type { ComponentType } from "preact";
import { lazy, Suspense } from "preact/compat";
import { useEffect } from "preact/hooks";
import { SignIn } from "../citizen/auth";
import { path } from "../citizen/router";
import { booted, me, signOut } from "../citizen/session";
import { Link } from "../ui/components";
import { locale, t } from "../ui/i18n";
import { st } from "./i18n";
import "./staff.css";
import { type ConsoleId, consolesFor } from "./roles";

const PAGES: Record<ConsoleId, ComponentType> = {
  moderation: lazy(() => import("./moderation/console")),
  civil: lazy(() => import("./civil")),
  mayor: lazy(() => import("./mayor")),
  counseling: lazy(() => import("./counseling")),
  verification: lazy(() => import("./verification")),
  admin: lazy(() => import("./admin/console")),
};

export default function StaffApp() {
  useEffect(() => {
    document.documentElement.lang = locale.value;
    document.title = `${st("staffTitle")} · ${t("appName")}`;
  }, [locale.value]);
  return (
    <>
      <a class="skip" href="#main">
        {t("skipToMain")}
      </a>
      <StaffHeader />
      <main id="main" tabIndex={-1} class="staff">
        <Suspense fallback={<p role="status">{t("loading")}</p>}>
          <StaffPage />
        </Suspense>
      </main>
    </>
  );
}

function StaffHeader() {
  const user = me.value;
  const consoles = consolesFor(user?.roles ?? []);
  const current = path.value;
  return (
    <header>
      <Link href="/staff">
        <span class="brand">{st("staffTitle")}</span>
      </Link>
      <nav aria-label={st("staffNav")}>
        <ul>
          {consoles.map((c) => (
            <li key={c.id}>
              <Link href={`/staff/${c.id}`} current={current.startsWith(`/staff/${c.id}`)}>
                {st(c.title)}
              </Link>
            </li>
          ))}
          <li>
            <Link href="/transparency">{st("transparencyTitle")}</Link>
          </li>
          <li>
            <Link href="/">{st("citizenApp")}</Link>
          </li>
          {user && (
            <li>
              <button type="button" onClick={() => void signOut()}>
                {t("signOut")}
              </button>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}

function StaffPage() {
  if (!booted.value) return <p role="status">{t("loading")}</p>;
  const user = me.value;
  if (!user) return <SignIn next={path.value} />;
  const consoles = consolesFor(user.roles);
  if (consoles.length === 0) {
    return (
      <section>
        <h1>{st("notStaffTitle")}</h1>
        <p>{st("notStaff")}</p>
        <Link href="/">{st("citizenApp")}</Link>
      </section>
    );
  }
  const id = path.value.split("/")[2] as ConsoleId | undefined;
  const chosen = consoles.find((c) => c.id === id);
  if (!chosen) return <Home />;
  const Page = PAGES[chosen.id];
  return <Page />;
}

function Home() {
  const consoles = consolesFor(me.value?.roles ?? []);
  return (
    <section>
      <h1>{st("staffHome", { name: me.value?.display_name ?? "" })}</h1>
      <ul class="cards">
        {consoles.map((c) => (
          <li key={c.id} class="card">
            <h2>
              <Link href={`/staff/${c.id}`}>{st(c.title)}</Link>
            </h2>
            <p>{st(c.about)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
