/**
 * The ALTCHA widget of `<CaptchaField>` (loaded as /static/build/captcha.js). The "external"
 * build keeps its CSS in a file (/static/build/altcha.css) and leaves the proof-of-work workers
 * to us: they load from /static/build/altcha/, so the strict CSP needs no inline code.
 */
import "altcha/external";

// The package's global typings do not resolve under NodeNext; this is the part we use.
interface AltchaRegistry {
  algorithms: Map<string, () => Worker>;
  i18n: { set(language: string, strings: Record<string, string>): void };
  defaults: { set(configuration: Record<string, unknown>): void };
}
const altcha = (globalThis as unknown as { $altcha: AltchaRegistry }).$altcha;

const worker = () => new Worker("/static/build/altcha/pbkdf2.js");
for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) {
  altcha.algorithms.set(algorithm, worker);
}

altcha.i18n.set("fr", {
  ariaLinkLabel: "ALTCHA (site officiel)",
  cancel: "Annuler",
  enterCode: "Saisissez le code",
  enterCodeAria: "Saisissez le code que vous entendez. Appuyez sur Espace pour écouter.",
  enterCodeFromImage: "Pour continuer, saisissez le code de l'image ci-dessous.",
  error: "La vérification a échoué. Cochez à nouveau la case pour réessayer.",
  expired: "La vérification a expiré. Cochez à nouveau la case.",
  footer: "",
  getAudioChallenge: "Obtenir un code audio",
  label: "Je ne suis pas un robot",
  loading: "Chargement…",
  reload: "Recommencer",
  verify: "Vérifier",
  verificationRequired: "Cochez la case « Je ne suis pas un robot » pour continuer.",
  verified: "Vérifié",
  verifying: "Vérification en cours…",
  waitAlert: "Vérification en cours, veuillez patienter.",
});

// No attribution link to a third-party site, and no pointer collection: only the proof of work.
altcha.defaults.set({ hideFooter: true, humanInteractionSignature: false });
