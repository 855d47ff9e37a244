import { Alert, Button, Checkbox, EmailInput, ErrorSummary, Form, PasswordInput, SummaryList, Table, Tag } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { Drawing } from "../../ui/panels.ts";
import { civilityLabels } from "../../core/accounts/identity-fields.tsx";
import { birthIdentityRows, VerifiedMention } from "./identity-views.tsx";
import type { EmailChangeProblem } from "./confirm-email-change.ts";
import type { MyAccount } from "./describe-my-account.ts";

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

function DateTime({ date }: { date: Date }) {
  return <time datetime={date.toISOString()}>{dateFormat.format(date)}</time>;
}


const myAccountCrumb = { label: "Mon compte", href: "/mon-compte" };
const home = { label: "Accueil", href: "/" };

export function MyAccountPage({ ctx, account, identity, partner, sessions, sections }: MyAccount & { sections: Drawing[]; ctx: PageContext }) {
  const others = sessions.filter((session) => !session.current).length;
  return (
    <Layout ctx={ctx} title="Mon compte" breadcrumb={[home, { label: "Mon compte" }]}>
      <h1>Mon compte</h1>

      <section aria-labelledby="mes-informations">
        <h2 id="mes-informations">Mes informations</h2>
        {identity.verified ? <VerifiedMention /> : null}
        <SummaryList
          rows={[
            ["Civilité", civilityLabels[account.civility] ?? account.civility],
            ["Nom", account.lastName],
            ["Prénom", account.firstName],
            ...birthIdentityRows(identity),
            ["Identifiant", account.identifier],
            ["Adresse électronique", account.email],
          ]}
        />
        {partner ? (
          <SummaryList
            rows={[
              ["Numéro utilisateur", partner.userNumber],
              ["Adresse postale de vos courriers", <>{partner.address.map((line, index) => (index === 0 ? line : <><br />{line}</>))}</>],
            ]}
          />
        ) : null}
        <ul class="link-list">
          <li><a href="/mon-compte/mes-informations">Modifier mes informations</a></li>
          <li><a href="/mon-compte/adresse-electronique">Modifier mon adresse électronique</a></li>
          <li><a href="/mon-compte/mot-de-passe">Modifier mon mot de passe</a></li>
        </ul>
      </section>

      {sections.map((draw) => draw(ctx))}

      <section aria-labelledby="mes-sessions">
        <h2 id="mes-sessions">Mes sessions</h2>
        <p>
          Voici les appareils sur lesquels votre compte est ouvert. Une session se ferme après 30 minutes d'inactivité et au plus
          tard 12 heures après la connexion. Si vous ne reconnaissez pas l'une d'elles, fermez-la et modifiez votre mot de passe.
        </p>
        <Table
          caption={`Sessions ouvertes sur votre compte (${sessions.length})`}
          headers={["Navigateur", "Ouverte le", "Dernière activité", "Adresse IP"]}
          rows={sessions.map((session) => [
            <>
              {session.browser}
              {session.current ? (
                <>
                  {" "}
                  <Tag tone="info">Cette session</Tag>
                </>
              ) : null}
            </>,
            <DateTime date={session.createdAt} />,
            <DateTime date={session.lastSeenAt} />,
            session.ip,
          ])}
        />
        {others > 0 ? (
          <Form action="/mon-compte/sessions/fermer-les-autres" csrfToken={ctx.csrfToken}>
            <Button variant="secondary">Fermer mes autres sessions</Button>
          </Form>
        ) : (
          <p>Aucune autre session n'est ouverte sur votre compte.</p>
        )}
      </section>

      <section aria-labelledby="mes-donnees">
        <h2 id="mes-donnees">Mes données</h2>
        <p>
          Vous pouvez obtenir une copie de toutes les données de votre compte, dans un fichier au format JSON : vos informations,
          vos sessions, le journal de sécurité de votre compte et les courriels qui vous ont été envoyés.
        </p>
        <p>
          <a href="/mon-compte/mes-donnees.json" download>
            Télécharger mes données (fichier JSON)
          </a>
        </p>
        <p>
          <a href="/mon-compte/supprimer">Supprimer mon compte</a>
        </p>
      </section>
    </Layout>
  );
}

const emailLabels = {
  newEmail: "Nouvelle adresse électronique",
  newEmailConfirmation: "Confirmation de la nouvelle adresse électronique",
  password: "Mot de passe",
};

export function EmailChangePage({ ctx, currentEmail, values, errors }: { ctx: PageContext; currentEmail: string; values: FormValues; errors: FieldErrors }) {
  return (
    <Layout
      ctx={ctx}
      title="Modifier mon adresse électronique"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[home, myAccountCrumb, { label: "Modifier mon adresse électronique" }]}
    >
      <div class="narrow">
        <h1>Modifier mon adresse électronique</h1>
        <p>
          Pour valider cette modification, vous recevrez à la nouvelle adresse un courriel contenant un lien, valable 24 heures.
          Votre adresse ne changera qu'après avoir suivi ce lien. Tous les champs sont obligatoires.
        </p>
        <ErrorSummary errors={errors} labels={emailLabels} />
        <SummaryList rows={[["Adresse électronique du compte", currentEmail]]} />
        <Form action="/mon-compte/adresse-electronique" csrfToken={ctx.csrfToken}>
          <EmailInput
            name="newEmail"
            label="Nouvelle adresse électronique"
            hint="Format attendu : nom@exemple.fr"
            value={values.newEmail}
            error={errors.newEmail}
          />
          <EmailInput
            name="newEmailConfirmation"
            label="Confirmation de la nouvelle adresse électronique"
            value={values.newEmailConfirmation}
            error={errors.newEmailConfirmation}
          />
          <PasswordInput
            name="password"
            label="Mot de passe"
            hint="Vous devez également saisir votre mot de passe afin de pouvoir modifier votre adresse électronique."
            error={errors.password}
            autocomplete="current-password"
          />
          <Button>Valider</Button>
        </Form>
        <p>
          <a href="/mon-compte">Retour à mon compte</a>
        </p>
      </div>
    </Layout>
  );
}

const emailProblems: Record<EmailChangeProblem, { title: string; text: string }> = {
  expired: {
    title: "Ce lien de confirmation a expiré",
    text: "Les liens de confirmation d'une nouvelle adresse électronique sont valables 24 heures. Votre adresse n'a pas été modifiée : faites une nouvelle demande depuis votre compte.",
  },
  used: {
    title: "Ce lien de confirmation a déjà été utilisé",
    text: "Votre nouvelle adresse électronique a sans doute déjà été enregistrée : vérifiez-la dans votre compte.",
  },
  unknown: {
    title: "Ce lien de confirmation n'est pas valide",
    text: "Le lien est incomplet ou a été remplacé par une demande plus récente. Vérifiez que vous avez copié l'adresse entière, ou faites une nouvelle demande depuis votre compte.",
  },
  taken: {
    title: "Cette adresse électronique est déjà utilisée",
    text: "Depuis votre demande, un autre compte s'est mis à utiliser cette adresse électronique. Une adresse ne peut servir qu'à un seul compte : votre adresse n'a pas été modifiée.",
  },
};

export function EmailChangeProblemPage({ ctx, problem }: { ctx: PageContext; problem: EmailChangeProblem }) {
  const { title, text } = emailProblems[problem];
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/mon-compte/adresse-electronique">Modifier mon adresse électronique</a>
        </p>
      </div>
    </Layout>
  );
}

const passwordLabels = {
  currentPassword: "Mot de passe actuel",
  newPassword: "Nouveau mot de passe",
  newPasswordConfirmation: "Confirmation du nouveau mot de passe",
};

export function PasswordChangePage({ ctx, errors }: { ctx: PageContext; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Modifier mon mot de passe" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, myAccountCrumb, { label: "Modifier mon mot de passe" }]}>
      <div class="narrow">
        <h1>Modifier mon mot de passe</h1>
        <p>
          Vous pouvez modifier ci-dessous votre mot de passe. Veillez à bien respecter les minuscules et majuscules. Tous les champs
          sont obligatoires. Vos autres sessions seront fermées.
        </p>
        <ErrorSummary errors={errors} labels={passwordLabels} />
        <Form action="/mon-compte/mot-de-passe" csrfToken={ctx.csrfToken}>
          <PasswordInput name="currentPassword" label="Mot de passe actuel" error={errors.currentPassword} autocomplete="current-password" />
          <PasswordInput name="newPassword" label="Nouveau mot de passe" error={errors.newPassword} autocomplete="new-password" showRules />
          <PasswordInput name="newPasswordConfirmation" label="Confirmation du nouveau mot de passe" error={errors.newPasswordConfirmation} autocomplete="new-password" />
          <Button>Valider</Button>
        </Form>
        <p>
          <a href="/mon-compte">Retour à mon compte</a>
        </p>
      </div>
    </Layout>
  );
}

const deletionLabels = { password: "Mot de passe", confirmation: "Confirmation de la suppression" };

export function DeletionPage({ ctx, values, errors }: { ctx: PageContext; values: FormValues; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Supprimer mon compte" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, myAccountCrumb, { label: "Supprimer mon compte" }]}>
      <div class="narrow">
        <h1>Supprimer mon compte</h1>
        <ErrorSummary errors={errors} labels={deletionLabels} />
        <Alert type="warning" title="La suppression est définitive">
          <p>Une fois votre compte supprimé, vous ne pourrez plus vous connecter et rien ne pourra être récupéré.</p>
        </Alert>
        <p>Seront effacés :</p>
        <ul>
          <li>votre identifiant, votre civilité, vos nom et prénom, votre adresse électronique et votre mot de passe ;</li>
          <li>vos sessions ouvertes, sur tous vos appareils ;</li>
          <li>les liens en cours (activation, modification d'adresse, réinitialisation du mot de passe) ;</li>
          <li>les copies des courriels qui vous ont été envoyés.</li>
        </ul>
        <p>
          Le journal de sécurité garde la trace des événements de votre compte (connexions, modifications), sans votre nom ni votre
          adresse électronique. Un dernier courriel vous confirmera la suppression.
        </p>
        <p>
          Avant de supprimer votre compte, vous pouvez <a href="/mon-compte/mes-donnees.json" download>télécharger vos données</a>.
        </p>
        <Form action="/mon-compte/supprimer" csrfToken={ctx.csrfToken}>
          <PasswordInput
            name="password"
            label="Mot de passe"
            hint="Saisissez votre mot de passe pour confirmer qu'il s'agit bien de vous."
            error={errors.password}
            autocomplete="current-password"
          />
          <Checkbox name="confirmation" checked={values.confirmation === "oui"} error={errors.confirmation} label="Je confirme vouloir supprimer définitivement mon compte" />
          <Button variant="danger">Supprimer mon compte</Button>
        </Form>
        <p>
          <a href="/mon-compte">Annuler et revenir à mon compte</a>
        </p>
      </div>
    </Layout>
  );
}
