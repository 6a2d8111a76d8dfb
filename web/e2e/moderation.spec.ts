/** A reported line, a moderator's mute through the API: the sender's page shows the notice
and refuses to send until the mute ends. */

import {
  Api,
  chatLog,
  enterSpace,
  expect,
  expectAccessible,
  newCitizen,
  say,
  sendLine,
  staff,
  test,
} from "./helpers";

test("a reported sender is muted live and the page refuses to send", async ({ browser }) => {
  const kim = await newCitizen(browser, "김소란");
  const lee = await newCitizen(browser, "이신고");
  await enterSpace(kim.page, "서울광장");
  await enterSpace(lee.page, "서울광장");
  await sendLine(kim.page, "너 정말 한심하다 진짜");
  await expect(chatLog(lee.page)).toContainText("너 정말 한심하다 진짜");

  // The report, from the line's own menu.
  await chatLog(lee.page)
    .getByRole("button", { name: say("actionsFor", { name: "김소란" }) })
    .last()
    .click();
  const dialog = lee.page.getByRole("dialog", { name: say("actionsFor", { name: "김소란" }) });
  await dialog.getByLabel(say("reportCategory")).selectOption("harassment");
  await dialog.getByRole("button", { name: say("reportMessage", { name: "김소란" }) }).click();
  await expect(dialog.getByRole("status")).toHaveText(say("reported"));
  await expectAccessible(lee.page);
  await dialog.getByRole("button", { name: say("close") }).click();

  // A moderator works the case through the API and mutes the sender for 10 minutes.
  const moderator = await staff(["moderator"], "운영자");
  const sender = await Api.signIn(kim.email);
  const cases = await moderator.get<{ id: string; subject_id: string }[]>("/moderation/cases");
  const found = cases.find((c) => c.subject_id === sender.id);
  expect(found).toBeTruthy();
  await moderator.send("post", `/moderation/cases/${found?.id}/claim`);
  await moderator.send("post", `/moderation/cases/${found?.id}/decision`, {
    rule: "respect",
    reason: "모욕적인 표현",
    actions: [{ type: "mute", minutes: 10 }],
  });

  // The notice, as an alert, on the sender's page; sending is refused until it ends.
  await expect(kim.page.getByRole("alert").filter({ hasText: "모욕적인 표현" })).toBeVisible();
  await expect(kim.page.getByRole("button", { name: say("send") })).toBeDisabled();
  await expect(kim.page.getByText(say("mutedUntil", { until: "" }).slice(-12))).toBeVisible();
  await sendLine(kim.page, "음소거 중의 말");
  await expect(chatLog(kim.page)).not.toContainText("음소거 중의 말");
  await expectAccessible(kim.page);

  // Reloading keeps the mute: it comes from my sanctions too.
  await kim.page.reload();
  await expect(kim.page.getByRole("button", { name: say("send") })).toBeDisabled();

  // The reporter sees the outcome in their reports.
  await lee.page.getByRole("link", { name: say("navSafety") }).click();
  await expect(lee.page.getByRole("region", { name: say("myReports") })).toContainText(
    say("outcomeaction_taken"),
  );
  await expectAccessible(lee.page);
});
