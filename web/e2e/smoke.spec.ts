import { expect, test } from "@playwright/test";
import { enterSpace, expectAccessible, newCitizen, say, sendLine, chatLog } from "./helpers";

test("a citizen signs up, enters the plaza and chats", async ({ browser }) => {
  const kim = await newCitizen(browser, "김서울");
  await expectAccessible(kim.page);
  await enterSpace(kim.page, "서울광장");
  await expectAccessible(kim.page);
  await sendLine(kim.page, "안녕하세요");
  await expect(chatLog(kim.page)).toContainText("안녕하세요");
});
