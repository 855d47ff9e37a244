import type { Child } from "hono/jsx";
import { formatEuros } from "../../platform/french/amount.ts";
import { formatIban } from "../../platform/french/iban.ts";
import type { Check } from "../../platform/french/check.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import { Alert, Button, ButtonLink, Checkbox, ErrorSummary, fieldId, Form, SummaryList, Table, Tag, TextArea, TextInput } from "../../ui/components.tsx";
import { FileField } from "../../ui/file-field.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { formatDay } from "../../core/requests/fields/step-summary.tsx";
import { canAsk, canOrder, paymentStatusLabels, paymentStatusTones } from "../../core/requests/payments.ts";
import type { BankDetails, Payment } from "../../core/requests/queries/payments.ts";
import { paymentPaths } from "./paths.ts";
import { CONDITIONS_MAX, LABEL_MAX, SCHEDULE_ROWS } from "./record-grant.ts";

export const RECEIPT_INPUT = "justificatifs";
export const RECEIPT_FORMATS = ["pdf", "jpeg", "png"] as const;
export const RECEIPT_MAX_MB = 10;

const home = { label: "Accueil", href: "/" };
const myRequestsCrumb = { label: "Mes demandes", href: "/demandes" };

export interface PaymentFile {
  paymentId: string;
  uploadId: string;
  originalName: string;
  size: number;
}

export interface Grant {
  amountCents: number;
}

/** Granted, paid, left: the figures above both sides' tables. */
function totals(grant: Grant, payments: Payment[]) {
  const paid = payments.filter((payment) => payment.status === "paid").reduce((sum, payment) => sum + payment.amountCents, 0);
  return { paid, left: grant.amountCents - paid };
}

/** "Payé le 3 mars 2027", "Mandaté", "Demandé", "Prévu". */
function StatusText({ payment }: { payment: Payment }) {
  return (
    <>
      <Tag tone={paymentStatusTones[payment.status]}>{paymentStatusLabels[payment.status]}</Tag>
      {payment.status === "paid" && payment.paidOn ? <> le {formatDay(payment.paidOn)}</> : null}
    </>
  );
}

function conditionsText(payment: Payment): Child {
  if (!payment.conditions && !payment.documentsRequired) return "Aucune";
  return (
    <>
      {payment.conditions || "—"}
      {payment.documentsRequired ? <> (justificatifs à fournir)</> : null}
    </>
  );
}

/** The applicant's "Versements" section on a request's page. */
export function ApplicantPaymentsPanel({ request, grant, payments, files }: { request: { id: string }; grant: Grant; payments: Payment[]; files: PaymentFile[] }) {
  const { paid, left } = totals(grant, payments);
  return (
    <section aria-labelledby="versements" class="payments">
      <h2 id="versements">Versements</h2>
      <SummaryList
        rows={[
          ["Montant accordé", formatEuros(grant.amountCents)],
          ["Déjà versé", formatEuros(paid)],
          ["Reste à verser", formatEuros(left)],
        ]}
      />
      <Table
        caption="Échéancier des versements"
        id="echeancier-demandeur"
        headers={["Versement", "Montant", "Date prévue", "État", "Conditions", "Action"]}
        rows={payments.map((payment) => [
          payment.label,
          formatEuros(payment.amountCents),
          formatDay(payment.plannedOn),
          <StatusText payment={payment} />,
          conditionsText(payment),
          canAsk(payment) ? (
            <a href={paymentPaths.ask(request.id, payment.id)}>
              Demander ce versement<span class="visually-hidden"> : {payment.label}</span>
            </a>
          ) : (
            files
              .filter((file) => file.paymentId === payment.id)
              .map((file) => <span class="payments__file">{file.originalName} envoyé</span>)
          ),
        ])}
      />
    </section>
  );
}

/** The short line among a request's actions on "Mes demandes". */
export function PaymentsListLine({
  requestId,
  grantedCents,
  paidCents,
  next,
}: {
  requestId: string;
  grantedCents: number;
  paidCents: number;
  next: { label: string; amountCents: number; plannedOn: string; status: Payment["status"] } | undefined;
}) {
  const step = next && (next.status === "planned" ? `prévu le ${formatDay(next.plannedOn)}` : paymentStatusLabels[next.status].toLowerCase());
  return (
    <a href={`${paymentPaths.request(requestId)}#versements`}>
      Versements : {formatEuros(paidCents)} versés sur {formatEuros(grantedCents)}
      {next ? ` — prochain versement : ${next.label} (${formatEuros(next.amountCents)}), ${step}` : " — aide entièrement versée"}
    </a>
  );
}

/** The agent's "Versements" section on an accepted request (its heading, id "versements", is the page's). */
export function AgentPaymentsPanel({
  ctx,
  slug,
  request,
  grant,
  payments,
  files,
  bank,
  iban,
}: {
  ctx: PageContext;
  slug: string;
  request: { id: string };
  grant: Grant | undefined;
  payments: Payment[];
  files: PaymentFile[];
  bank: BankDetails | undefined;
  iban: { iban: string | null; check: Check | undefined };
}) {
  if (!grant) {
    return (
      <div class="payments">
        <p>Le montant accordé et l'échéancier des versements ne sont pas encore enregistrés.</p>
        <ButtonLink href={paymentPaths.grant(slug, request.id)}>Enregistrer l'aide accordée et ses versements</ButtonLink>
      </div>
    );
  }
  const { paid, left } = totals(grant, payments);
  return (
    <div class="payments">
      <SummaryList
        rows={[
          ["Montant accordé", formatEuros(grant.amountCents)],
          ["Déjà versé", formatEuros(paid)],
          ["Reste à verser", formatEuros(left)],
          [
            "IBAN",
            iban.iban ? (
              <>
                {formatIban(iban.iban)} {iban.check?.ok ? <Tag tone="success">Vérifié</Tag> : <Tag tone="error">Non valide</Tag>}
                {bank?.organisationIban ? " (fiche de la structure)" : " (saisi dans la demande)"}
              </>
            ) : (
              "Aucun IBAN connu"
            ),
          ],
          [
            "Relevé d'identité bancaire",
            bank?.ribFiles.length ? (
              <ul class="payments__files">
                {bank.ribFiles.map((file) => (
                  <li>
                    <a href={paymentPaths.agentFile(slug, request.id, file.uploadId)}>{file.originalName}</a>
                  </li>
                ))}
              </ul>
            ) : (
              "Aucun RIB joint à la demande"
            ),
          ],
        ]}
      />
      <Table
        caption="Échéancier des versements"
        id="echeancier-agent"
        headers={["Versement", "Montant", "Date prévue", "État", "Conditions et justificatifs", "Action"]}
        rows={payments.map((payment) => [
          payment.label,
          formatEuros(payment.amountCents),
          formatDay(payment.plannedOn),
          <StatusText payment={payment} />,
          <>
            {conditionsText(payment)}
            <ul class="payments__files">
              {files
                .filter((file) => file.paymentId === payment.id)
                .map((file) => (
                  <li>
                    <a href={paymentPaths.agentFile(slug, request.id, file.uploadId)}>{file.originalName}</a> ({formatFileSize(file.size)})
                  </li>
                ))}
            </ul>
          </>,
          canOrder(payment) ? (
            <Form action={paymentPaths.order(slug, request.id, payment.id)} csrfToken={ctx.csrfToken} class="inline-form">
              <Button variant="secondary">
                Mandater<span class="visually-hidden"> : {payment.label}</span>
              </Button>
            </Form>
          ) : payment.status === "ordered" ? (
            <a href={paymentPaths.pay(slug, request.id, payment.id)}>
              Enregistrer le paiement<span class="visually-hidden"> : {payment.label}</span>
            </a>
          ) : payment.status === "planned" ? (
            "En attente des justificatifs"
          ) : (
            "—"
          ),
        ])}
      />
    </div>
  );
}

interface AgentPage {
  procedure: { slug: string; title: string };
  request: { id: string; number: string | null };
}

function agentCrumbs(procedure: AgentPage["procedure"], request: AgentPage["request"], label: string) {
  const number = request.number ? formatRequestNumber(request.number) : "sans numéro";
  return [home, { label: "Instruction", href: "/instruction" }, { label: procedure.title, href: `/instruction/${procedure.slug}` }, { label: `Demande n° ${number}`, href: paymentPaths.agentRequest(procedure.slug, request.id) }, { label }];
}

/** "Enregistrer l'aide accordée": the amount and up to four payments. */
export function GrantPage({ ctx, procedure, request, requested, values, errors }: AgentPage & { ctx: PageContext; requested: string | null; values: Record<string, string>; errors: FieldErrors }) {
  const title = "Aide accordée et versements";
  return (
    <Layout ctx={ctx} title={`${title} - ${procedure.title}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={agentCrumbs(procedure, request, title)}>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p>
        Indiquez le montant accordé puis l'échéancier : chaque versement avec son montant, sa date prévue et ses conditions. Le total des versements ne peut pas
        dépasser le montant accordé. Le demandeur reçoit un courriel avec l'échéancier.
      </p>
      {requested ? <p>Montant demandé : {requested}.</p> : null}
      <Form action={paymentPaths.grant(procedure.slug, request.id)} csrfToken={ctx.csrfToken}>
        <TextInput name="montant" label="Montant accordé (en euros)" hint="Par exemple 5 000 ou 5 000,00 €." value={values.montant} error={errors.montant} inputmode="decimal" maxLength={40} />
        {SCHEDULE_ROWS.map((row) => (
          <fieldset class="fieldset">
            <legend class="fieldset__legend">Versement {row}</legend>
            <TextInput name={`libelle-${row}`} label="Nom du versement" hint={row === 1 ? "Par exemple « Avance »." : "Par exemple « Solde »."} value={values[`libelle-${row}`]} error={errors[`libelle-${row}`]} maxLength={LABEL_MAX} required={row === 1} />
            <TextInput name={`montant-${row}`} label="Montant (en euros)" value={values[`montant-${row}`]} error={errors[`montant-${row}`]} inputmode="decimal" maxLength={40} required={row === 1} />
            <TextInput name={`date-${row}`} label="Date prévue" hint="Au format jour/mois/année, par exemple 15/03/2027." value={values[`date-${row}`]} error={errors[`date-${row}`]} maxLength={10} required={row === 1} />
            <TextArea name={`conditions-${row}`} label="Conditions" hint="Par exemple : factures acquittées des dépenses du projet." value={values[`conditions-${row}`]} error={errors[`conditions-${row}`]} maxLength={CONDITIONS_MAX} rows={2} required={false} />
            <Checkbox name={`justificatifs-${row}`} label="Le demandeur doit fournir des justificatifs avant ce versement" checked={values[`justificatifs-${row}`] === "oui"} />
          </fieldset>
        ))}
        <ul class="button-group">
          <li>
            <Button>Enregistrer</Button>
          </li>
          <li>
            <a href={paymentPaths.agentRequest(procedure.slug, request.id)}>Annuler</a>
          </li>
        </ul>
      </Form>
    </Layout>
  );
}

/** "Enregistrer le paiement" of a mandated payment, with the date it was paid. */
export function PayPage({ ctx, procedure, request, payment, values, errors }: AgentPage & { ctx: PageContext; payment: Payment; values: Record<string, string>; errors: FieldErrors }) {
  const title = `Paiement du versement « ${payment.label} »`;
  return (
    <Layout ctx={ctx} title={`${title} - ${procedure.title}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={agentCrumbs(procedure, request, "Enregistrer le paiement")}>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p>
        Montant : {formatEuros(payment.amountCents)}, prévu le {formatDay(payment.plannedOn)}. Le demandeur reçoit un courriel.
      </p>
      <Form action={paymentPaths.pay(procedure.slug, request.id, payment.id)} csrfToken={ctx.csrfToken}>
        <TextInput name="date-paiement" label="Date du paiement" hint="Au format jour/mois/année, par exemple 15/03/2027." value={values["date-paiement"]} error={errors["date-paiement"]} maxLength={10} />
        <ul class="button-group">
          <li>
            <Button>Enregistrer le paiement</Button>
          </li>
          <li>
            <a href={paymentPaths.agentRequest(procedure.slug, request.id)}>Annuler</a>
          </li>
        </ul>
      </Form>
    </Layout>
  );
}

/** "Demander ce versement": the applicant sends the documents the payment's conditions ask for. */
export function AskPaymentPage({ ctx, request, title, payment, error }: { ctx: PageContext; request: { id: string; number: string | null }; title: string; payment: Payment; error?: string | undefined }) {
  const heading = `Demander le versement « ${payment.label} »`;
  const number = request.number ? formatRequestNumber(request.number) : "";
  return (
    <Layout ctx={ctx} title={`${heading} - ${title}`} hasErrors={Boolean(error)} breadcrumb={[home, myRequestsCrumb, { label: `Demande n° ${number}`, href: paymentPaths.request(request.id) }, { label: "Demander un versement" }]}>
      <ErrorSummary errors={error ? { [RECEIPT_INPUT]: error } : {}} />
      <h1>{heading}</h1>
      <SummaryList
        rows={[
          ["Montant", formatEuros(payment.amountCents)],
          ["Date prévue", formatDay(payment.plannedOn)],
          ["Conditions", payment.conditions || "—"],
        ]}
      />
      <p>Joignez vos justificatifs en un seul fichier (vous pouvez regrouper plusieurs factures dans un PDF), puis envoyez votre demande.</p>
      <Form action={paymentPaths.ask(request.id, payment.id)} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
        <FileField id={fieldId(RECEIPT_INPUT)} name={RECEIPT_INPUT} label="Justificatifs" document={payment.label} formats={RECEIPT_FORMATS} maxMb={RECEIPT_MAX_MB} error={error} />
        <ul class="button-group">
          <li>
            <Button>Envoyer ma demande de versement</Button>
          </li>
          <li>
            <a href={paymentPaths.request(request.id)}>Annuler</a>
          </li>
        </ul>
      </Form>
    </Layout>
  );
}

/** A step refused (409): what to do instead. */
export function PaymentRefusedPage({ ctx, message, back }: { ctx: PageContext; message: string; back: string }) {
  return (
    <Layout ctx={ctx} title="Action impossible" breadcrumb={[home, { label: "Action impossible" }]}>
      <h1>Action impossible</h1>
      <Alert type="error">
        <p>{message}</p>
      </Alert>
      <p>
        <a href={back}>Retour à la demande</a>
      </p>
    </Layout>
  );
}

