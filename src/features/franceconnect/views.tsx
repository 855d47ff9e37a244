import { Alert, Button, ButtonLink, Checkbox, EmailInput, ErrorSummary, Form, PasswordInput, SummaryList } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { FranceConnectButton } from "../../ui/franceconnect-button.tsx";
import { Layout } from "../../ui/layout.tsx";
import { findCommune } from "../../platform/french/communes.ts";
import type { PivotIdentity } from "./pivot.ts";

const home = { label: "Accueil", href: "/" };
const myAccount = { label: "Mon compte", href: "/mon-compte" };

const longDate = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });

function birthDate(isoDate: string) {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

function birthPlace(identity: PivotIdentity) {
  if (identity.birthcountry !== "99100") return `À l'étranger (pays de code INSEE ${identity.birthcountry})`;
  const commune = findCommune(identity.birthplace);
  return commune ? `${commune.nom} (${commune.departement})` : `Commune de code INSEE ${identity.birthplace}`;
}

/** What FranceConnect vouches for, as the person reads it before creating or linking their account. */
function VerifiedIdentity({ identity }: { identity: PivotIdentity }) {
  return (
    <section aria-labelledby="identite-verifiee">
      <h2 id="identite-verifiee">Votre identité vérifiée par FranceConnect</h2>
      <SummaryList
        rows={[
          ["Nom de naissance", identity.familyName],
          ...(identity.preferredUsername ? [["Nom d'usage", identity.preferredUsername] as [string, string]] : []),
          ["Prénoms", identity.givenName],
          ["Sexe", identity.gender === "female" ? "Féminin" : "Masculin"],
          ["Date de naissance", birthDate(identity.birthdate)],
          ["Lieu de naissance", birthPlace(identity)],
        ]}
      />
      <p>Ces informations viennent de FranceConnect : elles ne pourront pas être modifiées sur ce portail.</p>
    </section>
  );
}

export function AboutFranceConnectPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Qu'est-ce que FranceConnect ?" breadcrumb={[home, { label: "Qu'est-ce que FranceConnect ?" }]}>
      <div class="narrow">
        <h1>Qu'est-ce que FranceConnect ?</h1>
        <p class="lead">
          FranceConnect est la solution proposée par l'État pour simplifier la connexion aux services en ligne : vous vous
          identifiez avec un compte que vous avez déjà (impots.gouv.fr, ameli.fr, l'Identité Numérique La Poste, MSA, etc.).
        </p>
        <h2>Ce que {ctx.brand.name} reçoit</h2>
        <p>
          Avec votre accord, FranceConnect transmet votre identité : nom de naissance, nom d'usage, prénoms, sexe, date et lieu de
          naissance, ainsi que votre adresse électronique. Votre mot de passe n'est jamais transmis.
        </p>
        <h2>Ce que cela change pour vous</h2>
        <ul>
          <li>Vous n'avez pas de mot de passe supplémentaire à retenir.</li>
          <li>Votre identité est vérifiée : vous n'avez pas à la saisir, elle ne peut pas être modifiée sur ce portail.</li>
          <li>Vous pouvez relier FranceConnect à un compte que vous avez déjà, puis le délier depuis « Mon compte ».</li>
        </ul>
        <h2>Sans FranceConnect</h2>
        <p>
          FranceConnect n'est pas obligatoire : vous pouvez toujours <a href="/creer-un-compte">créer un compte</a> avec un identifiant
          et un mot de passe, et <a href="/connexion">vous connecter</a> avec eux.
        </p>
      </div>
    </Layout>
  );
}

export interface FinishPageProps {
  identity: PivotIdentity;
  values: FormValues;
  errors: FieldErrors;
}

export function FinishAccountPage({ ctx, identity, values, errors }: FinishPageProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Finaliser la création de votre compte" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, { label: "Finaliser la création de votre compte" }]}>
      <div class="narrow">
        <h1>Finaliser la création de votre compte</h1>
        <p class="lead">Vous vous êtes identifié avec FranceConnect. Il reste à confirmer votre adresse électronique.</p>
        <ErrorSummary errors={errors} labels={{ email: "Adresse électronique", terms: "Conditions générales d'utilisation" }} />
        <VerifiedIdentity identity={identity} />
        <h2>Votre compte</h2>
        <Form action="/franceconnect/finaliser" csrfToken={ctx.csrfToken}>
          <EmailInput
            name="email"
            label="Adresse électronique"
            hint="Celle transmise par FranceConnect, que vous pouvez changer. Un lien vous y sera envoyé pour activer votre compte."
            value={values.email}
            error={errors.email}
          />
          <Checkbox
            name="terms"
            checked={values.terms === "oui"}
            error={errors.terms}
            label={
              <>
                J'accepte les <a href="/conditions-generales-d-utilisation">conditions générales d'utilisation</a>
              </>
            }
          />
          <Button>Créer mon compte</Button>
        </Form>
        <h2>Vous avez déjà un compte ?</h2>
        <p>Connectez-vous avec votre identifiant et votre mot de passe : vous pourrez ensuite le relier à FranceConnect.</p>
        <p>
          <ButtonLink href="/connexion?retour=%2Ffranceconnect%2Frelier" variant="secondary">
            J'ai déjà un compte, je me connecte
          </ButtonLink>
        </p>
      </div>
    </Layout>
  );
}

export function LinkExistingAccountPage({ ctx, identity }: { ctx: PageContext; identity: PivotIdentity }) {
  return (
    <Layout ctx={ctx} title="Relier votre compte à FranceConnect" breadcrumb={[home, myAccount, { label: "Relier votre compte à FranceConnect" }]}>
      <div class="narrow">
        <h1>Relier votre compte à FranceConnect</h1>
        <p class="lead">
          Vous êtes connecté avec le compte <strong>{ctx.account?.identifier}</strong>. Une fois relié, vous pourrez vous y connecter
          avec FranceConnect.
        </p>
        <VerifiedIdentity identity={identity} />
        <p>Votre nom, vos prénoms, votre civilité, votre date et votre lieu de naissance seront remplacés par ceux-ci.</p>
        <Form action="/franceconnect/relier" csrfToken={ctx.csrfToken}>
          <Button>Relier mon compte à FranceConnect</Button>
        </Form>
        <p>
          <a href="/mon-compte">Ne pas relier mon compte</a>
        </p>
      </div>
    </Layout>
  );
}

export function UnlinkPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Délier FranceConnect" breadcrumb={[home, myAccount, { label: "Délier FranceConnect" }]}>
      <div class="narrow">
        <h1>Délier FranceConnect</h1>
        <p>
          Vous ne pourrez plus vous connecter à votre compte avec FranceConnect, seulement avec votre identifiant et votre mot de
          passe. Votre identité restera enregistrée, et vous pourrez de nouveau la modifier. Vous pourrez relier FranceConnect à
          nouveau plus tard.
        </p>
        <Form action="/mon-compte/franceconnect/delier" csrfToken={ctx.csrfToken}>
          <Button variant="danger">Délier FranceConnect</Button>
        </Form>
        <p>
          <a href="/mon-compte">Revenir à mon compte</a>
        </p>
      </div>
    </Layout>
  );
}

export function FirstPasswordPage({ ctx, errors }: { ctx: PageContext; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Choisir un mot de passe" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, myAccount, { label: "Choisir un mot de passe" }]}>
      <div class="narrow">
        <h1>Choisir un mot de passe</h1>
        <p>
          Votre compte a été créé avec FranceConnect. Avec un mot de passe, vous pourrez aussi vous connecter avec votre identifiant{" "}
          <strong>{ctx.account?.identifier}</strong> ou votre adresse électronique, et délier FranceConnect.
        </p>
        <ErrorSummary errors={errors} labels={{ newPassword: "Mot de passe", newPasswordConfirmation: "Confirmation du mot de passe" }} />
        <Form action="/mon-compte/franceconnect/mot-de-passe" csrfToken={ctx.csrfToken}>
          <PasswordInput name="newPassword" label="Mot de passe" error={errors.newPassword} autocomplete="new-password" showRules />
          <PasswordInput name="newPasswordConfirmation" label="Confirmation du mot de passe" error={errors.newPasswordConfirmation} autocomplete="new-password" />
          <Button>Enregistrer mon mot de passe</Button>
        </Form>
      </div>
    </Layout>
  );
}

/** Every FranceConnect step that stops: what happened, and the ways on (FranceConnect again, the password, "Mon compte"). */
export function ProblemPage({ ctx, title, message, next }: { ctx: PageContext; title: string; message: string; next: "login" | "activation" | "account" | "password" }) {
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <Alert type="warning">
          <p>{message}</p>
        </Alert>
        {next === "password" ? (
          <p>
            <ButtonLink href="/mon-compte/franceconnect/mot-de-passe">Choisir un mot de passe</ButtonLink>
          </p>
        ) : next === "account" ? (
          <p>
            <a href="/mon-compte">Revenir à mon compte</a>
          </p>
        ) : next === "activation" ? (
          <p>
            <a href="/activer-mon-compte/nouveau-lien">Recevoir un nouveau lien d'activation</a>
          </p>
        ) : (
          <>
            <FranceConnectButton ctx={ctx} />
            <p>
              <ButtonLink href="/connexion" variant="secondary">
                Se connecter avec un identifiant et un mot de passe
              </ButtonLink>
            </p>
          </>
        )}
      </div>
    </Layout>
  );
}
