/** Light on a cheap phone: the JavaScript a first visit downloads, in bytes over the wire
(gzipped), stays within 80 kB; the panels come later, when opened. */

import { expect, newCitizen, say, test } from "./helpers";

const BUDGET = 80 * 1024;

test("the initial JavaScript is within 80 kB gzipped and panels load on demand", async ({
  browser,
}) => {
  const kim = await newCitizen(browser, "가벼운폰");
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  const scripts: { url: string; bytes: number; encoding: string | undefined }[] = [];
  page.on("response", async (response) => {
    if (!response.url().endsWith(".js")) return;
    const sizes = await response.request().sizes();
    scripts.push({
      url: response.url(),
      bytes: sizes.responseBodySize,
      encoding: response.headers()["content-encoding"],
    });
  });
  await page.goto("/");
  await page.getByLabel(say("email")).fill(kim.email);
  await page.getByLabel(say("password")).fill("a long test passphrase");
  await page.getByRole("button", { name: say("signIn") }).click();
  await page.getByRole("link", { name: say("enterSpace", { name: "서울광장" }) }).click();
  await expect(page.getByRole("heading", { level: 1, name: "서울광장" })).toBeVisible();
  await page.waitForLoadState("networkidle");

  const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
  console.log(`initial JavaScript over the wire: ${total} bytes in ${scripts.length} file(s)`);
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((s) => s.encoding === "gzip")).toBeTruthy();
  expect(total).toBeLessThanOrEqual(BUDGET);

  const before = scripts.length;
  await page.getByRole("link", { name: say("navServices") }).click();
  await expect(page.getByRole("heading", { level: 1, name: say("servicesTitle") })).toBeVisible();
  await expect.poll(() => scripts.length).toBeGreaterThan(before);
  await context.close();
});
