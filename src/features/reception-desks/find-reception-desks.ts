import type { Db } from "../../platform/db/database.ts";
import { searchCommune, type CommuneSearch, type SearchedCommune } from "./commune-search.ts";
import { estimateCommunePosition, findDesksInDepartement, findNearestDesks, type EstimatedPosition, type NearDesk } from "./queries.ts";

export const DESKS_SHOWN = 10;

export type DeskSearchResult =
  | Exclude<CommuneSearch, { kind: "found" }>
  | { kind: "found"; commune: SearchedCommune; desks: NearDesk[]; position: EstimatedPosition | undefined };

/**
 * "Trouver un guichet d'accueil": the commune typed (name or postal code) or chosen, then the
 * desks nearest it. The commune's position is estimated from the desks the portal knows (see
 * estimateCommunePosition); with none in its département, its département's desks are listed
 * without distances.
 */
export async function findReceptionDesks(db: Db, query: { q?: string | undefined; commune?: string | undefined }): Promise<DeskSearchResult> {
  const search = searchCommune(query.q, query.commune);
  if (search.kind !== "found") return search;
  const { commune } = search;
  const near = { communeCode: commune.code, departement: commune.departement };
  const position = await estimateCommunePosition(db, commune);
  const desks = position ? await findNearestDesks(db, position, near, DESKS_SHOWN) : await findDesksInDepartement(db, near, DESKS_SHOWN);
  return { kind: "found", commune, desks, position };
}
