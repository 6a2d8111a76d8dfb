/** Two citizens in the plaza: they see each other, walk by keys and by tap, chat in Korean
(an insult arrives masked), and a block silences the blocked one for the blocker. The map
draws only when something moved, and nothing while the page is hidden. */

import type { Page } from "@playwright/test";
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

const PLAZA = "서울광장";

function aroundMe(page: Page) {
  return page.getByRole("region", { name: say("aroundMe") });
}

function map(page: Page) {
  return page.getByRole("application", { name: say("mapLabel", { name: PLAZA }) });
}

async function frames(page: Page): Promise<number> {
  return Number((await map(page).locator("canvas").getAttribute("data-frames")) ?? 0);
}

test("two citizens walk the plaza, chat, and a block silences one", async ({ browser }) => {
  const kim = await newCitizen(browser, "김서울");
  const lee = await newCitizen(browser, "이한강");
  await enterSpace(kim.page, PLAZA);
  await enterSpace(lee.page, PLAZA);
  await expect(aroundMe(kim.page)).toContainText("이한강");
  await expect(aroundMe(lee.page)).toContainText("김서울");
  await expectAccessible(kim.page);

  // By keys, only while the map has focus: east for a while.
  await map(kim.page).focus();
  await kim.page.keyboard.down("ArrowRight");
  await expect(aroundMe(lee.page)).toContainText(/김서울, 동쪽 [1-9]\d*미터/);
  await kim.page.keyboard.up("ArrowRight");
  const kimSeenByLee = aroundMe(lee.page).getByRole("listitem").filter({ hasText: "김서울" });
  const afterKeys = await kimSeenByLee.textContent();

  // By tap: a point up and to the left of the map's centre.
  const box = await map(kim.page).boundingBox();
  if (!box) throw new Error("no map");
  await kim.page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.2);
  await expect.poll(() => kimSeenByLee.textContent()).not.toBe(afterKeys);
  await expect(aroundMe(lee.page)).toContainText(/김서울, 북서쪽|김서울, 북쪽|김서울, 서쪽/);

  // Chat both ways, in Korean.
  await sendLine(kim.page, "안녕하세요, 이한강님!");
  await expect(chatLog(lee.page)).toContainText("안녕하세요, 이한강님!");
  await sendLine(lee.page, "반갑습니다 김서울님");
  await expect(chatLog(kim.page)).toContainText("반갑습니다 김서울님");

  // An insult arrives masked, and the sender sees it masked too.
  await sendLine(lee.page, "씨발 진짜 렉 걸리네");
  await expect(chatLog(kim.page)).toContainText("진짜 렉 걸리네");
  await expect(chatLog(kim.page)).not.toContainText("씨발");
  await expect(chatLog(lee.page)).not.toContainText("씨발");

  // Block: the blocker gets nothing more.
  await chatLog(kim.page)
    .getByRole("button", { name: say("actionsFor", { name: "이한강" }) })
    .last()
    .click();
  const dialog = kim.page.getByRole("dialog", { name: say("actionsFor", { name: "이한강" }) });
  await expectAccessible(kim.page);
  await dialog.getByRole("button", { name: say("blockUser", { name: "이한강" }) }).click();
  await expect(dialog.getByRole("status")).toHaveText(say("blocked", { name: "이한강" }));
  await dialog.getByRole("button", { name: say("close") }).click();
  await sendLine(lee.page, "차단된 뒤의 말");
  await expect(chatLog(lee.page)).toContainText("차단된 뒤의 말");
  await sendLine(kim.page, "아직 들리나요");
  await expect(chatLog(lee.page)).toContainText("아직 들리나요");
  await expect(chatLog(kim.page)).not.toContainText("차단된 뒤의 말");
  await expectAccessible(lee.page);
});

test("the map draws only when something moved, and never while hidden", async ({ browser }) => {
  const park = await newCitizen(browser, "박도시");
  const choi = await newCitizen(browser, "최광장");
  await enterSpace(park.page, PLAZA);
  await enterSpace(choi.page, PLAZA);
  await expect(aroundMe(park.page)).toContainText("최광장");

  // Idle: no frames at all.
  await expect
    .poll(async () => {
      const before = await frames(park.page);
      await park.page.waitForTimeout(700);
      return (await frames(park.page)) - before;
    })
    .toBe(0);

  // Someone walks: frames.
  const idle = await frames(park.page);
  await map(choi.page).focus();
  await choi.page.keyboard.down("ArrowDown");
  await expect.poll(() => frames(park.page)).toBeGreaterThan(idle);
  await choi.page.keyboard.up("ArrowDown");

  // Hidden: someone walks, nothing is drawn; shown again: one catch-up frame.
  await park.page.evaluate(() => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await park.page.waitForTimeout(300);
  const hidden = await frames(park.page);
  await choi.page.keyboard.down("ArrowUp");
  await expect(aroundMe(park.page)).toContainText(/최광장, 북쪽|최광장, 바로|최광장, 남쪽/);
  await park.page.waitForTimeout(500);
  await choi.page.keyboard.up("ArrowUp");
  expect(await frames(park.page)).toBe(hidden);
  await park.page.evaluate(() => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect.poll(() => frames(park.page)).toBeGreaterThan(hidden);
  await expectAccessible(park.page);
});
