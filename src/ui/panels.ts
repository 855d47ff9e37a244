import type { Child } from "hono/jsx";
import type { Db } from "../platform/db/database.ts";
import type { PageContext } from "./context.ts";

/** What a panel draws once loaded, with the page's context (CSRF token, person, brand). */
export type Drawing = (ctx: PageContext) => Child;

/**
 * A part of a host page that another feature draws: a request's asks, its Messagerie, the
 * dashboard's "Mes demandes". The host's route loads every panel of its declared list beside its
 * own queries, and its view draws what they return. The lists are declared in
 * src/features/panels.ts, so a new panel is a folder and a line there: no host page changes.
 */
export type Panel<Host> = (db: Db, host: Host) => Promise<Drawing>;

/** The same for a list page: one load for all the items, then a drawing for each item. */
export type ListPanel<Item> = (db: Db, items: readonly Item[]) => Promise<(ctx: PageContext, item: Item) => Child>;

/** Loads a host's panels at once (each is usually one query, so they overlap). */
export function loadPanels<Host>(panels: readonly Panel<Host>[], db: Db, host: Host): Promise<Drawing[]> {
  return Promise.all(panels.map((panel) => panel(db, host)));
}

/** Loads a list page's panels at once. */
export function loadListPanels<Item>(panels: readonly ListPanel<Item>[], db: Db, items: readonly Item[]) {
  return Promise.all(panels.map((panel) => panel(db, items)));
}
