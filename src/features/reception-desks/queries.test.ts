import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { DeskInput } from "./desk-input.ts";
import {
  countDesks,
  deleteAllDesks,
  deleteDesk,
  estimateCommunePosition,
  findDesk,
  findDesksInDepartement,
  findNearestDesks,
  insertDesks,
  listDesks,
  updateDesk,
} from "./queries.ts";

const at = new Date("2026-12-01T09:00:00Z");

function desk(fields: Partial<DeskInput> = {}): DeskInput {
  return {
    name: "Guichet de Toulouse",
    address: "1 rue A",
    postalCode: "31000",
    communeCode: "31555",
    communeName: "Toulouse",
    departement: "31",
    openingHours: "du lundi au vendredi",
    phone: "+33536490001",
    services: "Aide aux démarches\nLogement",
    latitude: 43.6045,
    longitude: 1.444,
    ...fields,
  };
}

const toulouse = desk();
const blagnac = desk({ name: "Guichet de Blagnac", postalCode: "31700", communeCode: "31069", communeName: "Blagnac", latitude: 43.637, longitude: 1.39 });
const saintGaudens = desk({ name: "Guichet de Saint-Gaudens", postalCode: "31800", communeCode: "31483", communeName: "Saint-Gaudens", latitude: 43.1081, longitude: 0.7233 });
const bordeaux = desk({ name: "Guichet de Bordeaux", postalCode: "33000", communeCode: "33063", communeName: "Bordeaux", departement: "33", latitude: 44.8378, longitude: -0.5792 });
const muretUnplaced = desk({ name: "Guichet de Muret", postalCode: "31600", communeCode: "31395", communeName: "Muret", latitude: null, longitude: null });

describe("reception desks' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await deleteAllDesks(database.db);
  });

  it("insertDesks adds desks in one statement and returns their ids; an empty list adds nothing", async () => {
    const ids = await insertDesks(database.db, [toulouse, blagnac], at, { demo: true });
    expect(ids).toHaveLength(2);
    expect(await findDesk(database.db, ids[0]!)).toMatchObject({ name: "Guichet de Toulouse", demo: true, latitude: 43.6045, phone: "+33536490001" });
    expect(await insertDesks(database.db, [], at)).toEqual([]);
    expect(await countDesks(database.db)).toBe(2);
  });

  it("listDesks orders by département, commune and name; findDesk finds one or nothing", async () => {
    await insertDesks(database.db, [bordeaux, toulouse, blagnac], at);
    expect((await listDesks(database.db)).map((row) => row.communeName)).toEqual(["Blagnac", "Toulouse", "Bordeaux"]);
    expect(await findDesk(database.db, "00000000-0000-0000-0000-000000000000")).toBeUndefined();
  });

  it("updateDesk replaces a desk's fields, and says false when it is gone; deleteDesk returns what it deleted", async () => {
    const [id] = await insertDesks(database.db, [toulouse], at);
    expect(await updateDesk(database.db, id!, { ...toulouse, name: "Nouveau nom", phone: null, latitude: null, longitude: null }, new Date("2026-12-02T09:00:00Z"))).toBe(true);
    expect(await findDesk(database.db, id!)).toMatchObject({ name: "Nouveau nom", phone: null, latitude: null });
    expect(await deleteDesk(database.db, id!)).toMatchObject({ id, name: "Nouveau nom", communeName: "Toulouse" });
    expect(await deleteDesk(database.db, id!)).toBeUndefined();
    expect(await updateDesk(database.db, id!, toulouse, at)).toBe(false);
  });

  it("deleteAllDesks empties the list and counts what it removed; countDesks counts them", async () => {
    await insertDesks(database.db, [toulouse, blagnac, bordeaux], at);
    expect(await countDesks(database.db)).toBe(3);
    expect(await deleteAllDesks(database.db)).toBe(3);
    expect(await countDesks(database.db)).toBe(0);
  });

  it("refuses a desk with only one coordinate (the database's own check)", async () => {
    await expect(insertDesks(database.db, [desk({ latitude: 43.6, longitude: null })], at)).rejects.toThrow();
  });

  it("estimateCommunePosition uses the commune's desks, else its postal codes', else its département's, else gives none", async () => {
    await insertDesks(database.db, [toulouse, blagnac, saintGaudens, muretUnplaced], at);
    expect(await estimateCommunePosition(database.db, { code: "31555", postalCodes: ["31000"], departement: "31" })).toEqual({ latitude: 43.6045, longitude: 1.444, basis: "commune" });
    // Colomiers (31149) has no desk: the mean of the département's placed desks.
    const colomiers = await estimateCommunePosition(database.db, { code: "31149", postalCodes: ["31770"], departement: "31" });
    expect(colomiers?.basis).toBe("departement");
    expect(colomiers?.latitude).toBeCloseTo((43.6045 + 43.637 + 43.1081) / 3, 6);
    // A desk filed under another commune sharing the postal code.
    expect((await estimateCommunePosition(database.db, { code: "31999", postalCodes: ["31700"], departement: "31" }))?.basis).toBe("postal-code");
    expect(await estimateCommunePosition(database.db, { code: "33063", postalCodes: ["33000"], departement: "33" })).toBeUndefined();
    expect(await estimateCommunePosition(database.db, { code: "33063", postalCodes: [], departement: "33" })).toBeUndefined();
  });

  it("findNearestDesks gives the distance as the crow flies, nearest first, unplaced desks last", async () => {
    await insertDesks(database.db, [bordeaux, saintGaudens, muretUnplaced, blagnac, toulouse], at);
    const desks = await findNearestDesks(database.db, { latitude: 43.6045, longitude: 1.444 }, { communeCode: "31555", departement: "31" }, 10);
    expect(desks.map((row) => row.communeName)).toEqual(["Toulouse", "Blagnac", "Saint-Gaudens", "Bordeaux", "Muret"]);
    expect(desks[0]!.distanceKm).toBeCloseTo(0, 3);
    // Toulouse–Blagnac about 5.5 km, Toulouse–Bordeaux about 212 km.
    expect(desks[1]!.distanceKm).toBeGreaterThan(5);
    expect(desks[1]!.distanceKm).toBeLessThan(6);
    expect(desks[3]!.distanceKm).toBeGreaterThan(205);
    expect(desks[3]!.distanceKm).toBeLessThan(220);
    expect(desks[4]!.distanceKm).toBeNull();
    expect(await findNearestDesks(database.db, { latitude: 43.6045, longitude: 1.444 }, { communeCode: "31555", departement: "31" }, 2)).toHaveLength(2);
  });

  it("findDesksInDepartement lists the commune's desks first, then the département's, without distance", async () => {
    await insertDesks(database.db, [muretUnplaced, desk({ ...muretUnplaced, name: "Antenne d'Aucamville", postalCode: "31140", communeCode: "31022", communeName: "Aucamville" }), bordeaux], at);
    const desks = await findDesksInDepartement(database.db, { communeCode: "31395", departement: "31" }, 10);
    expect(desks.map((row) => [row.communeName, row.distanceKm])).toEqual([["Muret", null], ["Aucamville", null]]);
  });
});
