import { describe, expect, it } from "vitest";
import { mayDecide, requestRoute } from "./policies.ts";

describe("who decides on grants", () => {
  it("lets an organisation's administrators decide on their own organisation's requests for the services they grant", () => {
    const scope = { kind: "organisation", organisationId: "A" } as const;
    expect(mayDecide(scope, { organisationId: "A", grantedBy: "organisation_admin" })).toBe(true);
    expect(mayDecide(scope, { organisationId: "B", grantedBy: "organisation_admin" })).toBe(false);
    expect(mayDecide(scope, { organisationId: "A", grantedBy: "platform_admin" })).toBe(false);
    expect(mayDecide(scope, { organisationId: "A", grantedBy: "automatic" })).toBe(false);
  });

  it("lets platform admins decide on the services they grant, whatever the organisation", () => {
    const scope = { kind: "platform" } as const;
    expect(mayDecide(scope, { organisationId: null, grantedBy: "platform_admin" })).toBe(true);
    expect(mayDecide(scope, { organisationId: "A", grantedBy: "platform_admin" })).toBe(true);
    expect(mayDecide(scope, { organisationId: "A", grantedBy: "organisation_admin" })).toBe(false);
  });
});

describe("what happens to a request", () => {
  const member = (fields: Partial<{ isAdmin: boolean; status: string; administratorCount: number }> = {}) => ({ isAdmin: false, status: "active", administratorCount: 1, ...fields });

  it("is granted at once for automatic services, and for an administrator asking for a service administrators grant", () => {
    expect(requestRoute({ grantedBy: "automatic" }, null)).toBe("automatic");
    expect(requestRoute({ grantedBy: "organisation_admin" }, member({ isAdmin: true }))).toBe("self");
  });

  it("waits for the organisation's administrators, or for the first member to become one", () => {
    expect(requestRoute({ grantedBy: "organisation_admin" }, member())).toBe("organisation_admin");
    expect(requestRoute({ grantedBy: "organisation_admin" }, member({ status: "pending" }))).toBe("organisation_admin");
    expect(requestRoute({ grantedBy: "organisation_admin" }, member({ administratorCount: 0 }))).toBe("first_member");
  });

  it("waits for platform admins for the services they grant, administrator or not", () => {
    expect(requestRoute({ grantedBy: "platform_admin" }, member({ isAdmin: true }))).toBe("platform_admin");
  });
});
