import type { Brand, HelpChannels } from "../platform/config.ts";

/** What every page needs from the request, built once per request by the render helper. */
export interface PageContext {
  brand: Brand;
  /** Token for the hidden `_csrf` field of every form. */
  csrfToken: string;
  /** The signed-in person, or null. */
  account: { identifier: string; firstName: string; lastName: string; role: string } | null;
  /** The organisation the signed-in person acts for (shown in the header), or null. */
  organisation: { id: string; name: string; isAdmin: boolean; pending: boolean } | null;
  /** One message carried over a redirect ("Votre mot de passe a bien été modifié."). */
  flash: string | null;
  /** Development pages (mailbox) are linked only outside production. */
  showDevelopmentLinks: boolean;
  /** FranceConnect is configured: its button is shown (login, registration, "Mon compte"). */
  franceConnect?: boolean;
  /** The public pages listed in the header for everyone (PUBLIC_MENU); none when absent. */
  publicMenu?: readonly { label: string; href: string }[];
  /** The help channels of the footer (HELP_*); none when absent. */
  help?: HelpChannels;
  /** Path of the current page, to mark the current navigation link. */
  path: string;
  /**
   * A "short wait" token for this visitor, issued when called: the captcha's plain-HTML path
   * (`<CaptchaField>` calls it; other pages never do).
   */
  captchaWaitToken: () => Promise<string>;
}

/** Field name → French message. Order of insertion is the order of the error summary. */
export type FieldErrors = Record<string, string>;

/** What the user typed, sent back on a 422 so nothing is lost. */
export type FormValues = Record<string, string>;
