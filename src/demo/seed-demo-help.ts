import { listThemes, insertTheme } from "../core/help/queries.ts";
import { saveArticle } from "../core/help/save-article.ts";
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";

/**
 * "Comment ça marche ?" of the demo: the themes of seed 003's portal (créer sa première demande,
 * joindre ses pièces, modifier une demande, les délais, renouveler), with articles written for
 * the demo procedures of procedures/ — whose steps and fields link to some of them by
 * `article_aide`. Seeded once: a help that has any theme is left to its admins.
 */
export const demoHelp: { theme: string; articles: { slug: string; title: string; body: string }[] }[] = [
  {
    theme: "Je crée une première demande",
    articles: [
      {
        slug: "deposer-une-premiere-demande-de-logement-social",
        title: "Déposer une première demande de logement social",
        body: `Pour déposer une demande de logement social en ligne, il vous faut un compte sur ce portail : choisissez **Créer un compte**, ou **S'identifier avec FranceConnect**.

## Les étapes

1. Dans **Démarches**, choisissez **Demande de logement social** puis **Commencer ma demande**.
2. Remplissez les étapes dans l'ordre : informations générales, demandeurs, composition du foyer, situation professionnelle, revenu fiscal, ressources mensuelles, logement actuel, motifs et souhaits.
3. À chaque étape, joignez les pièces justificatives demandées (voir [les pièces à préparer](/comment-ca-marche/pieces-justificatives-logement-social)).
4. Quand les informations minimales sont renseignées (la commune souhaitée), le bouton **Déposer ma demande** apparaît.

Vous recevez par courriel un accusé de dépôt avec le **numéro de votre demande** : gardez-le, il vous sera demandé pour tout échange avec le service.

## Bon à savoir

- Une seule demande suffit par foyer : les personnes qui vivront avec vous sont déclarées comme co-demandeurs ou personnes à charge.
- Vous pouvez vous arrêter à tout moment et reprendre plus tard : voir [Enregistrer ma demande et la poursuivre plus tard](/comment-ca-marche/poursuivre-ma-demande-plus-tard).`,
      },
      {
        slug: "ou-trouver-mon-revenu-fiscal-de-reference",
        title: "Où trouver mon revenu fiscal de référence ?",
        body: `Le **revenu fiscal de référence** figure en première page de votre **avis d'impôt sur le revenu**, dans le cadre « Vos références », même si vous n'êtes pas imposable.

Pour une demande de logement social, c'est celui de l'**avant-dernière année** (année N-2) qui compte : pour une demande déposée en 2026, l'avis reçu en 2025 sur les revenus de 2024.

- Vous l'avez perdu ? Il est téléchargeable dans votre espace particulier sur [impots.gouv.fr](https://www.impots.gouv.fr).
- Vous n'avez pas déclaré vos revenus en France ? Indiquez 0 et joignez un justificatif de vos ressources.

Indiquez aussi le **nombre de parts fiscales**, écrit sur le même avis. Joignez l'avis à l'étape **Revenu fiscal** (pièce « Avis impôts »).`,
      },
      {
        slug: "poursuivre-ma-demande-plus-tard",
        title: "Enregistrer ma demande et la poursuivre plus tard",
        body: `Une demande se remplit en plusieurs fois : rien ne vous oblige à tout saisir en une seule visite.

- Le bouton **Poursuivre plus tard** enregistre l'étape en cours, même incomplète, et vous ramène à **Mes demandes**.
- Avec JavaScript, vos réponses sont aussi enregistrées au fur et à mesure que vous les saisissez.
- Pour reprendre, connectez-vous puis ouvrez **Mes demandes** : votre demande y figure au statut **Brouillon**.

Un brouillon n'est pas transmis au service : seule une demande **déposée** est instruite.`,
      },
    ],
  },
  {
    theme: "Je joins mes pièces justificatives",
    articles: [
      {
        slug: "formats-et-taille-des-pieces-jointes",
        title: "Quels formats et quelle taille pour les pièces jointes ?",
        body: `Chaque pièce demandée indique les formats acceptés et la taille maximale du fichier.

| Démarche | Formats | Taille maximale |
|---|---|---|
| Demande de logement social | PDF, JPEG, PNG | 10 Mo |
| Aide régionale aux projets des associations | PDF, JPEG, PNG | 10 Mo |
| Demande de prêt sur fonds d'épargne | PDF (plan de financement : PDF, XLSX ou ODS) | 20 Mo (RIB : 10 Mo) |

## Conseils

- Une photo prise avec un téléphone convient, si le document est **entier, net et lisible**.
- Un document de plusieurs pages (avis d'impôt, livret de famille) se joint de préférence en **un seul fichier PDF**.
- Le format est vérifié d'après le contenu du fichier, pas seulement son nom : un fichier renommé en « .pdf » est refusé.
- **Enregistrez vos réponses avant de joindre un fichier** : joindre un fichier recharge la page.`,
      },
      {
        slug: "pieces-justificatives-logement-social",
        title: "Quelles pièces justificatives préparer pour une demande de logement social ?",
        body: `Préparez ces documents avant de commencer, en PDF ou en photo lisible :

- une **pièce d'identité** (carte d'identité, passeport ou titre de séjour) pour vous et pour chaque co-demandeur ;
- le **livret de famille** si des enfants vivront avec vous, un **certificat de grossesse** si vous attendez un enfant ;
- l'**avis d'impôt** de l'année N-2 de chaque personne majeure (voir [où trouver mon revenu fiscal de référence](/comment-ca-marche/ou-trouver-mon-revenu-fiscal-de-reference)) ;
- vos derniers **bulletins de salaire** ou une **attestation** de vos ressources (chômage, retraite, prestations) ;
- une **quittance de loyer** récente, ou une **attestation d'hébergement** si vous êtes hébergé ;
- un **justificatif de handicap** si vous demandez un logement adapté.

Les pièces ne sont pas toutes obligatoires pour déposer la demande, mais une demande complète est instruite plus vite.`,
      },
      {
        slug: "repondre-a-une-demande-de-pieces-complementaires",
        title: "Répondre à une demande de pièces complémentaires",
        body: `Pendant l'instruction, le service peut vous demander des **pièces complémentaires** : un document manquant, illisible ou non conforme. Vous recevez alors un courriel.

1. Connectez-vous et ouvrez votre demande dans **Mes demandes**.
2. La demande du service indique les pièces attendues et, le cas échéant, pourquoi un fichier a été jugé non conforme.
3. Joignez les nouveaux fichiers, puis validez votre réponse.

Le message « Votre réponse a bien été transmise » confirme l'envoi. Tant qu'une demande de pièces est ouverte, le service ne peut pas rendre sa décision : répondez rapidement.`,
      },
    ],
  },
  {
    theme: "Je modifie ma demande",
    articles: [
      {
        slug: "modifier-une-demande",
        title: "Modifier une demande avant ou après son dépôt",
        body: `**Avant le dépôt**, votre demande est un brouillon : ouvrez-la dans **Mes demandes** et modifiez librement chaque étape.

**Après le dépôt**, la demande est transmise au service instructeur et n'est plus modifiable directement, pour que le service instruise ce que vous avez déclaré. Si votre situation change (naissance, nouvel emploi, déménagement) :

- écrivez au service depuis la **Messagerie** de votre demande ;
- le service peut alors vous proposer une **modification** : les étapes concernées sont rouvertes, vous les corrigez puis cliquez sur **Envoyer ma contribution**. Un récapitulatif des changements vous est envoyé par courriel.

Gardez votre numéro de demande à portée de main pour tout échange.`,
      },
      {
        slug: "abandonner-une-demande",
        title: "Abandonner une demande",
        body: `Vous avez trouvé un logement ou vous ne souhaitez plus donner suite ? Ouvrez votre demande dans **Mes demandes**, puis choisissez **Abandonner ma demande** et confirmez.

Une demande abandonnée n'est plus instruite et ne peut pas être reprise : si votre besoin revient, déposez une nouvelle demande.`,
      },
    ],
  },
  {
    theme: "Les délais",
    articles: [
      {
        slug: "delais-de-traitement",
        title: "Combien de temps faut-il pour obtenir une réponse ?",
        body: `Le délai dépend de la démarche et, pour un logement social, surtout de la **commune demandée** et de la **taille du logement** : dans les communes où les demandes sont nombreuses, l'attente se compte en mois, parfois en années.

- Dès le dépôt, vous recevez un **accusé de dépôt** par courriel, avec le numéro de votre demande.
- Le statut de votre demande (déposée, en instruction, acceptée, refusée) est visible à tout moment dans **Mes demandes**, avec son historique.
- Une demande **complète** (toutes les pièces jointes) est instruite plus vite : le service n'a pas à vous relancer.

Élargir vos souhaits (plusieurs communes, plusieurs types de logement) augmente vos chances de recevoir une proposition.`,
      },
    ],
  },
  {
    theme: "Je renouvelle ma demande",
    articles: [
      {
        slug: "renouveler-ma-demande-de-logement-social",
        title: "Renouveler ma demande de logement social chaque année",
        body: `Une demande de logement social est valable **un an** à compter de son dépôt. Pour garder votre ancienneté, elle doit être **renouvelée chaque année**, avant sa date anniversaire : sans renouvellement, elle est radiée. Notez cette date dès le dépôt (elle figure sur l'accusé de dépôt et dans **Mes demandes**).

Pour renouveler votre demande, dans le mois qui précède sa date anniversaire :

1. connectez-vous et ouvrez votre demande dans **Mes demandes** ;
2. écrivez au service depuis la **Messagerie** de la demande que vous souhaitez la renouveler, en signalant ce qui a changé (composition du foyer, ressources, souhaits) ;
3. joignez à votre message votre **dernier avis d'impôt**.

Le service renouvelle la demande : elle garde son numéro et son ancienneté. S'il a besoin de mettre à jour vos réponses, il vous propose une modification (voir [Modifier une demande](/comment-ca-marche/modifier-une-demande)).`,
      },
    ],
  },
];

/** Creates the demo help the first time (no theme yet): themes in order, articles published. */
export async function seedDemoHelp(deps: { db: Db; clock: Clock }): Promise<void> {
  if ((await listThemes(deps.db)).length > 0) return;
  for (const entry of demoHelp) {
    const theme = await insertTheme(deps.db, { title: entry.theme, createdAt: deps.clock.now() });
    for (const article of entry.articles) await saveArticle(deps, { themeId: theme.id, title: article.title, slug: article.slug, body: article.body, status: "published" });
  }
}
