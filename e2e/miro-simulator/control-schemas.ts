/** zod schemas of the control API's request bodies (/__sim/...). */
import { z } from "zod";
import { LICENSES, ROLES } from "./licenses";
import { behaviourSchema, budgetsInputSchema } from "./options";

const isoDate = z.iso.datetime({ offset: true });
const memberId = z.string().regex(/^\d{19}$/, "must be a 19-digit decimal string");

const teamMembership = z.strictObject({ teamId: memberId, role: z.enum(["member", "admin"]) });
const adminRole = z.strictObject({ type: z.enum(["prebuilt", "custom"]), name: z.string().min(1) });

/** Fields shared by member creation and update. Dates: ISO string, null (= never / absent) or days ago. */
const memberFields = {
  email: z.email().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  displayName: z.string().optional(),
  role: z.enum(ROLES).optional(),
  license: z.enum(LICENSES).optional(),
  active: z.boolean().optional(),
  lastActivityAt: isoDate.nullable().optional(),
  lastActivityDaysAgo: z.number().min(0).optional(),
  licenseAssignedAt: isoDate.nullable().optional(),
  licenseAssignedDaysAgo: z.number().min(0).optional(),
  adminRoles: z.array(adminRole).optional(),
  /** Replaces the member's team memberships. */
  teams: z.array(teamMembership).optional(),
  ownedBoards: z.number().int().min(0).optional(),
  preferredLanguage: z.string().optional(),
};

export const memberUpdateSchema = z.strictObject(memberFields);
export type MemberUpdate = z.infer<typeof memberUpdateSchema>;

export const memberCreateSchema = z.strictObject({ ...memberFields, id: memberId.optional(), email: z.email() });
export type MemberCreate = z.infer<typeof memberCreateSchema>;

export const configSchema = z.strictObject({
  rateLimit: z.boolean().optional(),
  budgets: budgetsInputSchema.optional(),
  behaviour: behaviourSchema.partial().optional(),
});

export const clockSchema = z
  .strictObject({
    advanceMs: z.number().min(0).optional(),
    advanceSeconds: z.number().min(0).optional(),
    advanceDays: z.number().min(0).optional(),
    /** Back to real time (offset 0), e.g. after a test that moved it, without resetting the organization. */
    reset: z.literal(true).optional(),
  })
  .refine((c) => (c.reset ? 1 : 0) + (c.advanceMs !== undefined || c.advanceSeconds !== undefined || c.advanceDays !== undefined ? 1 : 0) === 1, {
    message: "give advanceMs, advanceSeconds or advanceDays, or reset: true",
  });

export const appCreateSchema = z.strictObject({
  name: z.string().min(1).max(100),
  scopes: z.array(z.string().min(1)).default([]),
  redirectUris: z.array(z.url()).default([]),
  expiringTokens: z.boolean().default(true),
  clientId: memberId.optional(),
  clientSecret: z.string().min(8).optional(),
  /** Owner in the Your Apps pages; default the Company Admin demo user. */
  createdBy: memberId.optional(),
});

export const appUpdateSchema = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  redirectUris: z.array(z.url()).optional(),
});

export const mintTokenSchema = z.strictObject({
  clientId: z.string().optional(),
  userId: memberId.optional(),
  teamId: memberId.optional(),
  scopes: z.array(z.string()).optional(),
  /** Record an installation like the token endpoint does (default true). */
  install: z.boolean().default(true),
});

export const authorizeSchema = z.strictObject({
  clientId: z.string().optional(),
  redirectUri: z.url().optional(),
  userId: memberId.optional(),
  teamId: memberId.optional(),
  state: z.string().optional(),
});

export const installationSchema = z.strictObject({ clientId: z.string(), teamId: memberId });

export const scimSettingsSchema = z.strictObject({ enabled: z.boolean().optional(), sendInviteEmails: z.boolean().optional() });

export const scimRegenerateSchema = z.strictObject({ token: z.string().min(8).optional() });
