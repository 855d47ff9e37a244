import type { Page } from "playwright-core";

/**
 * Ticks the ALTCHA widget's « Je ne suis pas un robot » box, as a person would, and waits until
 * the browser has solved the real proof of work (the widget then says « Vérifié » and fills the
 * hidden `altcha` field the form posts).
 */
export async function passCaptcha(page: Page, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator("altcha-widget");
  await widget.getByRole("checkbox", { name: "Je ne suis pas un robot" }).click();
  await widget.locator('[data-state="verified"]').waitFor({ timeout: timeoutMs });
  await page.waitForFunction(
    () => (document.querySelector<HTMLInputElement>('altcha-widget input[name="altcha"]')?.value ?? "") !== "",
    undefined,
    { timeout: timeoutMs },
  );
}
