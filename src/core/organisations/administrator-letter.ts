import type { Brand, Config } from "../../platform/config.ts";
import type { OrganisationsRegisterEntry } from "../../platform/db/schema.ts";
import { ADDRESS_LINE_MAX, type LetterContent, type PostalAddress } from "../../platform/letters/letters.ts";
import { formatActivationCode } from "./activation-code.ts";

const longDate = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

/** Cuts a line at the last space that keeps it within La Poste's 38 characters. */
function splitLine(text: string): [string, string | null] {
  if (text.length <= ADDRESS_LINE_MAX) return [text, null];
  const cut = text.lastIndexOf(" ", ADDRESS_LINE_MAX);
  const at = cut > 0 ? cut : ADDRESS_LINE_MAX;
  return [text.slice(0, at).trim(), text.slice(at).trim().slice(0, ADDRESS_LINE_MAX)];
}

/**
 * The legal representative at the address of the operator's register, never at an address a
 * member typed: the code must reach the person who can delegate, not the person who asked.
 * A long organisation name runs over two lines, then "À l'attention de …".
 */
export function legalRepresentativeAddress(entry: OrganisationsRegisterEntry): PostalAddress {
  const [name, nameRest] = splitLine(entry.name);
  const attention = `À l'attention de ${entry.legalRepresentative}`;
  const to = attention.length <= ADDRESS_LINE_MAX ? attention : entry.legalRepresentative.slice(0, ADDRESS_LINE_MAX);
  return {
    name,
    detail: nameRest ?? to,
    complement: nameRest ? to : null,
    street: entry.addressLine,
    postalCode: entry.postalCode,
    commune: entry.communeName,
  };
}

/**
 * The letter that carries the administrator's activation code. It does not name the member who
 * asked (seed 001: "le courrier … n'est pas nominatif"): whoever receives the code from the legal
 * representative becomes administrator, which is the representative's decision to make.
 */
export function administratorLetter(
  config: Pick<Config, "publicUrl"> & { brand: Brand },
  input: { entry: OrganisationsRegisterEntry; code: string; expiresAt: Date },
): LetterContent {
  const { entry, code, expiresAt } = input;
  return {
    to: legalRepresentativeAddress(entry),
    subject: "Code d'activation de l'administrateur de votre structure",
    reference: `Client ${entry.clientNumber}`,
    body: [
      { type: "paragraph", text: "Madame, Monsieur," },
      {
        type: "paragraph",
        text: `Une personne de votre structure, « ${entry.name} » (numéro client ${entry.clientNumber}), a demandé à devenir l'administrateur de ses utilisateurs sur ${config.brand.name}, l'espace personnel de ${config.brand.organisation}.`,
      },
      {
        type: "paragraph",
        text: "L'administrateur valide les demandes d'accès des autres utilisateurs de votre structure à nos services en ligne. En lui transmettant le code ci-dessous, vous le désignez comme administrateur et vous reconnaissez engager votre structure pour les actes accomplis dans le cadre de l'utilisation de ces services.",
      },
      {
        type: "code",
        label: "Code d'activation",
        code: formatActivationCode(code),
        hint: `Valable jusqu'au ${longDate.format(expiresAt)}, à saisir dans l'espace personnel (${config.publicUrl}), page « Ma structure ».`,
      },
      {
        type: "paragraph",
        text: "Ce courrier n'est pas nominatif : seul le code compte. Si vous recevez plusieurs courriers, seul le plus récent est valable. Si personne de votre structure ne vous a parlé de cette demande, ne transmettez pas ce code : personne ne deviendra administrateur sans lui.",
      },
    ],
  };
}
