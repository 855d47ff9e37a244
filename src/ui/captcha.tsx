import { FieldError, fieldId } from "./components.tsx";

/**
 * The anti-robot check to put inside a form: the ALTCHA widget fetches a challenge from
 * /captcha/challenge, solves it in the background (from the moment the form is used) and
 * posts the solution in the `altcha` field, which `deps.captcha.verify` checks once.
 * Its stylesheet and script are files under /static/build/ (strict CSP, no inline code).
 */
export function CaptchaField({ error }: { error?: string | undefined }) {
  const id = fieldId("altcha");
  return (
    <fieldset class={`fieldset captcha${error ? " field--error" : ""}`} id={id} tabindex={-1} aria-describedby={error ? `${id}-error` : undefined}>
      <legend class="fieldset__legend">Vérification anti-robot</legend>
      <FieldError id={id} error={error} />
      <link rel="stylesheet" href="/static/build/altcha.css" />
      <altcha-widget challenge="/captcha/challenge" name="altcha" auto="onfocus" language="fr" type="checkbox"></altcha-widget>
      <noscript>
        <p class="captcha__noscript">
          La vérification anti-robot nécessite JavaScript. Activez JavaScript pour envoyer ce formulaire, ou{" "}
          <a href="/contact">contactez-nous</a>.
        </p>
      </noscript>
      <script type="module" src="/static/build/captcha.js"></script>
    </fieldset>
  );
}
