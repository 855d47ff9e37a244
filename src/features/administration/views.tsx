import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

/** Administration tools, each with what it is for. */
const tools = [
  {
    href: "/administration/administrateurs",
    title: "Administrateurs du portail",
    text: "Créer un administrateur du portail : il reçoit par courriel son identifiant et un mot de passe temporaire à changer à sa première connexion.",
  },
  {
    href: "/administration/journal",
    title: "Journal des actions",
    text: "Les actions enregistrées par le portail (connexions, comptes créés, décisions…) : les filtrer par personne, par action et par dates, les télécharger en CSV.",
  },
  {
    href: "/administration/statistiques",
    title: "Statistiques",
    text: "Les demandes du portail et de chaque démarche : par mois ou par semaine, des demandes commencées aux décisions, délais de traitement, demandes à traiter par ancienneté et par groupe d'instructeurs ; chaque tableau téléchargeable en CSV.",
  },
  {
    href: "/administration/courriers",
    title: "Courriers à envoyer",
    text: "Les courriers postaux produits par le portail (codes d'activation…) : les télécharger, les marquer comme postés.",
  },
  {
    href: "/administration/comptes-partenaires",
    title: "Comptes partenaires",
    text: "Les comptes « Mon Compte Partenaire » des bailleurs : les créer (identifiant LOG…, premier mot de passe envoyé par courrier), voir les derniers créés.",
  },
  {
    href: "/administration/api",
    title: "API et webhooks des partenaires",
    text: "Les systèmes partenaires de l'API : leurs jetons (créés, révoqués), leurs webhooks signés, chaque envoi avec ses tentatives.",
  },
  {
    href: "/administration/structures",
    title: "Registre des structures",
    text: "Les structures connues de l'organisme (numéro client, SIRET, représentant légal, adresse) et leur import depuis un fichier CSV.",
  },
  {
    href: "/administration/guichets-d-accueil",
    title: "Guichets d'accueil",
    text: "Les guichets où les usagers sont reçus (adresse, horaires, téléphone, services) : les ajouter, les modifier, les supprimer, ou charger la liste complète depuis un fichier CSV.",
  },
  {
    href: "/administration/services",
    title: "Services",
    text: "Le catalogue des services : qui y accède, qui accorde l'habilitation, leurs conditions particulières d'utilisation et leurs versions.",
  },
  {
    href: "/administration/habilitations",
    title: "Habilitations",
    text: "Les demandes d'habilitation aux services dont les administrateurs du portail décident : les valider, les refuser, les désactiver.",
  },
  {
    href: "/administration/actualites",
    title: "Actualités et présentation",
    text: "La page d'accueil : le texte qui présente le portail, et les actualités (informations ou annonces importantes) à publier, avec leurs dates d'affichage.",
  },
  {
    href: "/administration/demarches",
    title: "Démarches",
    text: "Les démarches proposées en ligne (logement social, aides, prêts, déclarations) : charger leurs définitions, publier une nouvelle version, clore une démarche.",
  },
  {
    href: "/administration/agents",
    title: "Agents instructeurs",
    text: "Les agents qui instruisent les demandes : les créer (avec un mot de passe temporaire), les rattacher à une démarche ou les en détacher.",
  },
  {
    href: "/administration/logement-social",
    title: "Logement social : plafonds et parc",
    text: "Les plafonds de ressources de l'année (PLAI, PLUS, PLS) du test « Suis-je éligible ? » et le parc de logements sociaux par commune des « Offres par commune » : les charger depuis un fichier CSV.",
  },
  {
    href: "/administration/support",
    title: "Support",
    text: "Les questions posées par le formulaire de contact : nombre par statut, délais de première réponse, et les agents du support qui y répondent (les ajouter, les retirer).",
  },
  {
    href: "/administration/partenaires",
    title: "Services partenaires (connexion unique)",
    text: "Les applications des partenaires où les usagers arrivent connectés par le portail (OpenID Connect) : les enregistrer, régénérer leur secret, les supprimer.",
  },
  {
    href: "/administration/aide",
    title: "Aide « Comment ça marche ? »",
    text: "Les thèmes et les articles d'aide : les écrire en Markdown, les prévisualiser, les publier, les ordonner, et voir si les réponses ont aidé.",
  },
];

export function AdministrationPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Administration du portail" breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Administration du portail" }]}>
      <h1>Administration du portail</h1>
      <ul class="link-list">
        {tools.map((tool) => (
          <li>
            <a href={tool.href}>{tool.title}</a>
            <p class="field__hint">{tool.text}</p>
          </li>
        ))}
      </ul>
      <p>
        Les comptes d'administrateur se créent aussi en ligne de commande : <code>npm run guichet -- create-admin</code>.
      </p>
    </Layout>
  );
}
