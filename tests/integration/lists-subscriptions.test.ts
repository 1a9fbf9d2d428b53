import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/services/context";
import { softwareSubscriptions, type NewSoftwareSubscription } from "@/lib/db/schema";
import { exclusionText, profileSubscriptionsSpec, subscriptionsSpec } from "@/lib/lists/subscriptions-spec";
import { listSubscriptionFilterOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { iterateSubscriptions, countSubscriptions, listSubscriptions, type SubscriptionRow } from "@/lib/services/subscriptions/list-subscriptions";
import { listParamsToSearch, parseListParams } from "@/lib/table/list-spec";
import { decodeCursor, encodeCursor } from "@/lib/table/keyset";
import { countOrEstimate } from "@/lib/table/sql";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { mulberry32 } from "@/e2e/miro-simulator/prng";
import { DAY, insertSubscriptions, seedDirectoryUser, seedIdentifierRule, seedModel, seedProfile, VIEWER } from "./lists-fixtures";

type Fixture = { id: string; profile: "A" | "B"; upn: string; identifier: string; modelId: string | null; last: Date | null; assigned: Date | null; excluded: boolean; userId: string | null; active: boolean };

describe.each(ENGINES)("Software Subscriptions list on %s", (engine) => {
  let t: TestDb;
  let ctx: ServiceContext;
  const NOW = new Date(Date.UTC(2026, 4, 15, 12, 0, 0));
  const fixtures: Fixture[] = [];
  let profileA: string;
  let profileB: string;
  let models: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDb(engine);
    ctx = { db: t.db, actor: VIEWER };
    const a = await seedProfile(t.db, "Miro Acme");
    const b = await seedProfile(t.db, "Miro Beta");
    profileA = a.id;
    profileB = b.id;
    const full = await seedModel(t.db, "Miro Enterprise — Full", "full");
    const occasional = await seedModel(t.db, "Miro Enterprise — Occasional", "occasional");
    models = { full: full.id, occasional: occasional.id };
    const free = await seedIdentifierRule(t.db, "free");
    // Deterministic, so that a failure reproduces.
    const random = mulberry32(7);
    const rows: NewSoftwareSubscription[] = [];
    const identifiers = ["full", "full", "occasional", "free", "mystery"];
    for (const [profile, count, domain] of [["A", 250, "acme.example"], ["B", 60, "beta.example"]] as const) {
      for (let i = 0; i < count; i++) {
        const identifier = identifiers[i % 5]!;
        const local = `user${String(i).padStart(3, "0")}`;
        const upn = `${i % 7 === 0 ? local.toUpperCase() : local}@${domain}`;
        // Ties on purpose: i % 37 repeats the same instant, so the id must break them.
        const last = i % 10 === 0 ? null : new Date(NOW.getTime() - (i % 37) * DAY - 3_600_000);
        const assigned = i % 13 === 0 ? null : new Date(NOW.getTime() - (100 + (i % 50)) * DAY);
        const user = i % 4 !== 0 ? await seedDirectoryUser(t.db, `Person ${profile}${i}`, upn.toLowerCase()) : null;
        const id = crypto.randomUUID();
        const f: Fixture = {
          id,
          profile,
          upn,
          identifier,
          modelId: models[identifier] ?? null,
          last,
          assigned,
          excluded: identifier === "free",
          userId: user?.id ?? null,
          active: i % 9 !== 0,
        };
        fixtures.push(f);
        rows.push({
          id,
          profileId: profile === "A" ? profileA : profileB,
          externalUserId: `${profile}${i}`,
          userPrincipalName: upn,
          displayName: `Member ${i}`,
          subscriptionIdentifier: identifier,
          softwareModelId: f.modelId,
          lastActivityAt: last,
          subscriptionAssignedAt: assigned,
          active: f.active,
          excluded: f.excluded,
          identifierExclusionRuleId: f.excluded ? free.id : null,
          directoryUserId: f.userId,
          vendorAttributes: { r: random() },
        });
      }
    }
    // A removed subscription: history, never listed.
    rows.push({
      profileId: profileA,
      externalUserId: "gone",
      userPrincipalName: "gone@acme.example",
      subscriptionIdentifier: "full",
      removedAt: NOW,
      removalReason: "vendor_removed",
    });
    await insertSubscriptions(t.db, rows);
    await t.db.execute(sql`analyze software_subscriptions`);
  });
  afterAll(async () => t?.dispose());

  const params = (search: Record<string, string>) => parseListParams(subscriptionsSpec, { perPage: "25", ...search });

  async function walk(search: Record<string, string>) {
    const pages: SubscriptionRow[][] = [];
    let p = params(search);
    let res = await listSubscriptions(ctx, { params: p, now: NOW });
    pages.push(res.rows);
    while (res.cursors.next) {
      p = params({ ...search, page: String(pages.length + 1), cursor: res.cursors.next });
      res = await listSubscriptions(ctx, { params: p, now: NOW });
      pages.push(res.rows);
      expect(pages.length).toBeLessThan(100);
    }
    return { pages, last: res, lastParams: p };
  }

  /** Nulls first ascending, last descending; ties by id in the sort's direction (lib/table/keyset.ts). */
  function expectedOrder(key: (f: Fixture) => number | null, desc: boolean): string[] {
    const current = [...fixtures];
    return current
      .sort((x, y) => {
        const a = key(x);
        const b = key(y);
        let c: number;
        if (a === null && b === null) c = 0;
        else if (a === null) c = -1;
        else if (b === null) c = 1;
        else c = a - b;
        if (c === 0) c = x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
        return desc ? -c : c;
      })
      .map((f) => f.id);
  }

  const sorts = [
    "inactiveDays.desc",
    "inactiveDays.asc",
    "lastActivityAt.asc",
    "lastActivityAt.desc",
    "userPrincipalName.asc",
    "userPrincipalName.desc",
    "subscriptionIdentifier.asc",
    "subscriptionIdentifier.desc",
    "subscriptionAssignedAt.asc",
    "subscriptionAssignedAt.desc",
  ];

  it.each(sorts)("pages by cursor through every row once, forward and back, sorted by %s", async (sort) => {
    const { pages, last, lastParams } = await walk({ sort });
    const ids = pages.flat().map((r) => r.id);
    expect(ids).toHaveLength(fixtures.length);
    expect(new Set(ids).size).toBe(fixtures.length);
    expect(pages.slice(0, -1).every((p) => p.length === 25)).toBe(true);

    // The same pages by OFFSET (a typed page number, no cursor).
    for (const n of [1, 2, 7, pages.length]) {
      const byOffset = await listSubscriptions(ctx, { params: params({ sort, page: String(n) }), now: NOW });
      expect(byOffset.rows.map((r) => r.id)).toEqual(pages[n - 1]!.map((r) => r.id));
    }

    // Back from the last page to the first by the "before" cursors.
    let res = last;
    let page = lastParams.page;
    while (page > 1) {
      const target = page - 1;
      res =
        target === 1
          ? await listSubscriptions(ctx, { params: params({ sort }), now: NOW })
          : await listSubscriptions(ctx, { params: params({ sort, page: String(target), cursor: res.cursors.prev! }), now: NOW });
      expect(res.rows.map((r) => r.id)).toEqual(pages[target - 1]!.map((r) => r.id));
      page = target;
    }
    expect(res.cursors.prev).toBeNull();

    // Timestamps sort the same in JavaScript: check the order itself.
    const [id, dir] = sort.split(".") as [string, string];
    const time = (d: Date | null) => (d ? d.getTime() : null);
    if (id === "lastActivityAt") expect(ids).toEqual(expectedOrder((f) => time(f.last), dir === "desc"));
    if (id === "inactiveDays") expect(ids).toEqual(expectedOrder((f) => time(f.last), dir === "asc"));
    if (id === "subscriptionAssignedAt") expect(ids).toEqual(expectedOrder((f) => time(f.assigned), dir === "desc"));
    if (id === "subscriptionIdentifier") {
      const values = pages.flat().map((r) => r.subscriptionIdentifier);
      expect(values).toEqual([...values].sort((a, b) => (dir === "asc" ? a.localeCompare(b) : b.localeCompare(a))));
    }
  });

  it("ignores a cursor made for another sort and pages by OFFSET instead", async () => {
    const first = await listSubscriptions(ctx, { params: params({ sort: "userPrincipalName.asc" }), now: NOW });
    const stale = await listSubscriptions(ctx, { params: params({ sort: "lastActivityAt.asc", page: "2", cursor: first.cursors.next! }), now: NOW });
    const offset = await listSubscriptions(ctx, { params: params({ sort: "lastActivityAt.asc", page: "2" }), now: NOW });
    expect(stale.rows.map((r) => r.id)).toEqual(offset.rows.map((r) => r.id));
  });

  it("filters by identifier, model, profile, inactive days, excluded, never active and without user", async () => {
    const count = async (search: Record<string, string>) => {
      const page = await listSubscriptions(ctx, { params: params(search), now: NOW });
      const counted = await countSubscriptions(ctx, { params: params(search), now: NOW });
      // A page that holds every row knows the total itself, and agrees with the count.
      if (page.total) expect(page.total).toEqual(counted);
      else expect(page.cursors.next).not.toBeNull();
      return counted.total;
    };
    const inactive = (f: Fixture) => (f.last ? Math.floor((NOW.getTime() - f.last.getTime()) / DAY) : null);
    expect(await count({})).toBe(fixtures.length);
    expect(await count({ identifier: "occasional" })).toBe(fixtures.filter((f) => f.identifier === "occasional").length);
    expect(await count({ identifier: "nothing-like-this" })).toBe(0);
    // Identifiers of the usual shape are written into the statement (and run prepared); any other
    // value stays a parameter: a quote filters like any character.
    const quoted = await listSubscriptions(ctx, { params: { ...params({}), filters: { identifier: "full' or 'x'='x" } }, now: NOW });
    expect(quoted.rows).toEqual([]);
    const full = await listSubscriptions(ctx, { params: { ...params({ sort: "userPrincipalName.asc" }), filters: { identifier: "full" } }, now: NOW });
    expect(full.rows.length).toBeGreaterThan(0);
    expect(full.rows.every((r) => r.subscriptionIdentifier === "full")).toBe(true);
    expect(await count({ model: models.full! })).toBe(fixtures.filter((f) => f.modelId === models.full).length);
    expect(await count({ model: "none" })).toBe(fixtures.filter((f) => f.modelId === null).length);
    expect(await count({ model: "not-a-uuid" })).toBe(0);
    expect(await count({ profile: profileB })).toBe(60);
    expect(await count({ inactive: "10..20" })).toBe(fixtures.filter((f) => inactive(f) !== null && inactive(f)! >= 10 && inactive(f)! <= 20).length);
    // Open at the top: the never-active are the most inactive of all.
    expect(await count({ inactive: "30.." })).toBe(fixtures.filter((f) => inactive(f) === null || inactive(f)! >= 30).length);
    expect(await count({ inactive: "..5" })).toBe(fixtures.filter((f) => inactive(f) !== null && inactive(f)! <= 5).length);
    expect(await count({ excluded: "true" })).toBe(fixtures.filter((f) => f.excluded).length);
    expect(await count({ excluded: "false" })).toBe(fixtures.filter((f) => !f.excluded).length);
    expect(await count({ never: "true" })).toBe(fixtures.filter((f) => f.last === null).length);
    expect(await count({ never: "false" })).toBe(fixtures.filter((f) => f.last !== null).length);
    expect(await count({ withoutUser: "true" })).toBe(fixtures.filter((f) => f.userId === null).length);
    expect(await count({ q: "USER01" })).toBe(fixtures.filter((f) => f.upn.toLowerCase().includes("user01")).length);
    expect(await count({ q: "50%" })).toBe(0);
    const combined = fixtures.filter((f) => f.profile === "A" && f.identifier === "full" && f.userId === null && f.last !== null).length;
    expect(await count({ profile: profileA, identifier: "full", withoutUser: "true", never: "false" })).toBe(combined);

    // A filter walks by cursor like the whole list does.
    const { pages } = await walk({ identifier: "full", sort: "userPrincipalName.asc" });
    const ids = pages.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(fixtures.filter((f) => f.identifier === "full").length);
    expect(ids).toHaveLength(new Set(ids).size);
  });

  it("shows the user, model, exclusion rule, inactive days and never-active rows as a person reads them", async () => {
    const rows: SubscriptionRow[] = [];
    for await (const r of iterateSubscriptions(ctx, { params: params({}) })) rows.push(r);
    expect(rows).toHaveLength(fixtures.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const f of fixtures.slice(0, 40)) {
      const r = byId.get(f.id)!;
      expect(r.userPrincipalName).toBe(f.upn);
      expect(r.profileName).toBe(f.profile === "A" ? "Miro Acme" : "Miro Beta");
      expect(r.userName === null).toBe(f.userId === null);
      expect(r.softwareModel).toBe(f.identifier === "full" ? "Miro Enterprise — Full" : f.identifier === "occasional" ? "Miro Enterprise — Occasional" : null);
      expect(exclusionText(r)).toBe(f.excluded ? "Identifier rule: free" : "No");
      if (f.last === null) {
        expect(r.lastActivityAt).toBeNull();
        expect(r.inactiveDays).toBeNull();
      }
    }
    // The export walks in the list's order: the default is most inactive first, never active leading.
    const firstPage = await listSubscriptions(ctx, { params: params({}), now: NOW });
    expect(rows.slice(0, 25).map((r) => r.id)).toEqual(firstPage.rows.map((r) => r.id));
    expect(rows[0]!.lastActivityAt).toBeNull();
  });

  it("scopes to one profile", async () => {
    const spec = profileSubscriptionsSpec;
    const p = parseListParams(spec, { perPage: "25", profile: profileA });
    expect(p.filters).toEqual({});
    const res = await listSubscriptions(ctx, { params: p, profileId: profileB, now: NOW });
    expect(res.total).toBeNull();
    expect((await countSubscriptions(ctx, { params: p, profileId: profileB, now: NOW })).total).toBe(60);
    expect(res.rows.every((r) => r.profileId === profileB)).toBe(true);
    const options = await listSubscriptionFilterOptions(ctx, { profileId: profileB });
    expect(options.identifier.map((o) => o.value)).toEqual(["free", "full", "mystery", "occasional"]);
    expect(options.profile.map((o) => o.label)).toEqual(["Miro Beta"]);
  });

  it("estimates the total beyond the threshold instead of counting", async () => {
    const query = t.db.select({ id: softwareSubscriptions.id }).from(softwareSubscriptions).where(sql`${softwareSubscriptions.removedAt} is null`);
    let counted = false;
    const exact = async () => {
      counted = true;
      return 1;
    };
    const big = await countOrEstimate(t.db, query, exact, 100);
    expect(big.estimated).toBe(true);
    expect(big.total).toBeGreaterThan(100);
    expect(counted).toBe(false);
    const small = await countOrEstimate(t.db, query, exact, 1_000_000);
    expect(small).toEqual({ total: 1, estimated: false });
  });
});

describe("keyset cursors and dynamic filters in the URL", () => {
  const id = "0b5e8f0a-1b7d-4c9e-9a61-2d5e8f0a1b01";
  const sort = { id: "inactiveDays", desc: true };

  it("round-trips a cursor for its own sort only, and refuses tampered ones", () => {
    const text = encodeCursor({ direction: "before", sort: "inactiveDays", desc: true, value: "2026-05-01 10:00:00+00", id });
    expect(decodeCursor(text, sort)).toEqual({ direction: "before", sort: "inactiveDays", desc: true, value: "2026-05-01 10:00:00+00", id });
    expect(decodeCursor(text, { id: "inactiveDays", desc: false })).toBeNull();
    expect(decodeCursor(text, { id: "userPrincipalName", desc: true })).toBeNull();
    expect(decodeCursor(`a.${Buffer.from('["inactiveDays",1,null,"1; drop table x"]').toString("base64url")}`, sort)).toBeNull();
    expect(decodeCursor("a.!!!", sort)).toBeNull();
    expect(decodeCursor("x.abc", sort)).toBeNull();
  });

  it("keeps a cursor only beyond page 1, and checks dynamic select values for their shape", () => {
    const cursor = encodeCursor({ direction: "after", sort: "inactiveDays", desc: true, value: null, id });
    expect(parseListParams(subscriptionsSpec, { page: "3", cursor }).cursor).toBe(cursor);
    expect(parseListParams(subscriptionsSpec, { cursor }).cursor).toBeUndefined();
    expect(parseListParams(subscriptionsSpec, { page: "3", cursor: "a.<script>" }).cursor).toBeUndefined();
    expect(parseListParams(subscriptionsSpec, { model: id, identifier: "free_restricted" }).filters).toEqual({ model: id, identifier: "free_restricted" });
    expect(parseListParams(subscriptionsSpec, { model: "x' or 1=1", identifier: "a b" }).filters).toEqual({});
    expect(listParamsToSearch(subscriptionsSpec, parseListParams(subscriptionsSpec, { page: "3", cursor })).toString()).toBe(`page=3&cursor=${cursor}`);
  });
});
