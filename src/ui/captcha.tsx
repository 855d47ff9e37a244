import { FieldError, fieldId } from "./components.tsx";
import type { PageContext } from "./context.ts";

/**
 * The anti-robot check to put inside a form: the ALTCHA widget fetches a challenge from
 * /captcha/challenge, solves it in the background (from the moment the form is used) and
 * posts the solution in the `altcha` field, which `deps.captcha.check` checks once.
 * Its stylesheet and script are files under /static/build/ (strict CSP, no inline code).
 *
 * Without JavaScript the widget does not run and the `<noscript>` part counts instead: it says
 * what happens and posts, in the same `altcha` field, a signed "short wait" token issued with
 * this page (platform/captcha.ts). A browser running scripts ignores it, so each person sends
 * exactly one of the two, and every form with this field works both ways.
 */
export async function CaptchaField({ ctx, error }: { ctx: Pick<PageContext, "captchaWaitToken">; error?: string | undefined }) {
  const id = fieldId("altcha");
  const waitToken = await ctx.captchaWaitToken();
  return (
    <fieldset class={`fieldset captcha${error ? " field--error" : ""}`} id={id} tabindex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <legend class="fieldset__legend">Vérification anti-robot</legend>
      <FieldError id={id} error={error} />
      <link rel="stylesheet" href="/static/build/altcha.css" />
      <altcha-widget challenge="/captcha/challenge" name="altcha" auto="onfocus" language="fr" type="checkbox"></altcha-widget>
      <noscript>
        <div class="captcha__noscript">
          <p>JavaScript n'est pas activé dans votre navigateur : la vérification anti-robot se fait sans case à cocher.</p>
          <p>Par sécurité, le formulaire ne peut être envoyé que quelques secondes après l'affichage de cette page, et un petit nombre de fois par heure depuis une même connexion internet.</p>
        </div>
        <input type="hidden" name="altcha" value={waitToken} />
      </noscript>
      <script type="module" src="/static/build/captcha.js"></script>
    </fieldset>
  );
}
