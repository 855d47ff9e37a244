import { readConfig, type Config } from "../../platform/config.ts";

/**
 * What a production start warns about, in French, once (start.ts logs each line): settings that
 * let the portal run but that an operator almost certainly did not mean.
 */
export function startupWarnings(config: Config, facts: { mailServerAnswers: boolean | undefined }): string[] {
  if (config.env !== "production") return [];
  const warnings: string[] = [];
  const demo = readConfig({ NODE_ENV: "test" }).brand;
  const stillDemo = (["name", "organisation", "logoUrl"] as const).filter((key) => config.brand[key] === demo[key]);
  if (stillDemo.length > 0)
    warnings.push(
      `L'habillage est encore celui de la démonstration (${stillDemo.map((key) => BRAND_VARIABLES[key]).join(", ")} non renseigné) : renseignez le nom, l'organisme et le logo du portail.`,
    );
  if (config.publicUrl.startsWith("https://") && !config.trustProxy)
    warnings.push(
      "PUBLIC_URL est en https mais TRUST_PROXY n'est pas à true : derrière un proxy qui termine TLS, les adresses IP des visiteurs (limites par adresse, journal d'audit) seraient toutes celles du proxy.",
    );
  if (facts.mailServerAnswers === false)
    warnings.push("Le serveur de courriel (SMTP_URL) ne répond pas : les courriels attendent dans la file et partiront dès qu'il répondra.");
  return warnings;
}

const BRAND_VARIABLES = { name: "PORTAL_NAME", organisation: "PORTAL_ORGANISATION", logoUrl: "PORTAL_LOGO_URL" } as const;
