import { readConfig } from "../src/platform/config.ts";
import type { PageContext } from "../src/ui/context.ts";

/** The person most view tests render a page for. */
export const camille = { identifier: "camille", firstName: "Camille", lastName: "Martin", role: "applicant" };

/**
 * What a page needs to render outside a request, for view tests: the test configuration's brand,
 * nobody signed in, no captcha (a page that asks for one fails the test), then `overrides`.
 */
export function testPageContext(overrides: Partial<PageContext> = {}): PageContext {
  return {
    brand: readConfig({ NODE_ENV: "test" }).brand,
    csrfToken: "jeton",
    account: null,
    organisation: null,
    flash: null,
    showDevelopmentLinks: false,
    path: "/",
    captchaWaitToken: () => Promise.reject(new Error("this page asked for a captcha")),
    ...overrides,
  };
}
