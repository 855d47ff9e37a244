import type { TestIdentity } from "./identities.ts";

/**
 * The stand-in's own pages: plain HTML in French, readable without JavaScript, styled in the
 * page itself (the stand-in is another site than Guichet and serves nothing else).
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const style = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #161616; background: #fff; line-height: 1.5; }
  header { background: #000091; color: #fff; padding: 1rem; }
  header p { margin: 0; font-weight: 700; font-size: 1.25rem; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
  legend { font-weight: 700; margin-bottom: .5rem; }
  .choice { display: flex; gap: .75rem; align-items: flex-start; padding: .75rem; border: 1px solid #929292; margin-bottom: .5rem; }
  .choice input { margin-top: .3rem; width: 1.25rem; height: 1.25rem; }
  .hint { display: block; color: #3a3a3a; font-size: .9rem; }
  button { font: inherit; padding: .5rem 1rem; border: 2px solid #000091; margin: 0 .5rem .5rem 0; cursor: pointer; }
  .primary { background: #000091; color: #fff; }
  .secondary { background: #fff; color: #000091; }
  :focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
  footer { border-top: 1px solid #929292; margin-top: 2rem; padding: 1rem; font-size: .9rem; }
`;

export function standInPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - FranceConnect (bac à sable local)</title>
<style>${style}</style>
</head>
<body>
<header><p>FranceConnect — bac à sable local</p></header>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer><p>Service de test pour le développement : il imite FranceConnect avec des identités fictives. Il ne fonctionne jamais en production.</p></footer>
</body>
</html>`;
}

const months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

function frenchDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return `${day === 1 ? "1er" : day} ${months[month - 1]} ${year}`;
}

/** "Choisissez l'identité de test": one radio button per person, then continue or give up. */
export function chooserPage(action: string, clientName: string, identities: readonly TestIdentity[]): string {
  const choices = identities
    .map((identity, index) => {
      const id = `identite-${index}`;
      const born = `${identity.gender === "female" ? "Née" : "Né"} le ${frenchDate(identity.birthdate)} à ${identity.bornIn}`;
      return `<div class="choice">
<input type="radio" name="sub" value="${escapeHtml(identity.sub)}" id="${id}" aria-describedby="${id}-aide"${index === 0 ? " checked" : ""}>
<div><label for="${id}">${escapeHtml(identity.given_name)} ${escapeHtml(identity.family_name)}${identity.preferred_username ? ` (nom d'usage ${escapeHtml(identity.preferred_username)})` : ""}</label>
<span class="hint" id="${id}-aide">${escapeHtml(born)} — ${escapeHtml(identity.email)} — NIR ${escapeHtml(identity.nir)}</span></div>
</div>`;
    })
    .join("\n");
  return standInPage(
    "Choisissez l'identité de test",
    `<p>Le service « ${escapeHtml(clientName)} » vous demande de vous identifier avec FranceConnect. Choisissez la personne fictive qui se connecte.</p>
<form method="post" action="${escapeHtml(action)}">
<fieldset>
<legend>Identités de test</legend>
${choices}
</fieldset>
<button type="submit" class="primary" name="action" value="continuer">Continuer sur le service</button>
<button type="submit" class="secondary" name="action" value="annuler">Annuler et revenir sur le service</button>
</form>`,
  );
}

/** RP-initiated logout: the provider's form (hidden token) and the buttons that submit it. */
export function logoutPage(form: string): string {
  return standInPage(
    "Déconnexion de FranceConnect",
    `<p>Vous vous êtes déconnecté du service. Confirmez pour vous déconnecter aussi de FranceConnect.</p>
${form}
<button type="submit" class="primary" form="op.logoutForm" name="logout" value="yes">Se déconnecter de FranceConnect</button>`,
  );
}

export function loggedOutPage(): string {
  return standInPage("Vous êtes déconnecté de FranceConnect", "<p>Vous pouvez fermer cette page.</p>");
}

export function errorPage(error: string, description: string | undefined): string {
  return standInPage(
    "La demande n'a pas pu aboutir",
    `<p>Le bac à sable FranceConnect a refusé la demande : <code>${escapeHtml(error)}</code>${description ? ` (${escapeHtml(description)})` : ""}.</p>`,
  );
}
