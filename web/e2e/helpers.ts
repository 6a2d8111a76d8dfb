/** Shared steps of the browser tests: people sign up through the page, staff act through the
API (as their own consoles would), and every page visited passes axe. */

import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import {
  type APIRequestContext,
  type Browser,
  test as base,
  expect,
  type Page,
  request,
} from "@playwright/test";
import { ko } from "../src/ui/strings";

/** Every test's browser contexts are closed after it: nobody lingers in the plaza. */
export const test = base.extend<{ cleanup: undefined }>({
  cleanup: [
    async ({ browser }, use) => {
      await use(undefined);
      for (const context of browser.contexts()) await context.close();
    },
    { auto: true },
  ],
});
export { expect };

const ROOT = resolve(import.meta.dirname, "..", "..");
export const PASSWORD = "a long test passphrase";
let counter = 0;

/** A Korean UI string with its `{placeholders}` filled. */
export function say(key: keyof typeof ko, params: Record<string, string | number> = {}): string {
  let text: string = ko[key];
  for (const [name, value] of Object.entries(params))
    text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++counter}@example.com`;
}

/** No axe violation of WCAG 2.0-2.2 A and AA on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" | ")}`,
  );
  expect(summary).toEqual([]);
}

export interface Citizen {
  page: Page;
  email: string;
  name: string;
}

/** A new browser context (its own storage), a citizen signed up through the page. */
export async function newCitizen(
  browser: Browser,
  name: string,
  viewport?: { width: number; height: number },
): Promise<Citizen> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  const email = uniqueEmail("citizen");
  await signUp(page, email, name);
  return { page, email, name };
}

export async function signUp(page: Page, email: string, name: string): Promise<void> {
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: say("signUp") })).toBeVisible();
  await page.getByLabel(say("email")).fill(email);
  await page.getByLabel(say("password")).fill(PASSWORD);
  await page.getByLabel(say("displayName")).fill(name);
  const boxes = page.getByRole("group", { name: say("consents") }).getByRole("checkbox");
  await expect(boxes.first()).toBeVisible();
  for (const box of await boxes.all()) await box.check();
  await expectAccessible(page);
  await page.getByRole("button", { name: say("signUp") }).click();
  await expect(page.getByRole("heading", { name: say("cityTitle") })).toBeVisible();
}

export async function enterSpace(page: Page, spaceName: string): Promise<void> {
  await page.getByRole("link", { name: say("enterSpace", { name: spaceName }) }).click();
  await expect(page.getByRole("heading", { level: 1, name: spaceName })).toBeVisible();
  await expect(
    page.getByText(say("myPosition", { x: "", y: "" }).split(":")[0] as string),
  ).toBeVisible();
}

export async function sendLine(page: Page, text: string): Promise<void> {
  await page.getByLabel(say("message"), { exact: true }).fill(text);
  await page.getByLabel(say("message"), { exact: true }).press("Enter");
}

export function chatLog(page: Page) {
  return page.getByRole("log", { name: say("chatLog") });
}

// --- staff, through the API ---------------------------------------------------------------

/** A staff account made on the server (as an operator would), signed in over the API. */
export async function staff(roles: string[], name: string): Promise<Api> {
  const email = uniqueEmail(roles.join("-"));
  execFileSync(
    resolve(ROOT, ".venv", "bin", "cityhall"),
    [
      "create-user",
      "--email",
      email,
      "--display-name",
      name,
      ...roles.flatMap((r) => ["--role", r]),
      "--password-stdin",
    ],
    {
      input: `${PASSWORD}\n`,
      env: { ...process.env, ...serverEnv() },
      cwd: process.env.E2E_DATA_DIR,
    },
  );
  return Api.signIn(email);
}

function serverEnv(): Record<string, string> {
  const dir = process.env.E2E_DATA_DIR ?? "";
  return {
    CITYHALL_ENV: "development",
    CITYHALL_DATA_DIR: dir,
    CITYHALL_DATABASE_URL: `sqlite+aiosqlite:///${dir}/cityhall.db`,
  };
}

export class Api {
  constructor(
    readonly http: APIRequestContext,
    readonly id: string,
  ) {}

  static async signIn(email: string): Promise<Api> {
    const base = process.env.E2E_BASE_URL;
    const anonymous = await request.newContext({ baseURL: base });
    const tokens = await anonymous.post("/api/v1/auth/token", {
      form: { username: email, password: PASSWORD },
    });
    expect(tokens.ok()).toBeTruthy();
    const { access_token } = await tokens.json();
    const http = await request.newContext({
      baseURL: base,
      extraHTTPHeaders: { Authorization: `Bearer ${access_token}` },
    });
    const me = await (await http.get("/api/v1/users/me")).json();
    return new Api(http, me.id);
  }

  async get<T = unknown>(path: string): Promise<T> {
    const response = await this.http.get(`/api/v1${path}`);
    expect(response.ok(), await response.text()).toBeTruthy();
    return response.json();
  }

  async send<T = unknown>(
    method: "post" | "put" | "patch",
    path: string,
    data?: unknown,
  ): Promise<T> {
    const response = await this.http[method](`/api/v1${path}`, data === undefined ? {} : { data });
    expect(response.ok(), await response.text()).toBeTruthy();
    return response.status() === 204 ? (undefined as T) : response.json();
  }
}
