import { describe, expect, it } from "vitest";
import { readPivot } from "./pivot.ts";

const angela = {
  given_name: "Angela Claire Louise",
  family_name: "DUBOIS",
  birthdate: "1962-08-24",
  gender: "female",
  birthplace: "44109",
  birthcountry: "99100",
  email: "angela.dubois@exemple.fr",
  preferred_username: "",
};

describe("the pivot identity read from FranceConnect's userinfo", () => {
  it("reads a complete identity", () => {
    expect(readPivot(angela)).toMatchObject({ givenName: "Angela Claire Louise", familyName: "DUBOIS", birthdate: "1962-08-24", gender: "female", birthplace: "44109" });
  });

  // The database refuses such a date: written to the account, it was a 500 at the callback or at the account's creation.
  it("refuses a birth date that does not exist, which JavaScript's Date.parse rolls over", () => {
    for (const birthdate of ["1962-02-30", "1962-02-29", "1962-04-31", "1962-00-10", "1962-13-01", "1962-08-00"]) expect(readPivot({ ...angela, birthdate }), birthdate).toBeNull();
    expect(readPivot({ ...angela, birthdate: "1964-02-29" })?.birthdate).toBe("1964-02-29");
  });
});
