/** The citizen app's shell: skip link, menu, the page of the current route, and the regions
that speak (alerts for notices, a polite one for announcements). */

import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { ErrorText, Link, TextArea, useAction } from "../ui/components";
import { locale, t } from "../ui/i18n";
import { SignIn, SignUp } from "./auth";
import { CallLayer } from "./calls/layer";
import { CityList } from "./city";
import { alerts, announcement, dismiss } from "./notices";
import { match, path } from "./router";
import { api, booted, liveStatus, me, signOut, unwrap } from "./session";
import { SpacePage } from "./space";

const Profile = lazy(() => import("./panels/profile"));
const Privacy = lazy(() => import("./panels/privacy"));
const Safety = lazy(() => import("./panels/safety"));
const Messages = lazy(() => import("./panels/messages"));
const Services = lazy(() => import("./panels/services"));
// The staff consoles and the public transparency report: chunks of their own, never part of
// the citizen page's first load.
const Staff = lazy(() => import("../staff/app"));
const Transparency = lazy(() => import("../staff/transparency"));

export function App() {
  void locale.value; // re-render everything when the language changes
  useEffect(() => {
    document.documentElement.lang = locale.value;
  }, [locale.value]);
  if (path.value === "/staff" || path.value.startsWith("/staff/")) {
    return (
      <Suspense fallback={<p role="status">{t("loading")}</p>}>
        <Staff />
      </Suspense>
    );
  }
  return (
    <>
      <a class="skip" href="#main">
        {t("skipToMain")}
      </a>
      <Header />
      <div class="alerts" role="alert">
        {alerts.value.map((notice) => (
          <div class="notice" key={notice.id}>
            <strong>{t("noticeTitle")}</strong> <span>{notice.text}</span>{" "}
            <button type="button" onClick={() => dismiss(notice.id)}>
              {t("close")}
            </button>
            {notice.appeal && <AppealByToken {...notice.appeal} />}
          </div>
        ))}
      </div>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement.value}
      </div>
      {me.value && liveStatus.value === "offline" && (
        <p class="banner" role="status">
          {t("offline")}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t("loading")}</p>}>
          <Page />
        </Suspense>
      </main>
      {me.value && <CallLayer />}
    </>
  );
}

/** An appeal of a suspension or ban, filed with the token of its notice (no sign-in). */
function AppealByToken({ token, sanctionId }: { token: string; sanctionId: string }) {
  const [body, setBody] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const action = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/appeals", {
        body: { sanction_id: sanctionId, body, appeal_token: token },
      }),
    );
    setDone(t("appealSent"));
  });
  if (done) return <p>{done}</p>;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void action.run();
      }}
    >
      <TextArea
        label={t("appealBody")}
        required
        maxLength={4000}
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
      />
      <button type="submit" disabled={action.busy}>
        {t("appeal")}
      </button>
      <ErrorText error={action.error} />
    </form>
  );
}

function Header() {
  const current = path.value;
  const items: [string, string][] = [
    ["/", t("navCity")],
    ["/messages", t("navMessages")],
    ["/services", t("navServices")],
    ["/profile", t("navProfile")],
    ["/privacy", t("navPrivacy")],
    ["/safety", t("navSafety")],
  ];
  return (
    <header>
      <Link href="/">
        <span class="brand">{t("appName")}</span>
      </Link>
      {me.value && (
        <nav aria-label={t("navMain")}>
          <ul>
            {items.map(([href, label]) => (
              <li key={href}>
                <Link href={href} current={current === href}>
                  {label}
                </Link>
              </li>
            ))}
            <li>
              <button type="button" onClick={() => void signOut()}>
                {t("signOut")}
              </button>
            </li>
          </ul>
        </nav>
      )}
    </header>
  );
}

function Page() {
  if (!booted.value) return <p role="status">{t("loading")}</p>;
  const current = path.value;
  if (current === "/transparency") return <Transparency />;
  if (!me.value) return current === "/signup" ? <SignUp /> : <SignIn />;
  const space = match("/spaces/:slug", current);
  if (space) return <SpacePage key={space.slug} slug={space.slug ?? ""} />;
  if (current === "/" || current === "/signin" || current === "/signup") return <CityList />;
  if (current === "/profile") return <Profile />;
  if (current === "/privacy") return <Privacy />;
  if (current === "/safety") return <Safety />;
  if (current.startsWith("/messages")) return <Messages />;
  if (current.startsWith("/services")) return <Services />;
  return (
    <section>
      <h1>{t("notFound")}</h1>
      <Link href="/">{t("home")}</Link>
    </section>
  );
}
