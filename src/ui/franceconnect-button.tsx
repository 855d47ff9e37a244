import type { PageContext } from "./context.ts";

/**
 * FranceConnect's button, shown only where FranceConnect is configured: a form (CSRF token, no
 * script) posting to `action`, with the link explaining what FranceConnect is.
 */
export function FranceConnectButton({ ctx, action = "/franceconnect/connexion", separator = true }: { ctx: PageContext; action?: string; separator?: boolean }) {
  if (!ctx.franceConnect) return null;
  return (
    <div class="franceconnect">
      <form method="post" action={action}>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <button type="submit" class="franceconnect__button">
          <span>S'identifier avec</span> <span class="franceconnect__brand">FranceConnect</span>
        </button>
      </form>
      <p class="franceconnect__about">
        <a href="/franceconnect/qu-est-ce-que-c-est">Qu'est-ce que FranceConnect ?</a>
      </p>
      {separator ? <p class="franceconnect__separator">ou</p> : null}
    </div>
  );
}
