import type { Page } from "playwright-core";

/**
 * Ticks the ALTCHA widget's « Je ne suis pas un robot » box, as a person would, and waits until
 * the browser has solved the real proof of work (the widget then shows it verified and fills the
 * `altcha` field the form posts).
 */
export async function passCaptcha(page: Page, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator("altcha-widget");
  await widget.getByRole("checkbox", { name: "Je ne suis pas un robot" }).click();
  await widget.locator('[data-state="verified"]').waitFor({ timeout: timeoutMs });
  const payload = await widget.locator('input[name="altcha"]').inputValue();
  if (payload === "") throw new Error("The captcha says it is verified but left its `altcha` field empty");
}
