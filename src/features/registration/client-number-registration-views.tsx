import { Alert, Button, ButtonLink, ErrorSummary, Form, TextInput } from "../../ui/components.tsx";
import { CaptchaField } from "../../ui/captcha.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { registrationLabels, RegistrationFields } from "./views.tsx";

const crumbs = [{ label: "Accueil", href: "/" }, { label: "Créer mon compte avec mon numéro client" }];
const ACTION = "/creer-un-compte/numero-client";

/** Seed 002, "Créer mon compte — Étape 1/2": the client number and the anti-robot check. */
export function ClientNumberStepPage({ ctx, values, errors, brandOrganisation }: { ctx: PageContext; values: FormValues; errors: FieldErrors; brandOrganisation: string }) {
  return (
    <Layout ctx={ctx} title="Créer mon compte - Étape 1 sur 2" hasErrors={Object.keys(errors).length > 0} breadcrumb={crumbs}>
      <div class="narrow">
        <h1>Créer mon compte</h1>
        <p class="stepper">Étape 1 sur 2 : votre structure</p>
        <ErrorSummary errors={errors} labels={{ numero: "Numéro client", altcha: "Vérification anti-robot" }} />
        <p>
          Les services en ligne sont réservés aux clients de {brandOrganisation}. Votre numéro client figure sur la plupart des courriers et documents que{" "}
          {brandOrganisation} vous adresse : contrats, échéanciers de versement…
        </p>
        <Form action={ACTION} csrfToken={ctx.csrfToken}>
          <TextInput
            name="numero"
            label="Numéro client"
            hint="Les zéros qui peuvent se trouver devant les 5 ou 6 chiffres de votre numéro peuvent être omis."
            value={values.numero}
            error={errors.numero}
            inputmode="numeric"
            autocomplete="off"
            maxLength={40}
          />
          <CaptchaField ctx={ctx} error={errors.altcha} />
          <ul class="button-group">
            <li><Button>Valider</Button></li>
            <li><ButtonLink href="/" variant="secondary">Annuler</ButtonLink></li>
          </ul>
        </Form>
        <p>
          Vous n'êtes pas client ? <a href="/creer-un-compte">Créer un compte personnel</a>
        </p>
      </div>
    </Layout>
  );
}

export interface AccountStepProps {
  ctx: PageContext;
  organisationName: string;
  /** The signed ticket carrying the client number checked at step 1. */
  ticket: string;
  first: boolean;
  values: FormValues;
  errors: FieldErrors;
  /** Said above the form when the situation changed since step 1. */
  notice?: string;
}

/** Étape 2/2: the first user accepts the administrator's role (password by post); later users register and wait. */
export function AccountStepPage({ ctx, organisationName, ticket, first, values, errors, notice }: AccountStepProps) {
  return (
    <Layout ctx={ctx} title="Créer mon compte - Étape 2 sur 2" hasErrors={Object.keys(errors).length > 0} breadcrumb={crumbs}>
      <div class="narrow">
        <h1>Créer mon compte</h1>
        <p class="stepper">Étape 2 sur 2 : votre compte</p>
        <ErrorSummary errors={errors} labels={registrationLabels} />
        {notice ? <Alert type="warning">{notice}</Alert> : null}
        {first ? (
          <Alert type="info" title={`Vous êtes le premier utilisateur pour l'établissement « ${organisationName} »`}>
            <p>
              Votre mot de passe va être envoyé par courrier au représentant légal. En tant que premier utilisateur vous deviendrez administrateur et
              bénéficierez de privilèges spéciaux (gestion des autres utilisateurs…). Vérifiez avec votre représentant légal que vous pouvez endosser ce
              rôle avant de poursuivre l'inscription.
            </p>
            <p>
              Attention, le courrier adressé au représentant légal de l'établissement n'est pas nominatif : informez-le de sa réception prochaine pour
              éviter qu'il ne s'égare.
            </p>
          </Alert>
        ) : (
          <Alert type="info" title={`Un compte a déjà été créé par un autre utilisateur de « ${organisationName} »`}>
            <p>Votre demande de rattachement à cette structure devra être validée par son administrateur : il en sera informé par courriel.</p>
          </Alert>
        )}
        <p>Tous les champs sont obligatoires.</p>
        <Form action={`${ACTION}/compte`} csrfToken={ctx.csrfToken}>
          <input type="hidden" name="ticket" value={ticket} />
          <input type="hidden" name="cas" value={first ? "premier" : "suivant"} />
          <RegistrationFields values={values} errors={errors} withPassword={!first} />
          <ul class="button-group">
            <li><Button>{first ? "Accepter le rôle d'administrateur" : "Créer mon compte"}</Button></li>
            <li><ButtonLink href={ACTION} variant="secondary">Annuler</ButtonLink></li>
          </ul>
        </Form>
      </div>
    </Layout>
  );
}

/** After the first user's registration: what happens next, by post. */
export function FirstUserRegisteredPage({ ctx, organisationName }: { ctx: PageContext; organisationName: string }) {
  return (
    <Layout ctx={ctx} title="Demande de création de compte enregistrée" breadcrumb={crumbs}>
      <div class="narrow">
        <h1>Votre demande de création de compte est enregistrée</h1>
        <Alert type="success" title="Un courrier va être envoyé à votre représentant légal">
          <p>
            Vous avez accepté de devenir administrateur de « {organisationName} ». Ce courrier contient le mot de passe temporaire de votre compte.
            Quand votre représentant légal vous l'aura transmis, connectez-vous avec votre identifiant et ce mot de passe : vous choisirez alors le
            vôtre et deviendrez administrateur de votre structure.
          </p>
        </Alert>
        <p>
          Un courriel vient de vous être envoyé : suivez le lien qu'il contient pour activer votre compte (il est valable 72 heures). Le mot de passe
          temporaire est valable 30 jours.
        </p>
        <p>
          <ButtonLink href="/connexion">Se connecter</ButtonLink>
        </p>
      </div>
    </Layout>
  );
}
