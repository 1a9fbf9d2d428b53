import { z } from "zod";
import { hashFields } from "@/lib/integrations/download-hash";
import { VendorError, type DownloadedSubscription, type VendorAdapter } from "@/lib/integrations/types";

/**
 * A second vendor that lives only in the tests: its organization is a plain array in memory. It proves
 * that a vendor is one folder: the real download and the real reclaim run against it through the
 * registry, with nothing in lib/ that knows it.
 */
export type MemoryMember = { id: string; email: string; plan: string; active: boolean; lastSeen: string | null; since: string | null };
export type MemoryOrg = { members: MemoryMember[]; pageSize: number; calls: string[] };

const settingsSchema = z.object({ tenant: z.string().default("acme") });
type Settings = z.infer<typeof settingsSchema>;

const toSubscription = (m: MemoryMember): DownloadedSubscription => ({
  externalUserId: m.id,
  userPrincipalName: m.email,
  subscriptionIdentifier: m.plan,
  lastActivityAt: m.lastSeen,
  subscriptionAssignedAt: m.since,
  active: m.active,
  role: null,
  vendorAttributes: {},
});

/** `current()` is read on every call, so that each test can start from an organization of its own. */
export function memoryAdapter(current: () => MemoryOrg): VendorAdapter<Settings, MemoryMember> {
  const find = (id: string) => current().members.find((m) => m.id === id);
  const setActive = (id: string, active: boolean) => {
    current().calls.push(`${active ? "restore" : "deactivate"} ${id}`);
    const member = find(id);
    if (!member) throw new VendorError(`Memory SaaS has no user ${id}.`, 404);
    member.active = active;
  };
  return {
    id: "memory",
    displayName: "Memory SaaS",
    profileType: { id: "memory_subscription", label: "Memory SaaS Subscription" },
    vendorConfiguration: [],
    aliases: {
      download: { id: "memory.Download", name: "Memory SaaS", kind: "oauth", connectionName: "Memory SaaS" },
      reclaim: { id: "memory.Reclaim", name: "Memory SaaS reclaim", kind: "api_token", connectionName: "Memory SaaS reclaim" },
    },
    subflows: { download: "Memory Download Subscriptions", reclaim: "Memory Reclaim Subscription" },
    settingsSchema,
    paidIdentifiers: () => ["pro"],
    defaultExcludedIdentifiers: () => ["free"],
    modelName: (identifier) => ({ publisher: "Memory", product: "Memory SaaS", edition: identifier, name: `Memory SaaS — ${identifier}` }),
    oauth: {
      authorizeUrl: () => "http://127.0.0.1/never",
      exchangeCode: async () => ({ accessToken: "memory-token", scopes: [] }),
      tokenContext: async () => ({ scopes: [] }),
      contextProblem: () => null,
      accessToken: async (store) => (await store.load()).tokens.accessToken,
    },
    validateDownload: async () => [],
    validateReclaim: async () => ({ key: "memory", label: "Memory", process: "reclaim", ok: true, message: "ok" }),
    connectionKinds: { download: "oauth_authorization_code", reclaim: "api_token" },
    envSchema: z.object({}),
    download: {
      vendorName: "Memory SaaS",
      target: (settings) => ({ subject: `the users of tenant ${settings.tenant}` }),
      async readPage(accessToken, _settings, cursor) {
        const org = current();
        org.calls.push(`page ${cursor ?? "first"}`);
        if (accessToken !== "memory-token") throw new VendorError("Bad token.", 401);
        const start = cursor ? org.members.findIndex((m) => m.id === cursor) + 1 : 0;
        const members = org.members.slice(start, start + org.pageSize).map((m) => ({ ...m }));
        const more = start + org.pageSize < org.members.length;
        return { members, cursor: more ? members.at(-1)?.id : undefined, rateLimit: { limit: null, remaining: null, resetSeconds: null } };
      },
      externalId: (m) => m.id,
      subscriptionIdentifier: (m) => m.plan,
      userPrincipalName: (m) => m.email,
      toSubscription,
      hash: (m, decision) => hashFields(m.id, m.email, m.plan, m.lastSeen, m.since, m.active, null, null, decision),
      increasingIds: false,
      rateLimit: { requestCost: 1, windowMs: 1000 },
      forbiddenHint: "Ask the tenant's owner for access.",
    },
    reclaim: {
      readMember: async (_credentials, id) => {
        current().calls.push(`read ${id}`);
        const m = find(id);
        return m ? { active: m.active, lastActivityAt: m.lastSeen, subscriptionIdentifier: m.plan } : null;
      },
      isActive: async (_credentials, id) => {
        current().calls.push(`check ${id}`);
        return find(id)?.active ?? null;
      },
      deactivate: async (_credentials, id) => setActive(id, false),
      restore: async (_credentials, id) => setActive(id, true),
      effect: "their Memory SaaS seat is released",
    },
  };
}
