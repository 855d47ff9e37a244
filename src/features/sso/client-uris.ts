/**
 * Checks the addresses a partner registers. HTTPS only, except loopback addresses outside
 * production (a partner developing on its own machine); no fragment, no user name. Return
 * addresses share one host: the person's pairwise subject is computed per host.
 */
export function checkUris(
  lines: string[],
  options: { production: boolean; required: boolean; label: string; sameHost?: boolean },
): { uris: string[]; error?: string } {
  const uris = [...new Set(lines.map((line) => line.trim()).filter(Boolean))];
  if (uris.length === 0) return options.required ? { uris, error: `Indiquez au moins une ${options.label}.` } : { uris };
  if (uris.length > 10) return { uris, error: `Indiquez au plus 10 ${options.label}s.` };
  for (const uri of uris) {
    const problem = uriProblem(uri, options.production);
    if (problem) return { uris, error: `« ${uri} » : ${problem}` };
  }
  if (options.sameHost && new Set(uris.map((uri) => new URL(uri).hostname)).size > 1) {
    return { uris, error: "Toutes les adresses de retour doivent être sur le même domaine." };
  }
  return { uris };
}

function uriProblem(uri: string, production: boolean): string | undefined {
  if (uri.length > 500) return "l'adresse est trop longue (500 caractères au plus).";
  const url = URL.parse(uri);
  if (!url || !["https:", "http:"].includes(url.protocol)) return "ce n'est pas une adresse web valide (https://…).";
  if (url.protocol === "http:") {
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (production || !loopback) return "l'adresse doit commencer par https:// (http:// n'est accepté que pour 127.0.0.1 ou localhost, hors production).";
  }
  if (url.hash) return "l'adresse ne doit pas contenir de fragment (#…).";
  if (url.username || url.password) return "l'adresse ne doit pas contenir d'identifiant ni de mot de passe.";
  return undefined;
}

/** One address per line, as typed in the form's text areas. */
export function splitLines(text: string | undefined): string[] {
  return (text ?? "").split(/\r?\n/);
}
