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
