/** Keyboard only, on a desktop and on a 360×640 phone: sign in, enter a space, send a line,
open a service. Every stop of the way has a visible focus. */

import type { Locator, Page } from "@playwright/test";
import { chatLog, expect, expectAccessible, PASSWORD, say, test, uniqueEmail } from "./helpers";

/** Tab until `target` has the focus (checking that the focus is visible), at most 80 times. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline).not.toBe("none");
      return;
    }
  }
  throw new Error(`never reached ${target}`);
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 360, height: 640 },
]) {
  test(`keyboard only at ${viewport.width}×${viewport.height}`, async ({ browser, request }) => {
    const email = uniqueEmail("keys");
    const registered = await request.post("/api/v1/auth/register", {
      data: { email, password: PASSWORD, display_name: "정키보드" },
    });
    expect(registered.ok()).toBeTruthy();
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto("/");

    await tabTo(page, page.getByLabel(say("email")));
    await page.keyboard.type(email);
    await tabTo(page, page.getByLabel(say("password")));
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: say("cityTitle") })).toBeVisible();
    await expectAccessible(page);

    await tabTo(page, page.getByRole("link", { name: say("enterSpace", { name: "서울광장" }) }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "서울광장" })).toBeVisible();
    const input = page.getByLabel(say("message"), { exact: true });
    await tabTo(page, input);
    await page.keyboard.type("키보드로만 보냅니다");
    await page.keyboard.press("Enter");
    await expect(chatLog(page)).toContainText("키보드로만 보냅니다");
    await expectAccessible(page);

    await tabTo(page, page.getByRole("link", { name: say("navServices") }));
    await page.keyboard.press("Enter");
    await tabTo(page, page.getByRole("link", { name: say("servicelibrary") }));
    await page.keyboard.press("Enter");
    await expect(
      page.getByRole("heading", { level: 1, name: say("servicelibrary") }),
    ).toBeVisible();
    await expectAccessible(page);
    await context.close();
  });
}

test("Enter that ends a Korean IME composition does not send", async ({ browser, request }) => {
  const email = uniqueEmail("ime");
  await request.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD, display_name: "한입력" },
  });
  const page = await (await browser.newContext()).newPage();
  await page.goto("/");
  await page.getByLabel(say("email")).fill(email);
  await page.getByLabel(say("password")).fill(PASSWORD);
  await page.getByRole("button", { name: say("signIn") }).click();
  await page.getByRole("link", { name: say("enterSpace", { name: "서울광장" }) }).click();
  const input = page.getByLabel(say("message"), { exact: true });
  await input.fill("안녕");
  // What a Hangul IME does: the syllable is still being composed when Enter comes.
  await input.evaluate((el) => {
    el.dispatchEvent(new CompositionEvent("compositionstart", { data: "녕" }));
    el.dispatchEvent(
      new KeyboardEvent("keydown", {
        key: "Enter",
        keyCode: 229,
        isComposing: true,
        bubbles: true,
      }),
    );
    el.dispatchEvent(new CompositionEvent("compositionend", { data: "녕" }));
  });
  await expect(input).toHaveValue("안녕");
  await expect(chatLog(page)).not.toContainText("안녕");
  await input.press("Enter");
  await expect(chatLog(page)).toContainText("안녕");
});
