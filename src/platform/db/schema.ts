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
  /** The captcha's plain-HTML path: each "short wait" token presented, per visitor address. */
  captchaWaits: { signature: string; ip: string; presentedAt: Date; expiresAt: Date };
  letters: LettersTable;
  organisationsRegister: OrganisationsRegisterTable;
  organisations: OrganisationsTable;
  organisationRepresentatives: OrganisationRepresentativesTable;
  memberships: MembershipsTable;
  adminActivationCodes: AdminActivationCodesTable;
  services: ServicesTable;
  grants: GrantsTable;
  termsAcceptances: TermsAcceptancesTable;
  oidcClients: OidcClientsTable;
  oidcPayloads: OidcPayloadsTable;
  procedures: ProceduresTable;
  procedureVersions: ProcedureVersionsTable;
  procedureAgents: ProcedureAgentsTable;
  uploads: UploadsTable;
  requests: RequestsTable;
  requestDocuments: RequestDocumentsTable;
  requestAsks: RequestAsksTable;
  requestMessages: RequestMessagesTable;
  requestEvents: RequestEventsTable;
  requestAgentViews: RequestAgentViewsTable;
  requestClaims: RequestClaimsTable;
  requestGrants: RequestGrantsTable;
  requestPayments: RequestPaymentsTable;
  requestPaymentFiles: RequestPaymentFilesTable;
  requestExports: RequestExportsTable;
  nameWords: NameWordsTable;
  namePairs: NamePairsTable;
  requestNameWords: RequestNameWordsTable;
  franceconnectLinks: FranceconnectLinksTable;
  housingCeilingTables: HousingCeilingTablesTable;
  housingCeilings: HousingCeilingsTable;
  housingStockLoads: HousingStockLoadsTable;
  housingStock: HousingStockTable;
  supportAgents: SupportAgentsTable;
  supportQuestions: SupportQuestionsTable;
  supportReplies: SupportRepliesTable;
  helpThemes: HelpThemesTable;
  helpArticles: HelpArticlesTable;
  /** Every word of the help articles (unaccented, lower case): what misspelt search words are corrected to. */
  helpWords: { word: string };
  notices: NoticesTable;
  portalTexts: PortalTextsTable;
  receptionDesks: ReceptionDesksTable;
  apiPartners: ApiPartnersTable;
  apiTokens: ApiTokensTable;
  apiGrants: ApiGrantsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookAttempts: WebhookAttemptsTable;
  rateLimitCounters: RateLimitCountersTable;
  requestFlowCounts: RequestFlowCountsTable;
  requestProcessingDays: RequestProcessingDaysTable;
  requestBacklogCounts: RequestBacklogCountsTable;
}

/** A theme of "Comment ça marche ?", in the admins' order. */
export interface HelpThemesTable {
  id: Generated<string>;
  title: string;
  position: number;
  createdAt: Date;
}

export type HelpArticleStatus = "draft" | "published";

/** A help article: Markdown as written, its sanitised HTML and its words (for search and quotes). */
export interface HelpArticlesTable {
  id: Generated<string>;
  themeId: string;
  slug: string;
  title: string;
  body: string;
  bodyHtml: string;
  plainText: string;
  status: HelpArticleStatus;
  position: number;
  helpfulYes: ColumnType<number, number | undefined, number>;
  helpfulNo: ColumnType<number, number | undefined, number>;
  createdAt: Date;
  updatedAt: Date;
  /** The tsvector computed by the database (title weighted A, text B); both drivers read it as text (a generated column reads as nullable). */
  searchDocument: ColumnType<string | null, never, never>;
}

export type NoticeLevel = "information" | "important";

/** A news item or notice of the home page, written by platform admins (features/home). */
export interface NoticesTable {
  id: Generated<string>;
  title: string;
  body: string;
  link: string | null;
  level: NoticeLevel;
  published: ColumnType<boolean, boolean | undefined, boolean>;
  /** 'YYYY-MM-DD' (Europe/Paris), included; null: no bound. */
  shownFrom: string | null;
  shownUntil: string | null;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}
export type Notice = Selectable<NoticesTable>;

/** Texts of the portal an admin may set ('presentation': the home page's first sentence). */
export interface PortalTextsTable {
  name: "presentation";
  text: string;
  updatedAt: Date;
  updatedBy: string | null;
}

/** An account's FranceConnect identity (its "sub"), one for one. */
export interface FranceconnectLinksTable {
  accountId: string;
  subject: string;
  linkedAt: Date;
}

export type Civility = "M." | "Mme";
export type AccountRole = "applicant" | "platform_admin" | "agent";
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
  /** Moved by triggers whenever something the person's dashboard shows changes (migration 0029). */
  dashboardVersion: Generated<number>;
  /** 'YYYY-MM-DD' (the date type is read as text, see database.ts). */
  birthDate: ColumnType<string | null, string | null | undefined, string | null>;
  /** INSEE code of the commune of birth; null when born abroad or not given. */
  birthCommuneCode: ColumnType<string | null, string | null | undefined, string | null>;
  /** INSEE country code: '99100' for France. */
  birthCountryCode: ColumnType<string | null, string | null | undefined, string | null>;
  sex: ColumnType<Sex | null, Sex | null | undefined, Sex | null>;
  /** NIR, 15 characters with its key, no spaces. */
  nir: ColumnType<string | null, string | null | undefined, string | null>;
  /** Names and birth data came from FranceConnect: shown locked. */
  identityVerifiedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** 'partner': a landlord's "Mon Compte Partenaire", created by an operator, identifier LOG… (seed 004). */
  kind: ColumnType<AccountKind, AccountKind | undefined, AccountKind>;
  /** Partners: the "numéro utilisateur" printed on the operator's letters; capitals and digits, unique. */
  userNumber: NullableColumn;
  /** Partners' postal address on record (line 1 is the person's name): line 2. */
  postalDetail: NullableColumn;
  /** Line 3: entrance, building, residence. */
  postalComplement: NullableColumn;
  /** Line 4: number and street. */
  postalStreet: NullableColumn;
  /** Line 5: BP, lieu-dit. */
  postalDistribution: NullableColumn;
  postalCode: NullableColumn;
  postalCommune: NullableColumn;
  /** Null means France. */
  postalCountry: NullableColumn;
  /** The letter carrying the temporary password now valid; a newer letter cancels it while unposted. */
  postalPasswordLetterId: NullableColumn;
  /** The temporary password the current letter replaced (hash), recognised at login to explain the refusal. */
  replacedPostalPasswordHash: NullableColumn;
}
type NullableColumn = ColumnType<string | null, string | null | undefined, string | null>;
export type AccountKind = "person" | "partner";
export type Sex = "F" | "M";
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
  /** The organisation the person acts for in this session (one of their active memberships). */
  currentOrganisationId: ColumnType<string | null, string | null | undefined, string | null>;
  /** The id_token of a FranceConnect login, for end_session at logout. */
  franceconnectIdToken: ColumnType<string | null, string | null | undefined, string | null>;
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

/** A postal address in the standard French lines (NF Z10-011), as organisations and representatives have it. */
export interface PostalAddressColumns {
  /** Line 2: recipient within the organisation ("destinataire"). */
  addressRecipient: string | null;
  /** Line 3: building, entrance ("bâtiment"). */
  addressBuilding: string | null;
  /** Line 5: BP, lieu-dit ("mention BP"). */
  addressDistribution: string | null;
  /** INSEE code of the commune, checked against the official list with the postal code; null abroad or CEDEX. */
  communeInseeCode: string | null;
  /** Null means France. */
  country: string | null;
}

/** The portal's record of an organisation (src/features/organisations). */
export interface OrganisationsTable extends PostalAddressColumns {
  id: Generated<string>;
  /** The register entry it was created from; null when created another way. */
  registerId: string | null;
  /** The operator's client number ("code tiers"), without leading zeros. */
  clientNumber: string | null;
  siret: string;
  siren: string;
  name: string;
  /** "Type de tiers": association, commune, entreprise… (see src/features/organisation-record/reference.ts). */
  entityType: string | null;
  /** NAF rev. 2 code, "71.12A". */
  nafCode: string | null;
  /** INSEE legal category, 4 digits ("9220"). */
  legalFormCode: string | null;
  /** RNA number, "W" then 9 characters. */
  rna: string | null;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
  email: string | null;
  website: string | null;
  /** Line 4: number and street ("n° voie"). */
  addressStreet: string;
  postalCode: string;
  communeName: string;
  createdAt: Date;
  /** Shown as "Modifié le …". */
  updatedAt: Date;
  updatedBy: string | null;
  /** The account granted aid is paid to (compact, checked with platform/french/iban.ts); null when not given. */
  iban: string | null;
}
export type Organisation = Selectable<OrganisationsTable>;

export interface OrganisationRepresentativesTable extends PostalAddressColumns {
  id: Generated<string>;
  organisationId: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  /** "Fonction : Présidente". */
  function: string;
  isLegalRepresentative: ColumnType<boolean, boolean | undefined, boolean>;
  addressStreet: string | null;
  postalCode: string | null;
  communeName: string | null;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
  email: string | null;
  createdAt: Date;
  updatedAt: Date;
}
export type OrganisationRepresentative = Selectable<OrganisationRepresentativesTable>;

/** pending: asked to join, awaiting an administrator; refused / deactivated: no access. */
export type MembershipStatus = "pending" | "active" | "refused" | "deactivated";

export interface MembershipsTable {
  id: Generated<string>;
  organisationId: string;
  accountId: string;
  status: MembershipStatus;
  /** Administrator of the organisation's members and grants; only an active member can be. */
  isAdmin: ColumnType<boolean, boolean | undefined, boolean>;
  /** The member's phone, e-mail and function within the organisation (each changed on its own). */
  phone: string | null;
  email: string | null;
  function: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
}
export type Membership = Selectable<MembershipsTable>;

export interface AdminActivationCodesTable {
  id: Generated<string>;
  organisationId: string;
  /** The member who asked to become administrator; the letter itself does not name them. */
  accountId: string;
  /** SHA-256 of the normalised code. */
  codeHash: string;
  letterId: string;
  attempts: ColumnType<number, number | undefined, number>;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  cancelledAt: Date | null;
}
export type AdminActivationCode = Selectable<AdminActivationCodesTable>;

/** Who decides on a grant request for a service. */
export type GrantDecider = "automatic" | "organisation_admin" | "platform_admin";

export interface ServicesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  /** The tile's words on the dashboard ("Mes prêts en ligne"). */
  tileLabel: string;
  description: string;
  /** Where the tile leads (the partner service's address). */
  url: string;
  requiresOrganisation: ColumnType<boolean, boolean | undefined, boolean>;
  /** The member's function within the organisation must be filled in (seed 001, loan space). */
  requiresFunction: ColumnType<boolean, boolean | undefined, boolean>;
  grantedBy: GrantDecider;
  /** "Conditions particulières d'utilisation", plain text with blank lines between paragraphs. */
  termsText: ColumnType<string, string | undefined, string>;
  /** Raised when the terms change: everyone must accept them again. */
  termsVersion: ColumnType<number, number | undefined, number>;
  termsUpdatedAt: Date;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: Date;
  updatedAt: Date;
}
export type Service = Selectable<ServicesTable>;

export type GrantStatus = "pending" | "granted" | "refused" | "revoked";

export interface GrantsTable {
  id: Generated<string>;
  serviceId: string;
  accountId: string;
  /** The organisation the person acts for; null for services that need none. */
  organisationId: string | null;
  status: GrantStatus;
  requestedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  /** Why it was refused or revoked, shown to the person. */
  reason: string | null;
}
export type Grant = Selectable<GrantsTable>;

export interface TermsAcceptancesTable {
  accountId: string;
  serviceId: string;
  termsVersion: number;
  acceptedAt: Date;
}

export interface OidcClientsTable {
  clientId: string;
  /** Kept as is: client_secret_basic compares it (as Keycloak keeps its client secrets). */
  clientSecret: string;
  name: string;
  serviceId: string;
  redirectUris: ColumnType<string[], string[], string[]>;
  postLogoutRedirectUris: ColumnType<string[], string[] | undefined, string[]>;
  backchannelLogoutUri: string | null;
  createdAt: Date;
  createdBy: string | null;
}
export type OidcClient = Selectable<OidcClientsTable>;

/** oidc-provider's models (Session, AuthorizationCode, AccessToken, Grant…) in one table. */
export interface OidcPayloadsTable {
  id: string;
  type: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  /** The account of a Session, so Guichet's logout finds the partner sessions to end. */
  accountId: string | null;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

/** draft: loaded, never published; published: open to new requests; closed: no new request. */
export type ProcedureStatus = "draft" | "published" | "closed";

export interface ProceduresTable {
  id: Generated<string>;
  slug: string;
  status: ColumnType<ProcedureStatus, ProcedureStatus | undefined, ProcedureStatus>;
  /** The published version new requests are filed under (kept when closed). */
  currentVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  closedAt: Date | null;
}
export type Procedure = Selectable<ProceduresTable>;

export interface ProcedureVersionsTable {
  id: Generated<string>;
  procedureId: string;
  number: number;
  /** The validated definition (ProcedureDefinition of src/core/procedures/definition/schema.ts). */
  definition: ColumnType<unknown, string, never>;
  /** SHA-256 of the definition's canonical JSON. */
  checksum: string;
  sourceFile: string;
  loadedAt: Date;
  loadedBy: string | null;
}
export type ProcedureVersion = Selectable<ProcedureVersionsTable>;

/** A case worker's attachment to a procedure, in one of its groups of case workers. */
export interface ProcedureAgentsTable {
  procedureId: string;
  accountId: string;
  groupName: ColumnType<string, string | undefined, string>;
  createdAt: Date;
}

/** Files stored by src/platform/uploads (the record of UploadRecord). */
export interface UploadsTable {
  id: string;
  storageKey: string;
  originalName: string;
  detectedType: "pdf" | "jpeg" | "png" | "odt" | "ods" | "docx" | "xlsx";
  size: number;
  sha256: string;
  createdAt: Date;
}

export type RequestStatus = "draft" | "filed" | "in_instruction" | "accepted" | "refused" | "closed" | "abandoned" | "expired";

/**
 * A request on one version of a procedure. `answers` is jsonb keyed by the definition's field ids:
 * read it as text (`answers::text`) and parse it, because the CamelCasePlugin would rename its keys.
 */
export interface RequestsTable {
  id: Generated<string>;
  procedureId: string;
  procedureVersionId: string;
  applicantId: string | null;
  organisationId: string | null;
  status: RequestStatus;
  /** 18 characters with their check key (src/platform/request-numbers), given at filing. */
  number: string | null;
  answers: ColumnType<unknown, string | undefined, string>;
  currentStep: string | null;
  /** Where the request's mails go; the code to attach it to another account is sent there. */
  applicantEmail: string | null;
  assignedAgentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  filedAt: Date | null;
  takenAt: Date | null;
  decidedAt: Date | null;
  /** Until when the request is valid (the definition's `validité_mois`); null: no validity. */
  validUntil: Date | null;
  renewedAt: Date | null;
  /** The renewal reminders mailed for the current validity (a renewal clears them). */
  remindedMonthAt: Date | null;
  remindedWeekAt: Date | null;
  /** Counts the applicant's updates after filing (an update from an older version is refused). */
  answersVersion: Generated<number>;  /** When the request's history last got a line (a trigger on request_events keeps it, migration 0020). */
  lastActivityAt: Date | null;
}
export type Request = Selectable<RequestsTable>;

/**
 * The distinct words of people's and organisations' names (lower-cased, cut at the spaces), with
 * trigrams: which words contain what an agent typed. Written by the triggers of migration 0027.
 */
export interface NameWordsTable {
  word: string;
}

/** The distinct pairs of consecutive words of people's names (« le roux », « camille martin »), with trigrams (migration 0032). */
export interface NamePairsTable {
  pair: string;
}

/**
 * Each request with the words of its applicant's names and its organisation's name, and the pairs
 * of consecutive words of its applicant's names (a `word` with a space), with what the agents'
 * list filters and sorts on (migrations 0027 and 0032: triggers keep them, the name search reads them).
 */
export interface RequestNameWordsTable {
  requestId: string;
  word: string;
  procedureId: string;
  status: RequestStatus;
  filedAt: Date | null;
}

/** When an agent last opened a request (what changed since is shown to them). */
export interface RequestAgentViewsTable {
  requestId: string;
  agentId: string;
  seenAt: Date;
}

export interface RequestDocumentsTable {
  id: Generated<string>;
  requestId: string;
  /** The definition's document id (pièces of a step). */
  documentId: string;
  uploadId: string;
  status: ColumnType<"provided" | "non_conforming", "provided" | "non_conforming" | undefined, "provided" | "non_conforming">;
  nonConformingReason: string | null;
  uploadedBy: string | null;
  createdAt: Date;
}

export type RequestAskKind = "modification" | "documents";

/** "Demander une modification" / "Demander des pièces complémentaires". */
export interface RequestAsksTable {
  id: Generated<string>;
  requestId: string;
  kind: RequestAskKind;
  message: string;
  /** Modification: the steps the applicant may edit. */
  unlockedSteps: ColumnType<string[], string[] | undefined, string[]>;
  /** Documents: [{ label, documentId?, reason? }] — read as text, like answers. */
  askedDocuments: ColumnType<unknown, string | undefined, string>;
  status: ColumnType<"open" | "answered" | "cancelled", "open" | "answered" | "cancelled" | undefined, "open" | "answered" | "cancelled">;
  askedBy: string | null;
  askedAt: Date;
  answeredAt: Date | null;
  /** What changed (before / after), or the documents sent — read as text. */
  answer: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface RequestMessagesTable {
  id: Generated<string>;
  requestId: string;
  authorId: string | null;
  body: string;
  /** An agents' note: never shown to the applicant. */
  internal: ColumnType<boolean, boolean | undefined, boolean>;
  uploadId: string | null;
  createdAt: Date;
}

export interface RequestEventsTable {
  id: Generated<number>;
  requestId: string;
  occurredAt: Date;
  actorId: string | null;
  event: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus | null;
  reason: string | null;
  visibleToApplicant: ColumnType<boolean, boolean | undefined, boolean>;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface RequestClaimsTable {
  id: Generated<string>;
  requestId: string;
  accountId: string;
  codeHash: string;
  attempts: ColumnType<number, number | undefined, number>;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A year's social housing income ceilings as the operator loaded them (migration 0017). */
export interface HousingCeilingTablesTable {
  /** The year they apply in; compared with the income of year N-2. */
  year: number;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  fileName: string | null;
  loadedBy: string | null;
  loadedAt: Date;
}

export type HousingFinancing = "PLAI" | "PLUS" | "PLS";
export type HousingZone = "paris" | "ile-de-france" | "autres-regions";

/** Ceilings in whole euros for household categories 1 to 6, and per person beyond 6. */
export interface HousingCeilingsTable {
  year: number;
  financing: HousingFinancing;
  zone: HousingZone;
  category1: number;
  category2: number;
  category3: number;
  category4: number;
  category5: number;
  category6: number;
  perAdditionalPerson: number;
}

export interface HousingStockLoadsTable {
  id: Generated<string>;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  fileName: string | null;
  rowCount: number;
  loadedBy: string | null;
  loadedAt: Date;
}

/** The social housing stock of one commune, as last loaded. */
export interface HousingStockTable {
  communeCode: string;
  communeName: string;
  dwellingsT1: number;
  dwellingsT2: number;
  dwellingsT3: number;
  dwellingsT4: number;
  /** T5 and larger. */
  dwellingsT5: number;
  pendingRequests: number;
  /** Tenths of a month. */
  averageWaitTenths: number;
}

/** Who answers the questions of /contact (src/features/contact): named by a platform admin. */
export interface SupportAgentsTable {
  accountId: string;
  grantedBy: string | null;
  grantedAt: Date;
}

export type SupportTopic = "demande" | "compte" | "documents" | "demarches" | "autre";
export type SupportStatus = "new" | "assigned" | "answered" | "closed";

/** A question sent from /contact ("Posez-nous votre question"). */
export interface SupportQuestionsTable {
  id: Generated<string>;
  reference: string;
  topic: SupportTopic;
  requestNumber: string | null;
  body: string;
  name: string;
  email: string;
  accountId: string | null;
  ip: string;
  uploadId: string | null;
  status: ColumnType<SupportStatus, SupportStatus | undefined, SupportStatus>;
  assignedTo: string | null;
  createdAt: Date;
  firstAnsweredAt: Date | null;
  closedAt: Date | null;
}

/** An answer of the support, or a reply of the person, after a question. */
export interface SupportRepliesTable {
  id: Generated<string>;
  questionId: string;
  authorId: string | null;
  fromSupport: boolean;
  body: string;
  createdAt: Date;
}

/** A reception desk ("guichet d'accueil"), found by commune or postal code, nearest first. */
export interface ReceptionDesksTable {
  id: Generated<string>;
  name: string;
  address: string;
  postalCode: string;
  /** INSEE code of the commune (the whole city for Paris, Lyon and Marseille). */
  communeCode: string;
  communeName: string;
  departement: string;
  openingHours: string;
  /** E.164, "+33123456789". */
  phone: string | null;
  /** One service per line. */
  services: ColumnType<string, string | undefined, string>;
  latitude: number | null;
  longitude: number | null;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: Date;
  updatedAt: Date;
}

/** The amount granted on an accepted request (src/features/request-payments), in cents. */
export interface RequestGrantsTable {
  requestId: string;
  amountCents: number;
  recordedBy: string | null;
  recordedAt: Date;
}

export type PaymentStatus = "planned" | "asked" | "ordered" | "paid";

/** One payment of a grant's schedule: prévu → demandé → mandaté → payé. */
export interface RequestPaymentsTable {
  id: Generated<string>;
  requestId: string;
  position: number;
  label: string;
  amountCents: number;
  /** 'YYYY-MM-DD' (read as text, see database.ts). */
  plannedOn: string;
  conditions: ColumnType<string, string | undefined, string>;
  documentsRequired: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  askedAt: Date | null;
  orderedAt: Date | null;
  /** 'YYYY-MM-DD'. */
  paidOn: string | null;
  createdAt: Date;
}

/** The receipts the applicant sent to ask for a payment. */
export interface RequestPaymentFilesTable {
  paymentId: string;
  uploadId: string;
}

export type RequestExportFormat = "csv" | "xlsx" | "ods";
export type RequestExportStatus = "delivered" | "queued" | "running" | "ready" | "failed" | "expired";

/** A case worker's export of a procedure's requests (src/features/instruction/export-*.ts). */
export interface RequestExportsTable {
  id: Generated<string>;
  procedureId: string;
  authorId: string;
  format: RequestExportFormat;
  /** The list's filters as its address holds them (`statut`, `recherche`). */
  statusFilter: string;
  search: ColumnType<string, string | undefined, string>;
  /** The list's `agent` (« moi », « aucun », an agent's id), `echange` and `tri` parameters (migration 0026). */
  agentFilter: ColumnType<string, string | undefined, string>;
  askFilter: ColumnType<string, string | undefined, string>;
  sortOrder: ColumnType<string, string | undefined, string>;
  /** How many times the job started it: the last allowed attempt failing marks it failed. */
  attempts: ColumnType<number, number | undefined, number>;
  /** Only the requests changed after this instant ("depuis mon dernier export"). */
  since: Date | null;
  status: RequestExportStatus;
  rowsExpected: ColumnType<number, number | undefined, number>;
  rowsWritten: ColumnType<number, number | undefined, number>;
  /** The file's random name under <DATA_DIR>/exports, while it is kept. */
  storageKey: string | null;
  size: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

/** A partner's system using the public API (issue 15), with its webhook subscription. */
export interface ApiPartnersTable {
  id: Generated<string>;
  name: string;
  webhookUrl: string | null;
  webhookSecret: string;
  webhookEvents: ColumnType<string[], string[] | undefined, string[]>;
  createdBy: string | null;
  createdAt: Date;
}

/** A partner's API token: only its SHA-256 is kept. */
export interface ApiTokensTable {
  id: Generated<string>;
  partnerId: string;
  label: string;
  tokenHash: string;
  prefix: string;
  scopes: ColumnType<string[], string[], string[]>;
  expiresAt: Date;
  revokedAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** An account's consent: this partner may create and file requests on its behalf. */
export interface ApiGrantsTable {
  accountId: string;
  partnerId: string;
  grantedAt: Date;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One event sent to a partner's webhook address (the exact body signed). */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  partnerId: string;
  eventType: string;
  body: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** One try of a delivery: the receiver's status code, or why it could not be reached. */
export interface WebhookAttemptsTable {
  id: Generated<string>;
  deliveryId: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The per-IP ceiling's counts, shared by every process (migration 0024; platform/rate-limit). */
export interface RateLimitCountersTable {
  key: string;
  hits: number;
  resetsAt: Date;
}

/** Statistics (migration 0022), kept by triggers on requests: what happened each day (Europe/Paris). */
export type RequestFlow = "started" | "filed" | "accepted" | "refused" | "closed" | "abandoned" | "expired";

export interface RequestFlowCountsTable {
  procedureId: string;
  /** 'YYYY-MM-DD'. */
  day: string;
  flow: RequestFlow;
  count: number;
}

/** Decisions per month (first day, 'YYYY-MM-DD') by whole days from filing: a histogram. */
export interface RequestProcessingDaysTable {
  procedureId: string;
  month: string;
  days: number;
  count: number;
}

/** Requests still to process (filed or in instruction) per assigned agent (null: nobody) and day filed. */
export interface RequestBacklogCountsTable {
  procedureId: string;
  assignedAgentId: string | null;
  filedDay: string;
  count: number;
}
