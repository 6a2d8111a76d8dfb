/** The staff consoles at /staff, in Chromium against the real server: an admin grants a
moderator who works a live report to a mute, the citizen appeals and a second moderator lifts
it (the first is never offered the appeal); an official completes a civil request live; a
verifier opens a document (logged) and approves it into a claim; a citizen gets no staff page
and no staff data; every console page passes axe; and the queue on a 10,000-case backlog. */

import { request } from "@playwright/test";
import { io } from "socket.io-client";
import {
  Api,
  chatLog,
  enterSpace,
  expect,
  expectAccessible,
  newCitizen,
  PASSWORD,
  say,
  sendLine,
  test,
} from "./helpers";
import { account, cityhall, openConsole, ss, staffPage } from "./staff-helpers";

const LINE = "너 정말 한심하다 진짜로";
const REASON = "다른 시민을 모욕했습니다";
const APPEAL = "친구끼리 장난이었어요, 다시는 안 할게요";

test("an admin grants a moderator who works a live report to a mute; a second moderator lifts it on appeal", async ({
  browser,
}) => {
  const adminEmail = account("한결 관리", ["admin"]);
  const firstEmail = account("박한결");
  const secondEmail = account("최다온", ["moderator"]);

  // The admin, signed in at /staff, grants the moderator role in the browser.
  const admin = await staffPage(browser, adminEmail);
  await expectAccessible(admin);
  await openConsole(admin, "consoleAdmin");
  await expect(admin.getByRole("heading", { level: 1, name: ss("adminUsers") })).toBeVisible();
  await admin.getByLabel(ss("findByEmail")).fill(firstEmail);
  await admin.getByRole("button", { name: firstEmail }).click();
  const roles = admin.getByRole("region", { name: ss("rolesOf", { name: "박한결" }) });
  await roles.getByLabel(ss("roleToGrant")).selectOption("moderator");
  await roles.getByLabel(ss("roleReason")).fill("주말 검토 담당");
  await roles.getByRole("button", { name: ss("grantRole", { name: "박한결" }) }).click();
  await expect(
    roles.getByRole("button", {
      name: ss("revokeRole", { role: ss("role_moderator"), name: "박한결" }),
    }),
  ).toBeVisible();
  await expect(roles.getByRole("region", { name: ss("trailOfUser") })).toContainText(
    "주말 검토 담당",
  );
  await expectAccessible(admin);

  // The new moderator opens the queue; a citizen reports an insult; it arrives live.
  const first = await staffPage(browser, firstEmail);
  await openConsole(first, "consoleModeration");
  await expect(first.getByRole("heading", { level: 1, name: ss("queueTitle") })).toBeVisible();
  const kim = await newCitizen(browser, "김소란");
  const lee = await newCitizen(browser, "이신고");
  await enterSpace(kim.page, "서울광장");
  await enterSpace(lee.page, "서울광장");
  await sendLine(lee.page, "안녕하세요 여러분");
  await sendLine(kim.page, LINE);
  await expect(chatLog(lee.page)).toContainText(LINE);
  await chatLog(lee.page)
    .getByRole("button", { name: say("actionsFor", { name: "김소란" }) })
    .last()
    .click();
  const dialog = lee.page.getByRole("dialog", { name: say("actionsFor", { name: "김소란" }) });
  await dialog.getByLabel(say("reportCategory")).selectOption("harassment");
  await dialog.getByRole("button", { name: say("reportMessage", { name: "김소란" }) }).click();
  await expect(dialog.getByRole("status")).toHaveText(say("reported"));
  await dialog.getByRole("button", { name: say("close") }).click();

  const caseName = ss("caseName", { subject: "김소란", category: say("cat_harassment") });
  const row = first.getByRole("link", { name: caseName });
  await expect(row).toBeVisible(); // no reload: the /moderation feed delivered it
  await expectAccessible(first);
  await row.click();
  await expect(first.getByRole("heading", { level: 1, name: caseName })).toBeVisible();
  const reported = first.getByRole("listitem").filter({ hasText: ss("reportedLine") });
  await expect(reported).toHaveCount(1);
  await expect(reported).toContainText(LINE);
  await expect(first.getByRole("region", { name: ss("transcript") })).toContainText(
    "안녕하세요 여러분",
  );
  await expect(first.getByRole("region", { name: ss("reporters", { n: 1 }) })).toContainText(
    "이신고",
  );
  await expectAccessible(first);

  // Claim (by its keyboard shortcut), then one decision: a 10-minute mute with its reason.
  await first.keyboard.press("c");
  await first.getByRole("checkbox", { name: ss("action_mute") }).check();
  await first.getByLabel(ss("durationOf", { action: ss("action_mute") })).selectOption("10");
  await first.getByLabel(ss("reasonShown")).fill(REASON);
  await expectAccessible(first);
  await first.getByRole("button", { name: ss("decide") }).click();
  await expect(first.getByRole("region", { name: ss("decision") })).toContainText(REASON);

  // The citizen's page shows the notice and refuses to send; they appeal.
  await expect(kim.page.getByRole("alert").filter({ hasText: REASON })).toBeVisible();
  await expect(kim.page.getByRole("button", { name: say("send") })).toBeDisabled();
  await kim.page.getByRole("link", { name: say("navSafety") }).click();
  await kim.page.getByLabel(say("appealBody")).fill(APPEAL);
  await kim.page.getByRole("button", { name: say("appeal"), exact: true }).click();
  await expect(kim.page.getByText(say("appealStatus", { status: "pending" }))).toBeVisible();

  // The moderator who decided is never offered the appeal.
  await first.getByRole("link", { name: /^이의신청 \(/ }).click();
  await expect(first.getByRole("heading", { level: 1, name: ss("appealsTitle") })).toBeVisible();
  await expect(first.getByText(ss("noAppeals"))).toBeVisible();
  await expect(first.getByText(APPEAL)).toHaveCount(0);
  await expectAccessible(first);

  // A second moderator lifts it; the citizen may speak again.
  const second = await staffPage(browser, secondEmail);
  await openConsole(second, "consoleModeration");
  await second.getByRole("link", { name: /^이의신청 \(/ }).click();
  const appeal = second.getByRole("article", { name: new RegExp(ss("action_mute")) });
  await expect(appeal).toContainText(APPEAL);
  await expectAccessible(second);
  await appeal.getByLabel(ss("appealReason")).fill("첫 위반이고 사과했습니다");
  await appeal.getByRole("button", { name: ss("liftSanction") }).click();
  await expect(second.getByText(ss("noAppeals"))).toBeVisible();
  await kim.page.getByRole("link", { name: say("navCity") }).click();
  await enterSpace(kim.page, "서울광장");
  await expect(kim.page.getByRole("button", { name: say("send") })).toBeEnabled();

  // Still never offered to the first, and the whole story is in the audit log.
  await first.reload();
  await expect(first.getByText(ss("noAppeals"))).toBeVisible();
  await first.getByRole("link", { name: ss("navAudit") }).click();
  await first.getByLabel(ss("filterAction")).selectOption("appeal_lifted");
  await expect(first.getByRole("table")).toContainText(ss("audit_appeal_lifted"));
  await expectAccessible(first);
});

test("an official completes a civil request and the citizen's page shows it live", async ({
  browser,
}) => {
  const officialEmail = account("세무 담당 정다운", ["official"]);
  const adminApi = await Api.signIn(account("부서 관리", ["admin"]));
  const official = await Api.signIn(officialEmail);
  await adminApi.send("put", `/civil/departments/tax/members/${official.id}`);
  const kim = await newCitizen(browser, "김민원");
  const kimApi = await Api.signIn(kim.email);
  await kimApi.send("post", "/civil/requests", {
    service: "local-tax-payment-inquiry",
    form: { tax_type: "vehicle", tax_year: 2025 },
  });
  await kim.page.getByRole("link", { name: say("navServices") }).click();
  await kim.page.getByRole("link", { name: say("servicecivil"), exact: true }).click();
  const mine = kim.page.getByRole("region", { name: say("civilMine") });
  await expect(mine).toContainText(say("civilStatus", { status: say("statusreceived") }));

  const page = await staffPage(browser, officialEmail);
  await openConsole(page, "consoleCivil");
  await expect(page.getByRole("heading", { level: 1, name: ss("civilQueueTitle") })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "지방세 납부 내역 조회" }).first().click();
  await expect(page.getByRole("region", { name: ss("formAnswers") })).toContainText("2025");
  await page.getByRole("button", { name: ss("move_in_progress") }).click();
  await expect(mine).toContainText(say("civilStatus", { status: say("statusin_progress") }));
  await page.getByLabel(ss("noteForCitizen")).fill("납부 내역을 보내 드렸습니다.");
  await expectAccessible(page);
  await page.getByRole("button", { name: ss("move_completed") }).click();
  await expect(mine).toContainText(say("civilStatus", { status: say("statuscompleted") }));
  await expect(page.getByRole("region", { name: say("civilHistory") })).toContainText(
    "납부 내역을 보내 드렸습니다.",
  );
  await expectAccessible(kim.page);
});

test("a verifier opens a document with a purpose (logged), approves it, and the citizen's claim appears", async ({
  browser,
}) => {
  const verifierEmail = account("서류 확인 한누리", ["official"]);
  const adminApi = await Api.signIn(account("권한 관리", ["admin"]));
  const verifier = await Api.signIn(verifierEmail);
  await adminApi.send("put", `/admin/verifiers/${verifier.id}`);
  const kim = await newCitizen(browser, "김청소년");
  const kimApi = await Api.signIn(kim.email);
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
    "base64",
  );
  const uploaded = await kimApi.http.post("/api/v1/users/me/documents", {
    multipart: { kind: "id_card", file: { name: "card.png", mimeType: "image/png", buffer: png } },
  });
  expect(uploaded.ok(), await uploaded.text()).toBeTruthy();

  const page = await staffPage(browser, verifierEmail);
  await openConsole(page, "consoleVerification");
  await expectAccessible(page);
  await page.getByRole("link", { name: new RegExp(kimApi.id.slice(0, 8)) }).click();
  const log = page.getByRole("region", { name: ss("accessLog") });
  await expect(log).toContainText(ss("noReads"));
  await page.getByLabel(ss("readPurpose")).fill("청소년 상담 나이 확인");
  await page.getByRole("button", { name: ss("openDocument") }).click();
  await expect(page.getByRole("img", { name: ss("documentImage") })).toBeVisible();
  await expect(log).toContainText("청소년 상담 나이 확인");
  await expect(log).toContainText(ss("read_document_read"));
  await page.getByLabel(ss("claim_age_band")).selectOption("14-18");
  await expectAccessible(page);
  await page.getByRole("button", { name: ss("approveDocument") }).click();
  await expect(page.getByText(ss("doc_status_approved"))).toBeVisible();

  await kim.page.getByRole("link", { name: say("navPrivacy") }).click();
  await expect(kim.page.getByRole("region", { name: say("documents") })).toContainText(
    "age_band: 14-18",
  );
  await expectAccessible(kim.page);
});

const STAFF_ROUTES = [
  "/moderation/queue",
  "/moderation/queue/counts",
  "/moderation/cases",
  "/moderation/appeals",
  "/moderation/audit",
  "/moderation/reveal-requests",
  "/admin/users",
  "/admin/role-changes",
  "/admin/access-log",
  "/admin/verifiers",
  "/civil/queue",
  "/proposals/review",
  "/counseling/cases",
  "/counseling/reveal-requests",
  "/verification/documents",
];

test("a citizen who opens /staff sees no staff page and receives no staff data", async ({
  browser,
}) => {
  const kim = await newCitizen(browser, "김궁금");
  const answered: string[] = [];
  kim.page.on("response", (response) => {
    const path = new URL(response.url()).pathname.replace("/api/v1", "");
    if (STAFF_ROUTES.some((r) => path.startsWith(r)) && response.ok()) answered.push(path);
  });
  await kim.page.goto("/staff");
  await expect(
    kim.page.getByRole("heading", { level: 1, name: ss("notStaffTitle") }),
  ).toBeVisible();
  await expect(kim.page.getByRole("link", { name: ss("consoleModeration") })).toHaveCount(0);
  await kim.page.goto("/staff/moderation");
  await expect(
    kim.page.getByRole("heading", { level: 1, name: ss("notStaffTitle") }),
  ).toBeVisible();
  await expectAccessible(kim.page);

  // Asked directly with the citizen's own token, no staff route answers with data.
  const statuses = await kim.page.evaluate(async (routes) => {
    const token = JSON.parse(localStorage.getItem("cityhall.tokens") ?? "{}").access_token;
    const out: Record<string, number> = {};
    for (const route of routes) {
      const r = await fetch(`/api/v1${route}`, { headers: { Authorization: `Bearer ${token}` } });
      out[route] = r.status;
    }
    return out;
  }, STAFF_ROUTES);
  for (const [route, status] of Object.entries(statuses)) {
    expect([403, 404], `${route} answered ${status}`).toContain(status);
  }
  expect(answered).toEqual([]);

  // Nor does the moderators' live feed take them.
  const token = await kim.page.evaluate(
    () => JSON.parse(localStorage.getItem("cityhall.tokens") ?? "{}").access_token,
  );
  const refusal = await new Promise<string>((done) => {
    const socket = io(`${process.env.E2E_BASE_URL}/moderation`, {
      transports: ["websocket"],
      auth: { token },
    });
    const finish = (outcome: string) => {
      socket.close();
      done(outcome);
    };
    socket.on("connect", () => finish("connected"));
    socket.on("connect_error", (error: Error & { data?: { code?: string } }) =>
      finish(error.data?.code ?? error.message),
    );
    socket.onAny(() => finish("data"));
  });
  expect(refusal).toBe("forbidden");
});

test("every console page passes axe", async ({ browser }) => {
  const adminEmail = account("점검 관리", ["admin"]);
  const officialEmail = account("점검 공무원", ["official"]);
  const counselorEmail = account("점검 상담", ["counselor"]);
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto("/transparency");
  await expect(
    anonymous.getByRole("heading", { level: 1, name: ss("transparencyTitle") }),
  ).toBeVisible();
  await expect(anonymous.getByRole("figure", { name: ss("chartReports") })).toBeVisible();
  await anonymous.getByText(ss("showTable", { title: ss("chartReports") })).click();
  await expect(anonymous.getByRole("table", { name: ss("chartReports") })).toBeVisible();
  await expectAccessible(anonymous);

  const admin = await staffPage(browser, adminEmail);
  await expectAccessible(admin);
  for (const [path, heading] of [
    ["/staff/admin/departments", "adminDepartments"],
    ["/staff/admin/experts", "adminExperts"],
    ["/staff/admin/events", "adminEvents"],
    ["/staff/admin/library", "adminLibrary"],
    ["/staff/admin/access-log", "adminAccessLog"],
    ["/staff/moderation/reveals", "revealsTitle"],
    ["/staff/moderation/audit", "auditTitle"],
    ["/staff/counseling", "consoleCounseling"],
  ] as const) {
    await admin.goto(path);
    await expect(admin.getByRole("heading", { level: 1, name: ss(heading) })).toBeVisible();
    await expectAccessible(admin);
  }
  const official = await staffPage(browser, officialEmail, { width: 360, height: 640 });
  for (const [path, heading] of [
    ["/staff/mayor", "consoleMayor"],
    ["/staff/civil", "civilQueueTitle"],
    ["/staff/verification", "consoleVerification"],
  ] as const) {
    await official.goto(path);
    await expect(official.getByRole("heading", { level: 1, name: ss(heading) })).toBeVisible();
    await expectAccessible(official);
  }
  const counselor = await staffPage(browser, counselorEmail);
  await openConsole(counselor, "consoleCounseling");
  await expect(counselor.getByRole("region", { name: ss("mySlots") })).toBeVisible();
  await expectAccessible(counselor);
});

test("a 10,000-case backlog pages on the server and the queue keeps up while alerts arrive", async ({
  browser,
}) => {
  cityhall(["seed", "--backlog", "10000"]);
  const page = await staffPage(browser, account("백로그 검토", ["moderator"]));
  let started = Date.now();
  await openConsole(page, "consoleModeration");
  const caption = (n: number) =>
    new RegExp(`^${ss("queueCaption", { n, count: 0 }).split(",")[0]},`);
  await expect(page.getByRole("table", { name: caption(1) })).toBeVisible();
  const unassigned = page
    .getByRole("region", { name: ss("pendingCounts") })
    .getByRole("listitem")
    .first();
  await expect(unassigned).toContainText(/10,\d{3}/);
  console.log(
    `backlog: first page of 50 shown ${Date.now() - started} ms after opening the console`,
  );
  const pending = async () => Number(((await unassigned.textContent()) ?? "").replace(/\D/g, ""));
  const before = await pending();

  const timings: string[] = [];
  for (const [key, n] of [
    ["]", 2],
    ["]", 3],
    ["[", 2],
  ] as const) {
    started = Date.now();
    await page.keyboard.press(key);
    await expect(page.getByRole("table", { name: caption(n) })).toBeVisible();
    timings.push(`${key} ${Date.now() - started} ms`);
  }
  console.log(`backlog: pages by keyboard: ${timings.join(", ")}`);

  // 36 reports from other citizens, sent while the moderator triages page 2 by keyboard.
  const people = await Promise.all(
    Array.from({ length: 15 }, (_, n) => registered(`백로그 시민 ${n}`)),
  );
  const [reporters, targets] = [people.slice(0, 3), people.slice(3)];
  const alerts = Promise.all(
    reporters.flatMap((reporter) =>
      targets.map((target) =>
        reporter.send("post", "/reports", {
          target_type: "user",
          target_id: target.id,
          category: "spam",
        }),
      ),
    ),
  );
  const rows = page.getByRole("table").locator("tbody th a");
  const moves: number[] = [];
  for (let i = 0; i < 12; i++) {
    started = Date.now();
    await page.keyboard.press("j");
    await expect(rows.nth(i)).toBeFocused();
    moves.push(Date.now() - started);
  }
  await alerts;
  console.log(`backlog: next row by keyboard while 36 alerts arrive: ${moves.join(", ")} ms`);
  // New cases that belong to another page are counted, not pushed into this one.
  await expect(page.getByText(/다른 쪽에 새 케이스 \d+건이 들어왔습니다/)).toBeVisible();
  await expect.poll(pending).toBeGreaterThanOrEqual(before + targets.length);
  await page.getByRole("button", { name: ss("showFirstPage") }).click();
  await expect(page.getByRole("table", { name: caption(1) })).toBeVisible();
  await expectAccessible(page);
});

/** A citizen registered and signed in over the API (quicker than the page for bystanders). */
async function registered(name: string): Promise<Api> {
  const email = `${name.replace(/\s/g, "-")}-${Date.now().toString(36)}@example.com`;
  const anonymous = await request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const created = await anonymous.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD, display_name: "백로그 시민" },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  return Api.signIn(email);
}
