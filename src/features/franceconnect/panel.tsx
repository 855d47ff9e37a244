import { hasPassword } from "../../platform/security/passwords.ts";
import { Button, Form } from "../../ui/components.tsx";
import type { Panel } from "../../ui/panels.ts";
import { findFranceConnectStatus } from "../../core/accounts/queries/franceconnect.ts";

const longDate = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

/**
 * "Mon compte"'s FranceConnect section: since when the account is linked, and what the person can
 * do — link it, unlink it once it has a password, or choose that password first. Nothing when
 * FranceConnect is not configured and the account is not linked.
 */
export const myAccountFranceConnectSection: Panel<{ accountId: string }> = async (db, host) => {
  const status = await findFranceConnectStatus(db, host.accountId);
  const linkedAt = status?.linkedAt ?? null;
  const withPassword = status ? hasPassword(status.passwordHash) : true;
  return (ctx) => {
    if (!linkedAt && !ctx.franceConnect) return null;
    return (
      <section aria-labelledby="franceconnect">
        <h2 id="franceconnect">FranceConnect</h2>
        {linkedAt ? (
          <>
            <p>
              Votre compte est relié à FranceConnect depuis le <time datetime={linkedAt.toISOString()}>{longDate.format(linkedAt)}</time>.
              Votre identité est vérifiée par FranceConnect.
            </p>
            {withPassword ? (
              <ul class="link-list">
                <li><a href="/mon-compte/franceconnect/delier">Délier FranceConnect</a></li>
              </ul>
            ) : (
              <>
                <p>
                  Votre compte a été créé avec FranceConnect et n'a pas de mot de passe. Pour pouvoir délier FranceConnect, ou vous
                  connecter sans lui, choisissez d'abord un mot de passe.
                </p>
                <ul class="link-list">
                  <li><a href="/mon-compte/franceconnect/mot-de-passe">Choisir un mot de passe</a></li>
                </ul>
              </>
            )}
          </>
        ) : (
          <>
            <p>Votre compte n'est pas relié à FranceConnect. Une fois relié, vous pourrez vous y connecter avec FranceConnect.</p>
            <Form action="/mon-compte/franceconnect/relier" csrfToken={ctx.csrfToken}>
              <Button variant="secondary">Relier FranceConnect</Button>
            </Form>
          </>
        )}
      </section>
    );
  };
};
