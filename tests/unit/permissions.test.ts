import { describe, expect, it } from "vitest";
import { authorize, authorizePerson, jobActor, personActor } from "@/lib/auth/actor";
import { can, PERMISSIONS } from "@/lib/auth/permissions";
import { ServiceError } from "@/lib/errors";

describe("permission table", () => {
  it("lets every role see the workspace and act on removal candidates", () => {
    for (const role of ["sam_user", "sam_integrator", "sam_admin"] as const) {
      expect(can([role], "workspace:view")).toBe(true);
      expect(can([role], "candidates:act")).toBe(true);
      expect(can([role], "lists:export")).toBe(true);
    }
  });

  it("keeps profile work for integrators and people, rules and entitlements for admins", () => {
    expect(can(["sam_integrator"], "profiles:manage")).toBe(true);
    expect(can(["sam_admin"], "profiles:manage")).toBe(false);
    expect(can(["sam_user"], "profiles:manage")).toBe(false);
    expect(can(["sam_admin"], "users:manage")).toBe(true);
    expect(can(["sam_integrator"], "users:manage")).toBe(false);
    expect(can(["sam_user"], "users:manage")).toBe(false);
    expect(can(["sam_user", "sam_admin"], "entitlements:manage")).toBe(true);
  });

  it("grants nothing to a person without roles", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can([], p)).toBe(false);
  });

  const person = (roles: ("sam_user" | "sam_admin")[]) => personActor({ id: "00000000-0000-0000-0000-000000000000", email: "p@example.com", roles });

  it("authorize throws a forbidden service error", () => {
    expect(() => authorize(person(["sam_user"]), "users:manage", "create people")).toThrow(ServiceError);
    expect(() => authorize(person(["sam_user"]), "users:manage", "create people")).toThrow(/permission to create people/);
    expect(() => authorize(person(["sam_admin"]), "users:manage")).not.toThrow();
    expect(() => authorize(jobActor("test", null, "Test"), "users:manage")).not.toThrow();
  });

  it("authorizePerson refuses a job where only a person may act", () => {
    expect(() => authorizePerson(jobActor("test", null, "Test"), "connections:manage")).toThrow(ServiceError);
    expect(() => authorizePerson(person(["sam_user"]), "connections:manage")).toThrow(ServiceError);
  });
});
