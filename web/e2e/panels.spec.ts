/** Every other page a citizen can visit, each checked by axe: direct messages, profile (the UI
follows the account's language), privacy, reports and sanctions, and each service panel. */

import {
  chatLog,
  enterSpace,
  expect,
  expectAccessible,
  newCitizen,
  say,
  sendLine,
  test,
} from "./helpers";

test("a direct message reaches the other citizen's messages page", async ({ browser }) => {
  const kim = await newCitizen(browser, "김편지");
  const lee = await newCitizen(browser, "이답장");
  await enterSpace(kim.page, "서울광장");
  await enterSpace(lee.page, "서울광장");
  await lee.page
    .getByRole("region", { name: say("aroundMe") })
    .getByRole("link", { name: say("messageTo", { name: "김편지" }) })
    .click();
  await expect(
    lee.page.getByRole("heading", { level: 1, name: say("messageTo", { name: "김편지" }) }),
  ).toBeVisible();
  await sendLine(lee.page, "따로 드릴 말씀이 있어요");
  await expect(chatLog(lee.page)).toContainText("따로 드릴 말씀이 있어요");

  await kim.page
    .getByRole("navigation")
    .getByRole("link", { name: say("navMessages") })
    .click();
  await kim.page.getByRole("link", { name: "이답장" }).click();
  await expect(chatLog(kim.page)).toContainText("따로 드릴 말씀이 있어요");
  await sendLine(kim.page, "네, 말씀하세요");
  await expect(chatLog(lee.page)).toContainText("네, 말씀하세요");
  await expectAccessible(kim.page);
});

test("profile, privacy, safety and every service panel", async ({ browser }) => {
  const { page } = await newCitizen(browser, "박방문");
  const visit = async (link: string, heading: string) => {
    await page.getByRole("link", { name: link, exact: true }).last().click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: say("loading") })).toHaveCount(0);
    await expectAccessible(page);
  };

  await visit(say("navPrivacy"), say("privacyTitle"));
  await page.getByRole("button", { name: say("exportData") }).click();
  await expect(page.getByRole("link", { name: say("exportReady") })).toBeVisible();
  await expect(page.getByRole("region", { name: say("consents") })).toContainText(say("granted"));

  await visit(say("navSafety"), say("safetyTitle"));
  await expect(page.getByText(say("noSanctions"))).toBeVisible();

  await page
    .getByRole("navigation")
    .getByRole("link", { name: say("navServices") })
    .click();
  for (const service of ["proposals", "counseling", "events", "business", "civil"] as const) {
    await visit(say(`service${service}`), say(`service${service}`));
    await page
      .getByRole("main")
      .getByRole("link", { name: say("servicesTitle") })
      .click();
  }
  await visit(say("servicelibrary"), say("servicelibrary"));
  await page.getByRole("button", { name: `${say("borrow")}: 아몬드` }).click();
  await expect(page.getByRole("button", { name: `${say("returnBook")}: 아몬드` })).toBeVisible();
  await expectAccessible(page);

  // The account's language is the UI's language.
  await visit(say("navProfile"), say("profileTitle"));
  await page.getByLabel(say("language")).selectOption("en");
  await page.getByRole("button", { name: say("save") }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Services" })).toBeVisible();
  await expectAccessible(page);
});
