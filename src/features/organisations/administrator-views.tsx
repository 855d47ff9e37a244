import { Alert, Button, DateText, ButtonLink, ErrorSummary, Form, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { CODE_VALIDITY_DAYS } from "../../core/organisations/activation-code.ts";
import type { AdministratorRole } from "../../core/organisations/describe-administrator-role.ts";

type Latest = Extract<AdministratorRole, { kind: "open" }>["latest"];

/** Where the last letter is: the seeds show that people need to know whether it has left. */
function LetterNews({ latest }: { latest: NonNullable<Latest> }) {
  return (
    <p>
      Vous avez demandé le dernier courrier le <DateText date={latest.createdAt} />.{" "}
      {latest.letterStatus === "posted" && latest.letterPostedAt ? (
        <>
          Il est parti le <DateText date={latest.letterPostedAt} /> : comptez quelques jours de délai postal.
        </>
      ) : latest.letterStatus === "cancelled" ? (
        <>Il a été annulé.</>
      ) : (
        <>Il n'est pas encore parti : il sera posté dans les prochains jours.</>
      )}{" "}
      {latest.live && !latest.expired ? (
        <>
          Son code est valable jusqu'au <DateText date={latest.expiresAt} />.
        </>
      ) : null}
    </p>
  );
}

/** After "Accepter le rôle d'administrateur" (seed 001: "Un courrier postal va être envoyé à votre représentant légal…"): what happened, what comes next. */
function Accepted() {
  return (
    <>
      <p>
        <strong>Vous avez accepté de devenir administrateur</strong> de cette structure : un courrier postal contenant le code d'activation va être
        envoyé à votre représentant légal. Attention, ce courrier n'est pas nominatif : informez votre
        représentant légal de sa réception prochaine pour éviter qu'il ne s'égare.
      </p>
      <p>
        Quand il vous aura transmis le code, saisissez-le ci-dessous : vous deviendrez administrateur et vos demandes d'habilitation en attente
        seront validées. Le code est valable {CODE_VALIDITY_DAYS} jours.
      </p>
    </>
  );
}

/** The person accepted, but the last letter's code can no longer be used: the way out is a new letter. */
function CodeUnusable({ latest }: { latest: NonNullable<Latest> }) {
  const why = latest.attemptsLeft === 0 ? "trop d'essais erronés" : latest.expired ? `délai de ${CODE_VALIDITY_DAYS} jours dépassé` : "courrier annulé";
  return (
    <p>
      Vous aviez accepté de devenir administrateur de cette structure, mais le code du dernier courrier ne peut plus être utilisé ({why}). Demandez un nouveau courrier : votre représentant légal recevra un nouveau code, valable {CODE_VALIDITY_DAYS} jours.
    </p>
  );
}

function RequestLetterForm({ ctx, organisationId, again }: { ctx: PageContext; organisationId: string; again: boolean }) {
  return (
    <Form action={`/structures/${organisationId}/administrateur/courrier`} csrfToken={ctx.csrfToken}>
      {again ? (
        <p class="field__hint">Le code du courrier précédent ne fonctionnera plus : seul le nouveau courrier sera valable.</p>
      ) : null}
      <Button variant={again ? "secondary" : "primary"}>{again ? "Demander un nouveau courrier" : "Accepter le rôle d'administrateur"}</Button>
    </Form>
  );
}

/**
 * "Rôle d'administrateur" (seed 001, demande d'habilitation 2/4 and 3/4): the first member accepts
 * the role, the legal representative receives the code by post, the member types it here.
 */
export function AdministratorRolePage({
  ctx,
  organisation,
  role,
  values = {},
  errors = {},
  problem,
}: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  role: AdministratorRole;
  values?: FormValues;
  errors?: FieldErrors;
  /** Why the last request could not be taken (too many letters…). */
  problem?: string;
}) {
  const crumbs = [
    { label: "Accueil", href: "/" },
    { label: organisation.name, href: `/structures/${organisation.id}` },
    { label: "Rôle d'administrateur" },
  ];
  return (
    <Layout ctx={ctx} title="Rôle d'administrateur" hasErrors={Object.keys(errors).length > 0} breadcrumb={crumbs}>
      <h1>Administrateur de la structure « {organisation.name} »</h1>
      <ErrorSummary errors={errors} labels={{ code: "Code d'activation" }} />
      {problem ? <Alert type="error">{problem}</Alert> : null}
      {role.kind === "administrator" ? (
        <>
          <p>Vous êtes administrateur de cette structure : vous validez les demandes de rattachement et d'habilitation de ses membres.</p>
          <ul class="link-list">
            <li><a href={`/structures/${organisation.id}/membres`}>Gérer les membres</a></li>
            <li><a href={`/structures/${organisation.id}/habilitations`}>Gérer les habilitations</a></li>
          </ul>
        </>
      ) : role.kind === "taken" ? (
        <p>
          Cette structure a déjà un administrateur
          {role.administrators.length > 0 ? ` (${role.administrators.map((admin) => `${admin.civility} ${admin.firstName} ${admin.lastName}`).join(", ")})` : ""} :
          c'est lui qui valide les demandes de ses membres. Il peut aussi nommer d'autres administrateurs.
        </p>
      ) : (
        <OpenRole ctx={ctx} organisationId={organisation.id} role={role} values={values} errors={errors} />
      )}
      <p>
        <ButtonLink href={`/structures/${organisation.id}`} variant="secondary">Retour à ma structure</ButtonLink>
      </p>
    </Layout>
  );
}

function OpenRole({
  ctx,
  organisationId,
  role,
  values,
  errors,
}: {
  ctx: PageContext;
  organisationId: string;
  role: Extract<AdministratorRole, { kind: "open" }>;
  values: FormValues;
  errors: FieldErrors;
}) {
  const latest = role.latest;
  const waiting = latest !== null && latest.live && !latest.expired && latest.attemptsLeft > 0;
  return (
    <>
      {latest === null ? (
        <>
          <p>
            Étant le premier utilisateur à vous déclarer pour cet établissement, vous pouvez devenir <strong>administrateur</strong> des utilisateurs et de
            leurs habilitations. Vérifiez auprès de votre représentant légal que vous pouvez endosser le rôle avant de poursuivre votre demande.
          </p>
          <p>
            Le premier utilisateur doit être une personne à laquelle le représentant légal de l'établissement peut déléguer la gestion des droits d'accès
            des autres utilisateurs. Selon les statuts de votre établissement, le représentant légal peut être le maire, le président, le directeur
            général…
          </p>
        </>
      ) : null}
      <section aria-labelledby="courrier">
        <h2 id="courrier">Le courrier au représentant légal</h2>
        {latest === null ? (
          <p>
            Si vous acceptez, un courrier postal contenant le code d'activation sera envoyé à votre représentant légal. Attention, ce courrier n'est pas
            nominatif : informez votre représentant légal de sa réception prochaine pour éviter qu'il ne s'égare. Le code devient obsolète passé un délai de{" "}
            {CODE_VALIDITY_DAYS} jours.
          </p>
        ) : waiting ? (
          <Accepted />
        ) : (
          <CodeUnusable latest={latest} />
        )}
        {role.destination ? (
          <>
            <p>Le courrier est adressé à :</p>
            <address class="postal-address">
              {role.destination.map((line) => (
                <>
                  {line}
                  <br />
                </>
              ))}
            </address>
          </>
        ) : null}
        {latest ? <LetterNews latest={latest} /> : null}
      </section>
      {waiting ? (
        <section aria-labelledby="saisir-code">
          <h2 id="saisir-code">Saisir le code d'activation</h2>
          <Form action={`/structures/${organisationId}/administrateur/code`} csrfToken={ctx.csrfToken}>
            <TextInput
              name="code"
              label="Code d'activation"
              hint={`10 lettres et chiffres, tels qu'imprimés sur le courrier (les espaces sont acceptés). ${latest.attemptsLeft} essai${latest.attemptsLeft > 1 ? "s" : ""} possible${latest.attemptsLeft > 1 ? "s" : ""}.`}
              value={values.code}
              error={errors.code}
              autocomplete="off"
              spellcheck={false}
              maxLength={20}
            />
            <Button>Valider le code</Button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="demander-courrier">
        <h2 id="demander-courrier">{latest ? "Vous n'avez pas reçu le courrier ?" : "Accepter le rôle"}</h2>
        <RequestLetterForm ctx={ctx} organisationId={organisationId} again={latest !== null} />
      </section>
    </>
  );
}
