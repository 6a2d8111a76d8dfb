/** Steps of the staff consoles' browser tests: accounts made on the server as an operator would
(`cityhall create-user`), staff signed in at /staff through the page, Korean staff strings. */

import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { ko } from "../src/staff/strings";
import { expect, PASSWORD, uniqueEmail } from "./helpers";

const ROOT = resolve(import.meta.dirname, "..", "..");
const CITYHALL = resolve(ROOT, ".venv", "bin", "cityhall");

/** A Korean staff string with its `{placeholders}` filled. */
export function ss(key: keyof typeof ko, params: Record<string, string | number> = {}): string {
  let text: string = ko[key];
  for (const [name, value] of Object.entries(params))
    text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

function serverEnv(): Record<string, string> {
  const dir = process.env.E2E_DATA_DIR ?? "";
  return {
    CITYHALL_ENV: "development",
    CITYHALL_DATA_DIR: dir,
    CITYHALL_DATABASE_URL: `sqlite+aiosqlite:///${dir}/cityhall.db`,
  };
}

/** Runs the `cityhall` command against the test server's database. */
export function cityhall(args: string[], input?: string): string {
  return execFileSync(CITYHALL, args, {
    input,
    env: { ...process.env, ...serverEnv() },
    cwd: process.env.E2E_DATA_DIR,
    encoding: "utf8",
  });
}

/** An account made with `cityhall create-user` (no role: a citizen), its email returned. */
export function account(name: string, roles: string[] = []): string {
  const email = uniqueEmail(roles[0] ?? "person");
  cityhall(
    [
      "create-user",
      "--email",
      email,
      "--display-name",
      name,
      ...roles.flatMap((r) => ["--role", r]),
      "--password-stdin",
    ],
    `${PASSWORD}\n`,
  );
  return email;
}

/** A new browser context signed in at /staff through the page's own form. */
export async function staffPage(
  browser: Browser,
  email: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto("/staff");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("navigation", { name: ss("staffNav") })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    ss("staffHome", { name: "" }).slice(-8),
  );
  return page;
}

/** Opens a console from the staff menu. */
export async function openConsole(page: Page, title: keyof typeof ko): Promise<void> {
  await page
    .getByRole("navigation", { name: ss("staffNav") })
    .getByRole("link", { name: ss(title) })
    .click();
}
