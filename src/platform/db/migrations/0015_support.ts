import { sql, type Kysely } from "kysely";

// "Posez-nous votre question" (src/features/contact): the questions people send from /contact,
// the support agents who answer them, and the thread of answers and replies.
const statements = [
  // Who answers the questions: agents or platform admins named by a platform admin. A table of
  // its own rather than a value of accounts.role: a case worker can also answer questions.
  `create table support_agents (
    account_id uuid primary key references accounts (id) on delete cascade,
    granted_by uuid references accounts (id) on delete set null,
    granted_at timestamptz not null
  )`,
  `create table support_questions (
    id uuid primary key default gen_random_uuid(),
    -- What the person quotes: "Q-" and 8 characters of an unambiguous alphabet.
    reference text not null unique check (reference ~ '^Q-[A-Z0-9]{4}-[A-Z0-9]{4}$'),
    topic text not null check (topic in ('demande', 'compte', 'documents', 'demarches', 'autre')),
    -- A request number whose check characters were verified (compact form), or null.
    request_number text check (request_number ~ '^[A-Z347]{18}$'),
    body text not null check (char_length(body) between 1 and 5000),
    name text not null check (char_length(name) between 1 and 200),
    email text not null check (char_length(email) between 3 and 254),
    -- The account that asked, when signed in: the answer shows in its "Mes questions".
    account_id uuid references accounts (id) on delete set null,
    -- The sender's address as counted by the flood limit (an IPv4 address, an IPv6 /64).
    ip text not null,
    upload_id uuid references uploads (id),
    status text not null default 'new' check (status in ('new', 'assigned', 'answered', 'closed')),
    assigned_to uuid references accounts (id) on delete set null,
    created_at timestamptz not null,
    first_answered_at timestamptz,
    closed_at timestamptz
  )`,
  `create index support_questions_by_status on support_questions (status, created_at)`,
  `create index support_questions_by_ip on support_questions (ip, created_at)`,
  `create index support_questions_by_account on support_questions (account_id, created_at)`,
  `create index support_questions_answered on support_questions (created_at) where first_answered_at is not null`,
  // The thread after the question: the support's answers and the person's replies.
  `create table support_replies (
    id uuid primary key default gen_random_uuid(),
    question_id uuid not null references support_questions (id) on delete cascade,
    author_id uuid references accounts (id) on delete set null,
    from_support boolean not null,
    body text not null check (char_length(body) between 1 and 5000),
    created_at timestamptz not null
  )`,
  `create index support_replies_by_question on support_replies (question_id, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["support_replies", "support_questions", "support_agents"]) await sql.raw(`drop table if exists ${table}`).execute(db);
}
