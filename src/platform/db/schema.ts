import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Kysely's view of the tables, in camelCase (CamelCasePlugin converts at the boundary). */
export interface Database {
  accounts: AccountsTable;
  accountTokens: AccountTokensTable;
  passwordHistory: PasswordHistoryTable;
  sessions: SessionsTable;
  throttles: ThrottlesTable;
  auditEvents: AuditEventsTable;
  mails: MailsTable;
  appSecrets: { name: string; value: string };
  usedCaptchas: { signature: string; expiresAt: Date };
  letters: LettersTable;
  organisationsRegister: OrganisationsRegisterTable;
}

export type Civility = "M." | "Mme";
export type AccountRole = "applicant" | "platform_admin";
export type AccountStatus = "pending" | "active";
export type TokenPurpose = "activation" | "password_reset" | "email_change";

export interface AccountsTable {
  id: Generated<string>;
  identifier: string;
  email: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  passwordHash: string;
  role: ColumnType<AccountRole, AccountRole | undefined, AccountRole>;
  status: ColumnType<AccountStatus, AccountStatus | undefined, AccountStatus>;
  mustChangePassword: ColumnType<boolean, boolean | undefined, boolean>;
  temporaryPasswordExpiresAt: Date | null;
  termsAcceptedAt: Date;
  activatedAt: Date | null;
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}
export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;

export interface AccountTokensTable {
  tokenHash: string;
  accountId: string;
  purpose: TokenPurpose;
  newEmail: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}
export type AccountToken = Selectable<AccountTokensTable>;

export interface PasswordHistoryTable {
  accountId: string;
  passwordHash: string;
  createdAt: Date;
}

export interface SessionsTable {
  id: Generated<string>;
  tokenHash: string;
  accountId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string;
}
export type Session = Selectable<SessionsTable>;

export interface ThrottlesTable {
  key: string;
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
  notifiedAt: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurredAt: Date;
  event: string;
  accountId: string | null;
  actorId: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Base64, so the row stays JSON. */
  content: string;
}

export interface MailsTable {
  id: Generated<string>;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attachments: ColumnType<MailAttachment[], string | undefined, never>;
  createdAt: Date;
  sentAt: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
}
export type Mail = Selectable<MailsTable>;

export type LetterStatus = "queued" | "generated" | "posted" | "cancelled";

/** One block of a letter's body, rendered in order (see src/platform/letters/letters.ts). */
export type LetterBlock =
  | { type: "paragraph"; text: string }
  | { type: "list"; items: string[] }
  /** A code the recipient types (activation code): large, monospaced, spaced out. */
  | { type: "code"; label: string; code: string; hint?: string };

export interface LettersTable {
  id: Generated<string>;
  /** Line 1 of the NF Z10-011 address: the person or the organisation. */
  recipientName: string;
  /** Line 2: the person within the organisation, a service, an apartment. */
  recipientDetail: string | null;
  /** Line 3: entrance, building, residence. */
  recipientComplement: string | null;
  /** Line 4: number and street. */
  recipientStreet: string;
  /** Line 5: BP, lieu-dit, special delivery mention. */
  recipientDistribution: string | null;
  recipientPostalCode: string;
  recipientCommune: string;
  /** Line 7, only for letters sent abroad; null means France. */
  recipientCountry: string | null;
  subject: string;
  body: ColumnType<LetterBlock[], string, never>;
  /** The caller's reference (an organisation's number…), printed on the letter and shown in the outbox. */
  reference: string | null;
  status: ColumnType<LetterStatus, LetterStatus | undefined, LetterStatus>;
  pdf: Uint8Array | null;
  /** The provider the letter was handed to ("outbox" for the built-in one), null until then. */
  provider: string | null;
  providerReference: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  createdAt: Date;
  generatedAt: Date | null;
  postedAt: Date | null;
  postedBy: string | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
}
export type Letter = Selectable<LettersTable>;

/** The operator's register of client organisations, imported from CSV (src/features/organisations-register). */
export interface OrganisationsRegisterTable {
  id: Generated<string>;
  /** Without leading zeros ("000123" is stored "123"); unique. */
  clientNumber: string;
  /** As the last imported file wrote it. */
  clientNumberAsTyped: string;
  /** 14 digits, key checked; not unique (one establishment may hold several client numbers). */
  siret: string;
  /** The SIRET's first 9 digits. */
  siren: string;
  name: string;
  legalRepresentative: string;
  /** Number and street of the postal address. */
  addressLine: string;
  postalCode: string;
  /** INSEE code of the commune served by the postal code; null for a CEDEX address. */
  communeInseeCode: string | null;
  /** As typed in the file. */
  communeName: string;
  createdAt: Date;
  /** When an import last changed the row. */
  importedAt: Date;
  /** The import that last changed the row (its id is in the audit event's details). */
  importBatchId: string;
}
export type OrganisationsRegisterEntry = Selectable<OrganisationsRegisterTable>;
