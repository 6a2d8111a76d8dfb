/** A civil request filed through the form rendered from the service's schema (a field error
first); an official works it through the API and the citizen's page follows live. */

import { expect, expectAccessible, newCitizen, say, staff, test } from "./helpers";

const SERVICE = "지방세 납부 내역 조회";

test("a civil request through the rendered form, its status live", async ({ browser }) => {
  const kim = await newCitizen(browser, "김민원");
  const page = kim.page;
  await page.getByRole("link", { name: say("navServices") }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: say("servicecivil"), exact: true }).click();
  await page.getByRole("button", { name: SERVICE }).click();
  const form = page.getByRole("region", { name: SERVICE });
  await form.getByLabel("세목 (필수)").selectOption("vehicle");
  // The year left empty: the server's message appears under that field.
  await form.getByRole("button", { name: say("submit") }).click();
  const year = form.getByLabel("과세 연도 (필수)");
  await expect(year).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toHaveText(say("formErrors"));
  await expectAccessible(page);
  await year.fill("2025");
  await form.getByRole("button", { name: say("submit") }).click();
  await expect(form.getByRole("status")).toHaveText(say("civilFiled"));
  const mine = page.getByRole("region", { name: say("civilMine") });
  await expect(mine).toContainText(say("civilStatus", { status: say("statusreceived") }));

  // An official of the tax division takes it up, through the API.
  const admin = await staff(["admin"], "관리자");
  const official = await staff(["official"], "세무 공무원");
  await admin.send("put", `/civil/departments/tax/members/${official.id}`);
  const queue = await official.get<{ items: { id: string; service_slug: string }[] }>(
    "/civil/queue",
  );
  const request = queue.items.find((r) => r.service_slug === "local-tax-payment-inquiry");
  expect(request).toBeTruthy();
  await official.send("post", `/civil/requests/${request?.id}/transitions`, { to: "in_progress" });
  await expect(mine).toContainText(say("civilStatus", { status: say("statusin_progress") }));
  await official.send("post", `/civil/requests/${request?.id}/transitions`, {
    to: "completed",
    note: "납부 내역을 보내 드렸습니다.",
  });
  await expect(mine).toContainText(say("civilStatus", { status: say("statuscompleted") }));
  await mine.getByRole("button", { name: "local-tax-payment-inquiry" }).click();
  await expect(mine).toContainText("납부 내역을 보내 드렸습니다.");
  await expectAccessible(page);
});
