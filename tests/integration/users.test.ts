import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultRows } from "@/lib/db/driver";
import { auditLog, users } from "@/lib/db/schema";
import { personActor, type PersonActor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { ServiceError } from "@/lib/errors";
import { usersSpec } from "@/lib/lists/users-spec";
import { createUser } from "@/lib/services/users/create-user";
import { iterateUsers, listUsers } from "@/lib/services/users/list-users";
import { updateUser } from "@/lib/services/users/update-user";
import { createUserInput } from "@/lib/services/users/user-input";
import { parseListParams } from "@/lib/table/list-spec";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

describe.each(ENGINES)("people and roles on %s", (engine) => {
  let t: TestDb;
  let admin: PersonActor;

  beforeAll(async () => {
    t = await createTestDb(engine);
    const [row] = await t.db
      .insert(users)
      .values({ email: "root@example.com", name: "Root Admin", passwordHash: "x", roles: ["sam_admin"] })
      .returning();
    admin = personActor(row!);
  });
  afterAll(async () => t?.dispose());

  const input = (email: string, roles: string[] = ["sam_user"]) =>
    createUserInput.parse({ name: email.split("@")[0], email, password: "a-long-enough-password", roles });

  it("creates a person with a hashed password and writes the audit row in the same transaction", async () => {
    const { id } = await createUser({ db: t.db, actor: admin }, input("New.Person@Example.com", ["sam_user", "sam_integrator"]));
    const [row] = await t.db.select().from(users).where(eq(users.id, id));
    expect(row?.email).toBe("new.person@example.com");
    expect(row?.roles).toEqual(["sam_user", "sam_integrator"]);
    expect(row?.passwordHash).not.toContain("a-long-enough-password");
    expect(await verifyPassword(row!.passwordHash, "a-long-enough-password")).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "user.create", actorId: admin.id, actorLabel: admin.email });
  });

  it("refuses a duplicate email (any case) with a field message, and writes nothing", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    const err = await createUser({ db: t.db, actor: admin }, input("NEW.person@example.com")).catch((e) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).fieldErrors?.email?.[0]).toMatch(/already exists/);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("refuses a person without sam_admin", async () => {
    const err = await createUser({ db: t.db, actor: { ...admin, roles: ["sam_user"] } }, input("x@example.com")).catch((e) => e);
    expect(err).toMatchObject({ code: "forbidden" });
    expect(await t.db.select().from(users).where(eq(users.email, "x@example.com"))).toHaveLength(0);
  });

  it("keeps at least one active sam_admin", async () => {
    await expect(updateUser({ db: t.db, actor: admin }, { id: admin.id, roles: ["sam_user"], active: true })).rejects.toMatchObject({ code: "conflict" });
    const { id } = await createUser({ db: t.db, actor: admin }, input("second.admin@example.com", ["sam_admin"]));
    await updateUser({ db: t.db, actor: admin }, { id, roles: ["sam_admin"], active: false });
    await expect(updateUser({ db: t.db, actor: admin }, { id: admin.id, roles: ["sam_user"], active: true })).rejects.toMatchObject({ code: "conflict" });
    await updateUser({ db: t.db, actor: admin }, { id, roles: ["sam_admin"], active: true });
    await updateUser({ db: t.db, actor: admin }, { id: admin.id, roles: ["sam_admin", "sam_user"], active: true });
    const [row] = await t.db.select().from(users).where(eq(users.id, admin.id));
    expect(row?.roles).toEqual(["sam_admin", "sam_user"]);
  });

  it("the last two admins each giving up the role at once: one succeeds, the other is refused, one admin remains", async () => {
    // A test-only trigger holds each change of roles for 100 ms, so that the two transactions overlap
    // (on PGlite, one connection, they queue anyway).
    await t.db.execute(sql.raw("create function test_slow_roles() returns trigger language plpgsql as $$ begin perform pg_sleep(0.1); return new; end $$"));
    await t.db.execute(sql.raw("create trigger test_slow_roles before update of roles on users for each row execute function test_slow_roles()"));
    for (let trial = 0; trial < 3; trial++) {
      // Only the root admin holds the role when a trial starts; the two new admins then take it from it.
      await t.db.execute(sql`update users set roles = array['sam_user']::text[] where id <> ${admin.id}`);
      const a = await createUser({ db: t.db, actor: admin }, input(`duel.a${trial}@example.com`, ["sam_admin"]));
      const b = await createUser({ db: t.db, actor: admin }, input(`duel.b${trial}@example.com`, ["sam_admin"]));
      await updateUser({ db: t.db, actor: admin }, { id: admin.id, roles: ["sam_user"], active: true });
      const actorA = personActor({ id: a.id, email: `duel.a${trial}@example.com`, roles: ["sam_admin"] });
      const actorB = personActor({ id: b.id, email: `duel.b${trial}@example.com`, roles: ["sam_admin"] });
      const outcomes = await Promise.allSettled([
        updateUser({ db: t.db, actor: actorA }, { id: a.id, roles: ["sam_user"], active: true }),
        updateUser({ db: t.db, actor: actorB }, { id: b.id, roles: ["sam_user"], active: true }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
      const admins = resultRows(await t.db.execute(sql`select count(*)::int as n from users where active and 'sam_admin' = any(roles)`));
      expect(Number(admins[0]?.n)).toBe(1);
      // Hand the role back to the root admin for the next trial.
      const survivor = outcomes[0].status === "fulfilled" ? actorB : actorA;
      await updateUser({ db: t.db, actor: survivor }, { id: admin.id, roles: ["sam_admin"], active: true });
    }
    await t.db.execute(sql.raw("drop trigger test_slow_roles on users"));
    await t.db.execute(sql.raw("drop function test_slow_roles()"));
  });

  it("lists with filter, sort and paging, and the export iterator yields the same rows", async () => {
    for (let i = 0; i < 30; i++) await createUser({ db: t.db, actor: admin }, input(`bulk${String(i).padStart(2, "0")}@example.com`, i % 3 === 0 ? ["sam_integrator"] : ["sam_user"]));
    const params = parseListParams(usersSpec, { q: "bulk", role: "sam_integrator", sort: "email.desc", perPage: "10" });
    const page1 = await listUsers({ db: t.db, actor: personActor(admin) }, { params: params });
    expect(page1.total).toBe(10);
    expect(page1.rows.map((r) => r.email)).toEqual(
      Array.from({ length: 10 }, (_, k) => `bulk${String(27 - 3 * k).padStart(2, "0")}@example.com`),
    );
    const exported = [];
    for await (const r of iterateUsers({ db: t.db, actor: personActor(admin) }, { params: params })) exported.push(r.email);
    expect(exported).toEqual(page1.rows.map((r) => r.email));
    const page2 = await listUsers({ db: t.db, actor: personActor(admin) }, { params: { ...parseListParams(usersSpec, { q: "bulk", perPage: "10", page: "2" }) } });
    expect(page2.rows).toHaveLength(10);
    expect(page2.rows[0]?.email).toBe("bulk10@example.com");
  });
});
