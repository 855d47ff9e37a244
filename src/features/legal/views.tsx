import { Table } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { complianceLabel, type AccessibilityAudit, type AuditFigures } from "../../ui/accessibility/audit.ts";

const home = { label: "Accueil", href: "/" };

/**
 * The RGAA accessibility statement, computed from the self-audit kept in the repository
 * (`ui/accessibility/audit-rgaa.json`): compliance rate, non-compliant criteria, derogations,
 * exemptions, the date and the sample of pages.
 */
export function AccessibilityPage({ ctx, audit, figures }: { ctx: PageContext; audit: AccessibilityAudit; figures: AuditFigures }) {
  const { name, organisation } = ctx.brand;
  const rate = figures.rate.toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  const date = new Date(`${audit.date}T12:00:00Z`).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" });
  const methodsUsed = [...new Set(audit.criteria.flatMap((criterion) => criterion.checkedWith))];
  return (
    <Layout ctx={ctx} title="Déclaration d'accessibilité" breadcrumb={[home, { label: "Déclaration d'accessibilité" }]}>
      <h1>Déclaration d'accessibilité</h1>
      <p class="lead">
        {organisation} s'engage à rendre ses services en ligne accessibles, conformément à l'article 47 de la loi
        n° 2005-102 du 11 février 2005.
      </p>
      <p>Cette déclaration d'accessibilité s'applique au service en ligne {name}.</p>

      <h2>État de conformité</h2>
      <p>
        <strong>{name} est {complianceLabel(figures.level)}</strong> avec le référentiel général d'amélioration de
        l'accessibilité (RGAA), version {audit.referential.replace(/^RGAA\s*/, "")}, en raison des non-conformités
        énumérées ci-dessous.
      </p>

      <h2>Résultats des tests</h2>
      <p>
        L'audit de conformité réalisé le <time datetime={audit.date}>{date}</time> par {audit.auditor} révèle que{" "}
        <strong>{rate} % des critères du RGAA sont respectés</strong> : {figures.compliant} critères conformes sur{" "}
        {figures.applicable} critères applicables (106 critères, dont {106 - figures.applicable} non applicables aux pages
        du portail).
      </p>
      <p>
        Un critère n'est déclaré conforme que s'il a été vérifié. Ce taux est celui d'une auto-évaluation de l'équipe
        qui développe le portail, pas d'un audit indépendant.
      </p>

      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités</h3>
      {figures.nonCompliant.length === 0 ? (
        <p>Aucune non-conformité n'a été relevée.</p>
      ) : (
        <ul>
          {figures.nonCompliant.map((criterion) => (
            <li>
              <strong>Critère {criterion.number}</strong> ({criterion.theme}) : {criterion.note}
            </li>
          ))}
        </ul>
      )}
      <p>
        La vérification anti-robot (demandée pour créer un compte, et pour se connecter après plusieurs essais
        infructueux) fonctionne avec ou sans JavaScript. Sans JavaScript, le formulaire ne peut être envoyé que quelques
        secondes après l'affichage de la page, et un petit nombre de fois par heure depuis une même connexion internet :
        si cette limite vous gêne, <a href="/contact">contactez-nous</a>.
      </p>
      <h3>Dérogations pour charge disproportionnée</h3>
      {audit.derogations.length === 0 ? (
        <p>Aucune.</p>
      ) : (
        <ul>
          {audit.derogations.map((item) => (
            <li>{item.content} : {item.reason}</li>
          ))}
        </ul>
      )}
      <h3>Contenus non soumis à l'obligation d'accessibilité</h3>
      {audit.exemptions.length === 0 ? (
        <p>Aucun.</p>
      ) : (
        <ul>
          {audit.exemptions.map((item) => (
            <li>{item.content} : {item.reason}</li>
          ))}
        </ul>
      )}

      <h2>Établissement de cette déclaration</h2>
      <p>
        Cette déclaration a été établie le <time datetime={audit.date}>{date}</time>. Le détail de l'audit, critère par
        critère, est conservé avec le code source du portail.
      </p>
      <h3>Technologies utilisées pour la réalisation du service</h3>
      <ul>
        <li>HTML5</li>
        <li>CSS</li>
        <li>JavaScript, en amélioration progressive : chaque page fonctionne sans lui</li>
        <li>WAI-ARIA, pour compléter la sémantique HTML lorsque c'est nécessaire</li>
      </ul>
      <h3>Environnement de test</h3>
      <ul>
        {audit.environment.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
      <p>Aucune vérification avec un lecteur d'écran n'a encore été menée.</p>
      <h3>Outils et méthodes de vérification</h3>
      <ul>
        {methodsUsed.map((method) => (
          <li>{audit.methods[method]}</li>
        ))}
      </ul>
      <h3>Pages ayant fait l'objet de la vérification</h3>
      <ul>
        {audit.sample.map((page) => (
          <li>
            {page.title} ({page.path})
          </li>
        ))}
      </ul>

      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service de {name}, contactez {organisation} pour être
        orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.
      </p>
      <p>
        <a href="/contact">Contacter {organisation}</a>
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé à {organisation} un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à
        un des services du portail et que vous n'avez pas obtenu de réponse satisfaisante, vous êtes en droit de
        faire parvenir vos doléances ou une demande de saisine au Défenseur des droits. Plusieurs moyens sont à
        votre disposition :
      </p>
      <ul>
        <li>
          écrire un message au Défenseur des droits par son{" "}
          <a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne (site du Défenseur des droits)</a> ;
        </li>
        <li>
          contacter{" "}
          <a href="https://www.defenseurdesdroits.fr/saisir/delegues">
            le délégué du Défenseur des droits dans votre région (site du Défenseur des droits)
          </a>{" "}
          ;
        </li>
        <li>
          envoyer un courrier par la poste, gratuitement, sans mettre de timbre : Défenseur des droits, Libre réponse
          71120, 75342 Paris CEDEX 07.
        </li>
      </ul>
    </Layout>
  );
}

/** The legal notice (mentions légales): publisher from the configuration, hosting told by the operator. */
export function LegalNoticePage({ ctx }: { ctx: PageContext }) {
  const { name, organisation } = ctx.brand;
  return (
    <Layout ctx={ctx} title="Mentions légales" breadcrumb={[home, { label: "Mentions légales" }]}>
      <h1>Mentions légales</h1>

      <h2>Éditeur</h2>
      <p>
        Le service en ligne {name} est édité par {organisation}, qui en est responsable et en assure la direction
        de la publication.
      </p>

      <h2>Hébergement</h2>
      <p>
        {name} est hébergé par le prestataire choisi par {organisation}. Les coordonnées de l'hébergeur (nom,
        adresse, téléphone) sont renseignées ici par {organisation}, exploitant de ce déploiement.
      </p>

      <h2>Logiciel</h2>
      <p>
        {name} fonctionne avec Guichet, un logiciel libre publié sous la licence publique de l'Union européenne
        (EUPL 1.2) : chacun peut l'utiliser, l'étudier, le modifier et le redistribuer.
      </p>

      <h2>Propriété des contenus</h2>
      <p>
        Sauf mention contraire, les textes publiés sur {name} appartiennent à {organisation}. Leur reproduction est
        autorisée à condition d'en citer la source.
      </p>

      <h2>Accessibilité</h2>
      <p>
        L'état de conformité du service au référentiel général d'amélioration de l'accessibilité est décrit dans la{" "}
        <a href="/accessibilite">déclaration d'accessibilité</a>.
      </p>

      <h2>Données personnelles</h2>
      <p>
        L'usage que {organisation} fait de vos données et la manière d'exercer vos droits sont décrits sur la page{" "}
        <a href="/donnees-personnelles">Données personnelles</a>.
      </p>
    </Layout>
  );
}

export interface CookieDescription {
  name: string;
  purpose: string;
  lifetime: string;
}

/** The personal data notice (RGPD articles 13 and 14): what is kept, why, how long, and the person's rights. */
export function PersonalDataPage({ ctx, cookies, sessionIdleMinutes, sessionMaxHours }: {
  ctx: PageContext;
  cookies: CookieDescription[];
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}) {
  const { name, organisation } = ctx.brand;
  return (
    <Layout ctx={ctx} title="Données personnelles" breadcrumb={[home, { label: "Données personnelles" }]}>
      <h1>Données personnelles</h1>
      <p class="lead">
        {organisation} est responsable du traitement des données personnelles recueillies par {name}. Cette page
        explique quelles données sont conservées, pourquoi, combien de temps, et comment exercer vos droits.
      </p>

      <h2>Données conservées avec votre compte</h2>
      <ul>
        <li>votre identité : civilité, nom, prénom et identifiant de connexion ;</li>
        <li>votre adresse électronique ;</li>
        <li>
          votre mot de passe, jamais en clair : seule une empreinte calculée par l'algorithme Argon2id est conservée,
          ainsi que les empreintes de vos 5 derniers mots de passe pour vous empêcher de les réutiliser ;
        </li>
        <li>
          vos sessions de connexion : date, adresse IP et navigateur utilisé. Une session se ferme après{" "}
          {sessionIdleMinutes} minutes d'inactivité et dure {sessionMaxHours} heures au plus ;
        </li>
        <li>
          le journal des événements de sécurité de votre compte : connexions, échecs de connexion, changements de mot
          de passe ou d'adresse électronique, avec la date et l'adresse IP.
        </li>
      </ul>

      <h2>Finalités</h2>
      <p>Ces données servent uniquement à :</p>
      <ul>
        <li>créer votre compte, vous identifier et vous permettre de vous connecter ;</li>
        <li>vous envoyer les messages nécessaires : activation du compte, réinitialisation du mot de passe, alertes de sécurité ;</li>
        <li>protéger votre compte et le service contre les accès frauduleux ;</li>
        <li>vous donner accès aux services en ligne de {organisation} et traiter vos demandes.</li>
      </ul>
      <p>Elles ne sont ni vendues, ni utilisées à des fins publicitaires.</p>

      <h2>Base légale</h2>
      <p>
        Le traitement est nécessaire à l'exécution de la mission d'intérêt public dont est investi {organisation}{" "}
        (article 6, paragraphe 1, point e du règlement général sur la protection des données, RGPD). Les sessions et
        le journal de sécurité répondent en outre à l'obligation d'assurer la sécurité des données (article 32 du
        RGPD).
      </p>

      <h2>Durées de conservation</h2>
      <ul>
        <li>les données de votre compte sont conservées tant que votre compte existe, et effacées lorsque vous le supprimez ;</li>
        <li>une session est conservée {sessionMaxHours} heures au plus ;</li>
        <li>
          le journal des événements de sécurité ne peut être ni modifié ni effacé par le service : il est conservé
          pendant la durée fixée par {organisation} pour la sécurité du service.
        </li>
      </ul>

      <h2>Vos droits</h2>
      <p>
        Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation, d'opposition et de
        portabilité de vos données. Depuis <a href="/mon-compte">Mon compte</a>, vous pouvez directement :
      </p>
      <ul>
        <li>modifier votre identité, votre adresse électronique et votre mot de passe ;</li>
        <li>« Télécharger mes données » : obtenir une copie de toutes les données de votre compte ;</li>
        <li>« Supprimer mon compte » : effacer votre compte et les données qui y sont rattachées.</li>
      </ul>
      <p>
        Pour toute autre demande, ou pour joindre le délégué à la protection des données de {organisation},{" "}
        <a href="/contact">contactez {organisation}</a>. Si vous estimez, après nous avoir contactés, que vos droits ne
        sont pas respectés, vous pouvez adresser une{" "}
        <a href="https://www.cnil.fr/fr/adresser-une-plainte">réclamation à la CNIL (site de la CNIL)</a>.
      </p>

      <h2>Cookies</h2>
      <p>
        {name} ne dépose que des cookies strictement nécessaires à son fonctionnement, qui ne demandent pas votre
        consentement. Aucun cookie de mesure d'audience, de publicité ou de réseau social n'est utilisé.
      </p>
      <Table
        caption="Cookies déposés par le service"
        headers={["Nom", "Utilité", "Durée"]}
        rows={cookies.map((cookie) => [<code>{cookie.name}</code>, cookie.purpose, cookie.lifetime])}
      />
    </Layout>
  );
}
