/** Chat translated per reader: a citizen whose account is in Portuguese and one in English
chat in the plaza, and each reads the other in their own language (the embedded engine), with
the original a click away. Languages other than Korean see the English interface. */

import type { Page } from "@playwright/test";
import { en } from "../src/ui/strings";
import { expect, expectAccessible, newCitizen, say, test } from "./helpers";

/** An English UI string with its `{placeholders}` filled. */
function english(key: keyof typeof en, params: Record<string, string> = {}): string {
  let text: string = en[key];
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

async function chooseLanguage(page: Page, code: string): Promise<void> {
  await page
    .getByRole("link", { name: say("navProfile"), exact: true })
    .last()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: say("profileTitle") })).toBeVisible();
  await expect(
    page.getByLabel(say("language"), { exact: true }).locator(`option[value="${code}"]`),
  ).toHaveCount(1);
  await page.getByLabel(say("language"), { exact: true }).selectOption(code);
  await expect(page.getByLabel(say("translateChat"))).toBeChecked();
  await page.getByRole("button", { name: say("save") }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: english("profileTitle") }),
  ).toBeVisible();
}

async function enterPlaza(page: Page): Promise<void> {
  await page
    .getByRole("link", { name: english("navCity"), exact: true })
    .last()
    .click();
  await page.getByRole("link", { name: english("enterSpace", { name: "Seoul Plaza" }) }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Seoul Plaza" })).toBeVisible();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel(english("message"), { exact: true }).fill(text);
  await page.getByLabel(english("message"), { exact: true }).press("Enter");
}

function log(page: Page) {
  return page.getByRole("log", { name: english("chatLog") });
}

/** The chat line of `name` that came with a translation (not their arrival notice). */
function translatedLine(page: Page, name: string) {
  const toggle = page.getByRole("button", { name: english("showOriginal") });
  return log(page).getByRole("listitem").filter({ hasText: name, has: toggle });
}

test("a Portuguese and an English reader each read the other in their language", async ({
  browser,
}) => {
  const ana = await newCitizen(browser, "Ana Souza");
  const emma = await newCitizen(browser, "Emma Wilson");
  await chooseLanguage(ana.page, "pt");
  await chooseLanguage(emma.page, "en");
  await enterPlaza(ana.page);
  await enterPlaza(emma.page);

  await send(emma.page, "Where is the library? I need to return a book.");
  const line = translatedLine(ana.page, "Emma Wilson");
  await expect(line).toContainText(/biblioteca/i);
  await expect(line).toContainText(english("translated", { lang: "English" }));
  await expect(line).not.toContainText("Where is the library?");
  const original = line.getByRole("button", { name: english("showOriginal") });
  await original.click();
  await expect(original).toHaveAttribute("aria-pressed", "true");
  await expect(line).toContainText("Where is the library? I need to return a book.");
  await expectAccessible(ana.page);

  await send(ana.page, "Bom dia! A biblioteca fica perto da praça.");
  const answer = translatedLine(emma.page, "Ana Souza");
  await expect(answer).toContainText(/library/i);
  await expect(answer).toContainText(english("translated", { lang: "português" }));
  // The writer sees their own line as they wrote it.
  await expect(log(ana.page)).toContainText("Bom dia! A biblioteca fica perto da praça.");
});
