/** Two browsers with Chromium's fake camera and microphone reach a connected call, through the
server's signalling and ICE servers. */

import { enterSpace, expect, expectAccessible, newCitizen, say, test } from "./helpers";

test("an audio call between two citizens connects", async ({ browser }) => {
  const kim = await newCitizen(browser, "김통화");
  const lee = await newCitizen(browser, "이수신");
  await enterSpace(kim.page, "서울광장");
  await enterSpace(lee.page, "서울광장");
  const around = kim.page.getByRole("region", { name: say("aroundMe") });
  await around
    .getByRole("button", { name: say("callUser", { name: "이수신", kind: say("callAudio") }) })
    .click();
  await expect(
    kim.page.getByRole("dialog", { name: say("calling", { name: "이수신" }) }),
  ).toBeVisible();

  const ringing = lee.page.getByRole("alertdialog", {
    name: say("incomingCall", { name: "김통화", kind: say("callAudio") }),
  });
  await expect(ringing).toBeVisible();
  await expectAccessible(lee.page);
  await ringing.getByRole("button", { name: say("accept") }).click();

  await expect(
    kim.page.getByRole("dialog", { name: say("callConnected", { name: "이수신" }) }),
  ).toBeVisible({ timeout: 20_000 });
  await expect(
    lee.page.getByRole("dialog", { name: say("callConnected", { name: "김통화" }) }),
  ).toBeVisible({ timeout: 20_000 });
  await expectAccessible(kim.page);

  await kim.page.getByRole("button", { name: say("hangUp") }).click();
  await expect(
    lee.page.getByRole("dialog", { name: say("callEnded", { reason: "ended" }) }),
  ).toBeVisible();
});
