import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";
import { insertNotice, listNotices } from "../features/home/queries.ts";

/** One notice on the demo's home page, written once: admins change it at /administration/actualites. */
export async function seedDemoNotices(deps: { db: Db; clock: Clock }) {
  if ((await listNotices(deps.db)).length > 0) return;
  await insertNotice(
    deps.db,
    {
      title: "Portail de démonstration",
      body: "Les comptes, les structures et les demandes de ce portail sont fictifs : essayez les démarches sans crainte. Les identifiants des comptes de démonstration s'affichent au démarrage du portail.",
      link: "/demarches",
      level: "information",
      published: true,
      shownFrom: null,
      shownUntil: null,
    },
    { at: deps.clock.now(), accountId: null },
  );
}
