// Regenerates src/core/accounts/common-passwords.txt: the 10,000 most common passwords of the
// ranked list shipped by @zxcvbn-ts/language-common (leaked-password frequency), plus French ones
// that list misses. Run: npx tsx scripts/make-common-passwords.ts
import { writeFileSync } from "node:fs";
import { dictionary } from "@zxcvbn-ts/language-common";

const french = [
  "azerty", "azerty123", "azertyuiop", "motdepasse", "motdepasse1", "soleil", "doudou", "chouchou",
  "loulou", "marseille", "bonjour", "jetaime", "nicolas", "julien", "camille", "coucou", "chocolat",
  "princesse", "france", "papa", "maman", "qsdfghjklm", "wxcvbn", "123soleil", "bienvenue",
];
const ranked = (dictionary["passwords-common"] as string[]).slice(0, 10_000);
const list = [...new Set([...ranked, ...french].map((word) => word.toLowerCase()))];
writeFileSync(new URL("../src/core/accounts/common-passwords.txt", import.meta.url), `${list.join("\n")}\n`);
console.log(`${list.length} mots de passe écrits.`);
