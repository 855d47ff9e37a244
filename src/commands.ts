import { parseArgs } from "node:util";
import pino from "pino";
import { systemClock } from "./platform/clock.ts";
import { ConfigError, readConfig } from "./platform/config.ts";
import { DatabaseInUseError, openDatabase } from "./platform/db/database.ts";
import { migrateToLatest } from "./platform/db/migrate.ts";
import { createDeps } from "./platform/deps.ts";
import type { Deps } from "./platform/http/deps.ts";
import { FormError } from "./platform/http/errors.ts";
import { createPlatformAdmin } from "./features/temporary-password/create-platform-admin.ts";
import { UnknownAccount } from "./features/temporary-password/errors.ts";
import { issueTemporaryPassword } from "./features/temporary-password/issue-temporary-password.ts";
import { UnusableRegisterFile } from "./features/organisations-register/errors.ts";
import { importRegisterFromCommandLine } from "./features/organisations-register/import-from-command-line.ts";
import { registerClient } from "./features/sso/register-client.ts";
import { loadProceduresFromCommandLine } from "./features/procedures/load-from-command-line.ts";
import { createAgent } from "./features/instruction/create-agent.ts";
import { createPartnerAccount } from "./features/partner-accounts/create-partner-account.ts";
import { createTokenFromCommandLine } from "./features/partner-api/create-token-from-command-line.ts";

/**
 * Operators' command line: `npm run guichet -- <command> [options]` (src/cli.ts runs it in its
 * own process; the tests call it in theirs). Each command parses its options, calls one use case
 * and prints what it did; bad input exits non-zero with a French message (2 for a wrongly typed
 * command, 1 for input the portal refuses).
 */

/** Where a command reads its configuration and writes its lines (a process's, or a test's). */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {
  override name = "UsageError";
}

interface Command {
  usage: string;
  summary: string;
  /** Validates the arguments before anything is opened, then returns the work to do. */
  parse(args: string[]): (deps: Deps, io: CommandIo) => Promise<void>;
}

const parisTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

function parse<T extends Record<string, { type: "string" }>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util speaks English: say the same in French, naming the option concerned.
    const { code, message } = error as { code?: string; message: string };
    const option = /'(--?[^' ]+)/.exec(message)?.[1] ?? "";
    const text = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? `Option inconnue : ${option}.` : `L'option ${option} attend une valeur.`;
    throw new UsageError(`${text}\nUsage : ${usage}`);
  }
}

/**
 * The options of a command that takes no other argument: refuses one, and names the first
 * required option missing.
 */
function optionsOf<V extends Record<string, unknown>>(parsed: { values: V; positionals: string[] }, required: readonly (keyof V & string)[], usage: string): V {
  if (parsed.positionals.length > 0) throw new UsageError(`Argument inattendu : ${parsed.positionals[0]}.\nUsage : ${usage}`);
  const missing = required.find((name) => parsed.values[name] === undefined);
  if (missing !== undefined) throw new UsageError(`L'option --${missing} est obligatoire.\nUsage : ${usage}`);
  return parsed.values;
}

const commands: Record<string, Command> = {
  help: {
    usage: "help",
    summary: "affiche cette aide",
    parse: () => async (_deps, io) => printHelp(io),
  },
  "create-admin": {
    usage: "create-admin --identifier ID --email ADRESSE [--last-name NOM] [--first-name PRÉNOM] [--civility Mme|M.]",
    summary: "crée un administrateur du portail et affiche son mot de passe temporaire (valable 24 heures)",
    parse(args) {
      const values = optionsOf(
        parse(
          args,
          { identifier: { type: "string" }, email: { type: "string" }, "last-name": { type: "string" }, "first-name": { type: "string" }, civility: { type: "string" } },
          this.usage,
        ),
        ["identifier", "email"],
        this.usage,
      );
      const input = {
        identifier: (values.identifier ?? "").trim(),
        email: (values.email ?? "").trim(),
        ...(values.civility !== undefined ? { civility: values.civility.trim() } : {}),
        ...(values["last-name"] !== undefined ? { lastName: values["last-name"].trim() } : {}),
        ...(values["first-name"] !== undefined ? { firstName: values["first-name"].trim() } : {}),
      };
      return async (deps, io) => {
        const admin = await createPlatformAdmin(deps, input, { via: "cli" });
        io.out(`Administrateur du portail créé : identifiant ${admin.identifier}, adresse ${admin.email}.`);
        printTemporaryPassword(io, admin.password, admin.expiresAt);
      };
    },
  },
  "issue-temporary-password": {
    usage: "issue-temporary-password IDENTIFIANT",
    summary: "remplace le mot de passe d'un compte par un mot de passe temporaire (valable 24 heures) et l'affiche",
    parse(args) {
      const { positionals } = parse(args, {}, this.usage);
      const identifier = positionals[0]?.trim();
      if (!identifier || positionals.length > 1) throw new UsageError(`Indiquez un seul identifiant.\nUsage : ${this.usage}`);
      return async (deps, io) => {
        const issued = await issueTemporaryPassword(deps, identifier, { via: "cli" });
        io.out(`Mot de passe temporaire attribué au compte ${issued.identifier} (${issued.email}). Ses sessions ouvertes ont été fermées.`);
        printTemporaryPassword(io, issued.password, issued.expiresAt);
        if (issued.status === "pending") io.out("Attention : ce compte n'est pas encore activé ; il devra l'être avant de pouvoir se connecter.");
      };
    },
  },
  "create-agent": {
    usage: "create-agent --identifier ID --email ADRESSE --procedure SLUG [--group NOM] [--last-name NOM] [--first-name PRÉNOM]",
    summary: "crée un agent instructeur rattaché à une démarche (dans l'un de ses groupes d'instructeurs) et affiche son mot de passe temporaire (valable 24 heures)",
    parse(args) {
      const values = optionsOf(
        parse(
          args,
          { identifier: { type: "string" }, email: { type: "string" }, procedure: { type: "string" }, group: { type: "string" }, "last-name": { type: "string" }, "first-name": { type: "string" } },
          this.usage,
        ),
        ["identifier", "email", "procedure"],
        this.usage,
      );
      const input = {
        identifier: (values.identifier ?? "").trim(),
        email: (values.email ?? "").trim(),
        procedureSlug: (values.procedure ?? "").trim(),
        ...(values.group !== undefined ? { group: values.group.trim() } : {}),
        ...(values["last-name"] !== undefined ? { lastName: values["last-name"].trim() } : {}),
        ...(values["first-name"] !== undefined ? { firstName: values["first-name"].trim() } : {}),
      };
      return async (deps, io) => {
        const agent = await createAgent(deps, input, { via: "cli" });
        io.out(`Agent créé : identifiant ${agent.identifier}, adresse ${agent.email}, rattaché à la démarche ${agent.procedure.slug} (${agent.procedure.title})${agent.group ? `, groupe « ${agent.group} »` : ""}.`);
        printTemporaryPassword(io, agent.password, agent.expiresAt);
      };
    },
  },
  "create-partner-account": {
    usage:
      "create-partner-account --user-number NUMÉRO --email ADRESSE --civility Mme|M. --last-name NOM --first-name PRÉNOM --street 'N° ET VOIE' --postal-code CODE --commune COMMUNE [--detail LIGNE2] [--complement LIGNE3] [--distribution LIEU-DIT/BP] [--country PAYS]",
    summary:
      "crée un compte partenaire (bailleur, « Mon Compte Partenaire ») : l'identifiant LOG… est attribué et affiché ; le mot de passe provisoire (valable 30 jours) part par courrier à l'adresse indiquée, dans les courriers à envoyer",
    parse(args) {
      const names = {
        "user-number": "userNumber",
        email: "email",
        civility: "civility",
        "last-name": "lastName",
        "first-name": "firstName",
        street: "postalStreet",
        "postal-code": "postalCode",
        commune: "postalCommune",
        detail: "postalDetail",
        complement: "postalComplement",
        distribution: "postalDistribution",
        country: "postalCountry",
      } as const;
      const options = Object.fromEntries(Object.keys(names).map((name) => [name, { type: "string" as const }])) as Record<keyof typeof names, { type: "string" }>;
      const values = optionsOf(parse(args, options, this.usage), ["user-number", "email", "civility", "last-name", "first-name", "street", "postal-code", "commune"], this.usage);
      const input = Object.fromEntries(Object.entries(names).map(([option, field]) => [field, (values[option as keyof typeof names] ?? "").trim()])) as Record<
        (typeof names)[keyof typeof names],
        string
      >;
      return async (deps, io) => {
        const partner = await createPartnerAccount(deps, input, { via: "cli" });
        io.out(`Compte partenaire créé : identifiant ${partner.identifier}, numéro utilisateur ${partner.userNumber}, adresse ${partner.email}.`);
        io.out(
          `Le mot de passe provisoire, valable jusqu'au ${parisTime.format(partner.expiresAt)} (heure de Paris), est imprimé sur un courrier avec l'identifiant : il attend dans les courriers à envoyer (/administration/courriers).`,
        );
      };
    },
  },
  "import-organisations": {
    usage: "import-organisations FICHIER.csv",
    summary:
      "importe le registre des structures (colonnes numero_client, siret, raison_sociale, representant_legal, adresse, code_postal, commune ; séparateur « ; » ou « , » ; UTF-8) et affiche les lignes rejetées",
    parse(args) {
      const { positionals } = parse(args, {}, this.usage);
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError(`Indiquez un seul fichier CSV.\nUsage : ${this.usage}`);
      // Rejected lines are printed but are not a failure: the valid ones were imported.
      return async (deps, io) => {
        await importRegisterFromCommandLine(deps, file, (line) => io.out(line));
      };
    },
  },
  "load-procedures": {
    usage: "load-procedures DOSSIER",
    summary:
      "valide et charge les définitions de démarches (fichiers .json du dossier, par exemple procedures) : un fichier modifié devient une nouvelle version, à publier ; rien n'est chargé si un fichier est invalide",
    parse(args) {
      const { positionals } = parse(args, {}, this.usage);
      const directory = positionals[0];
      if (!directory || positionals.length > 1) throw new UsageError(`Indiquez un seul dossier.\nUsage : ${this.usage}`);
      return async (deps, io) => {
        await loadProceduresFromCommandLine(deps, directory, (line) => io.out(line));
      };
    },
  },
  "register-client": {
    usage:
      "register-client --name NOM --redirect-uri URL --service SLUG [--post-logout-redirect-uri URL] [--backchannel-logout-uri URL]",
    summary:
      "enregistre un service partenaire pour la connexion unique (OpenID Connect) et affiche son identifiant client et son secret ; --redirect-uri et --post-logout-redirect-uri peuvent être répétées",
    parse(args) {
      const options = {
        name: { type: "string" },
        "redirect-uri": { type: "string", multiple: true },
        service: { type: "string" },
        "post-logout-redirect-uri": { type: "string", multiple: true },
        "backchannel-logout-uri": { type: "string" },
      } as const;
      const values = optionsOf(parse(args, options, this.usage), ["name", "redirect-uri", "service"], this.usage);
      const input = {
        name: values.name ?? "",
        service: { slug: (values.service ?? "").trim() },
        redirectUris: values["redirect-uri"] ?? [],
        postLogoutRedirectUris: values["post-logout-redirect-uri"] ?? [],
        backchannelLogoutUri: values["backchannel-logout-uri"] ?? "",
      };
      return async (deps, io) => {
        const client = await registerClient(deps, input, { adminId: null, ip: null, via: "cli" });
        io.out(`Service partenaire enregistré : ${client.name} (service ${client.service.name}).`);
        io.out(`\n  Émetteur (issuer) : ${deps.config.publicUrl}/oidc`);
        io.out(`  Identifiant client (client_id) : ${client.clientId}`);
        io.out(`  Secret (client_secret) : ${client.clientSecret}\n`);
        io.out("Le secret est affiché une seule fois : transmettez-le au partenaire par un canal sûr.");
      };
    },
  },
  "create-partner-token": {
    usage: "create-partner-token --partner NOM --scopes DROIT[,DROIT…] --days JOURS [--label NOM]",
    summary:
      "crée un jeton de l'API pour un partenaire (ajouté s'il n'existe pas) et l'affiche une seule fois ; droits : demarches:lecture, demandes:lecture, demandes:ecriture, decisions:ecriture, versements:ecriture",
    parse(args) {
      const options = { partner: { type: "string" }, scopes: { type: "string" }, days: { type: "string" }, label: { type: "string" } } as const;
      const values = optionsOf(parse(args, options, this.usage), ["partner", "scopes", "days"], this.usage);
      const input = {
        partner: values.partner ?? "",
        scopes: (values.scopes ?? "").split(",").map((scope) => scope.trim()).filter((scope) => scope !== ""),
        days: values.days ?? "",
        label: values.label ?? "",
      };
      return async (deps, io) => {
        const created = await createTokenFromCommandLine(deps, input);
        if (created.partnerCreated) io.out(`Partenaire ajouté : ${created.partnerName} (sans adresse de webhooks : elle se règle dans Administration › API et webhooks des partenaires).`);
        io.out(`Jeton créé pour ${created.partnerName}, droits : ${created.scopes.join(", ")}, valable jusqu'au ${parisTime.format(created.expiresAt)} (heure de Paris).`);
        io.out(`\n  Jeton : ${created.token}\n`);
        io.out("Il est affiché une seule fois (le portail n'en garde que l'empreinte) : transmettez-le au partenaire par un canal sûr.");
      };
    },
  },
};

function printHelp(io: CommandIo) {
  io.out("Usage : npm run guichet -- <commande> [options]\n\nCommandes :");
  for (const command of Object.values(commands)) io.out(`  ${command.usage}\n      ${command.summary}`);
}

function printTemporaryPassword(io: CommandIo, password: string, expiresAt: Date) {
  io.out(`\n  Mot de passe temporaire : ${password}\n`);
  io.out(`Il est affiché une seule fois. Valable jusqu'au ${parisTime.format(expiresAt)} (heure de Paris), il devra être changé à la première connexion.`);
}

/** Runs one command and returns its exit code. */
export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseInUseError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    io.err(name === undefined ? "Indiquez une commande." : `Commande inconnue : ${name}.`);
    io.err("La liste des commandes s'obtient avec : npm run guichet -- help");
    return 2;
  }
  let work: (deps: Deps, io: CommandIo) => Promise<void>;
  try {
    work = command.parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    return 2;
  }
  if (name === "help") {
    await work(undefined as never, io);
    return 0;
  }

  const config = readConfig(io.env);
  // Quiet logs: the operator reads the command's own French output.
  const log = pino({ level: "warn" });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // Closed whatever happens: in a test's process an embedded database left open keeps its
  // data directory locked.
  try {
    await migrateToLatest(database.db);
    const deps = await createDeps({ config, database, clock: systemClock, log });
    try {
      await work(deps, io);
      return 0;
    } catch (error) {
      if (error instanceof FormError) {
        for (const message of Object.values(error.errors)) io.err(message);
        return 1;
      }
      if (error instanceof UnknownAccount || error instanceof UnusableRegisterFile) {
        io.err(error.message);
        return 1;
      }
      throw error;
    } finally {
      await deps.jobs.stop();
    }
  } finally {
    await database.close();
  }
}
