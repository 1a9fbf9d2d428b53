import "server-only";
import { z } from "zod";

/*
 * zod schemas of the Miro answers OpenSAM reads (miro-api.md §1.5-§1.7, §2.2-§2.6, §3.4, §3.8).
 * Bodies are parsed with `parseJsonLossless` first, so an id sent as a bare JSON number above 2^53
 * arrives here as a bigint and leaves as its exact decimal string. Objects are loose (Miro adds
 * fields over time) and enums are open: a license Miro invents next year must still parse.
 */

/** A Miro id: always a string in OpenSAM, whatever JSON type Miro used. */
export const miroId = z
  .union([z.string().min(1), z.bigint(), z.number().int().nonnegative()])
  .transform((value) => String(value));

/** "If the user never logged in, the parameter value is empty": absent, null or "" all mean none. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value === null || value === undefined || value.trim() === "" ? undefined : value));

/** An ISO-8601 timestamp that may be empty (see above); an unreadable one is a vendor error. */
const optionalTimestamp = optionalText.refine((value) => value === undefined || !Number.isNaN(Date.parse(value)), {
  message: "not an ISO-8601 date-time",
});

/* OAuth ------------------------------------------------------------------------------------------ */

/** `POST /v1/oauth/token`, both grants (§1.5, §1.6). `user_id` is absent from some refresh examples. */
export const miroTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive().optional(),
  scope: z.string().default(""),
  user_id: miroId.optional(),
  team_id: miroId.optional(),
});
export type MiroTokenResponse = z.output<typeof miroTokenResponseSchema>;

const namedRef = z.looseObject({ id: miroId, name: z.string().default(""), type: z.string().optional() });

/**
 * `GET /v1/oauth-token` (§1.7). `organization` is missing for a team outside an Enterprise
 * organization; `team` and `user` are documented as required but only shown, so they stay optional.
 */
export const miroTokenContextSchema = z.looseObject({
  type: z.string().optional(),
  organization: namedRef.nullish(),
  team: namedRef.nullish(),
  createdBy: namedRef.nullish(),
  user: namedRef.nullish(),
  scopes: z.array(z.string()).nullish().transform((s) => s ?? []),
});
export type MiroTokenContext = z.output<typeof miroTokenContextSchema>;

/* Enterprise REST v2 ----------------------------------------------------------------------------- */

/** Known plans (§2.2); Enterprise is `company`. Open: any other string parses. */
export type MiroPlan =
  | "company"
  | "consultant"
  | "consultant_slf"
  | "business"
  | "paid_team_org"
  | "integration_org"
  | "professional_2022"
  | "edu_team_org"
  | "free_team_org"
  | "dev_team_org"
  | "unknown"
  | (string & {});

/** `GET /v2/orgs/{org_id}` (§2.2). */
export const miroOrganizationSchema = z.looseObject({
  id: miroId,
  name: z.string(),
  plan: z.string().transform((p) => p as MiroPlan),
  fullLicensesPurchased: z.number().int().nonnegative().optional(),
  type: z.string().optional(),
});
export type MiroOrganization = z.output<typeof miroOrganizationSchema>;

/** Licenses Miro documents today (§2.3; basic/standard/advanced arrived in 2026). Open. */
export type MiroLicense =
  | "full"
  | "occasional"
  | "free"
  | "free_restricted"
  | "full_trial"
  | "basic"
  | "standard"
  | "advanced"
  | "unknown"
  | (string & {});

export type MiroRole =
  | "organization_internal_admin"
  | "organization_internal_user"
  | "organization_external_user"
  | "organization_team_guest_user"
  | "unknown"
  | (string & {});

/** One organization member (§2.3). */
export const miroMemberSchema = z.looseObject({
  id: miroId,
  email: z.string(),
  active: z.boolean(),
  role: z.string().transform((r) => r as MiroRole),
  license: z.string().transform((l) => l as MiroLicense),
  lastActivityAt: optionalTimestamp,
  licenseAssignedAt: optionalTimestamp,
  type: z.string().optional(),
  adminRoles: z
    .array(z.looseObject({ type: z.string(), name: z.string() }))
    .nullish()
    .transform((roles) => roles ?? []),
});
export type MiroMember = z.output<typeof miroMemberSchema>;

/**
 * A cursor page of `GET /v2/orgs/{org_id}/members` without `emails` (§2.3). An empty or absent
 * cursor means the last page.
 */
export const miroMembersPageSchema = z.looseObject({
  limit: z.number().int().optional(),
  size: z.number().int().optional(),
  data: z.array(miroMemberSchema),
  cursor: optionalText,
  type: z.string().optional(),
});
export type MiroMembersPage = z.output<typeof miroMembersPageSchema>;

/* SCIM ------------------------------------------------------------------------------------------- */

/** A SCIM ListResponse (§3.4); resources are kept as they come, `count=0` gives none. */
/** A SCIM user read with `attributes=active`: only its state matters to a reclaim's verification. */
export const scimUserActiveSchema = z.looseObject({ id: z.string().optional(), active: z.boolean() });

export const scimListResponseSchema = z.looseObject({
  schemas: z.array(z.string()).optional(),
  totalResults: z.number().int().nonnegative(),
  startIndex: z.number().int().optional(),
  itemsPerPage: z.number().int().optional(),
  Resources: z
    .array(z.record(z.string(), z.unknown()))
    .nullish()
    .transform((r) => r ?? []),
});
export type ScimListResponse = z.output<typeof scimListResponseSchema>;

/* Errors ----------------------------------------------------------------------------------------- */

/** REST v2 and OAuth endpoints: `status` is a number (§2.6). */
export const miroRestErrorSchema = z.looseObject({
  status: z.number().int(),
  code: z.string().optional(),
  message: z.string(),
  type: z.string().optional(),
  context: z.unknown().optional(),
});

/** SCIM: `status` is a string (§3.8). */
export const scimErrorSchema = z.looseObject({
  schemas: z.array(z.string()).optional(),
  status: z.string(),
  scimType: z.string().optional(),
  detail: z.string().optional(),
});

/** RFC 6749 §5.2, tolerated defensively: Miro documents none, others send it (§1.5). */
export const oauthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

/** The vendor's own words and code from an error body of any of the three shapes, when present. */
export function miroErrorWords(body: unknown): { words: string; code?: string } | null {
  const rest = miroRestErrorSchema.safeParse(body);
  if (rest.success && rest.data.message.trim()) return { words: rest.data.message.trim(), code: rest.data.code };
  const scim = scimErrorSchema.safeParse(body);
  if (scim.success && scim.data.detail?.trim()) return { words: scim.data.detail.trim(), code: scim.data.scimType };
  const oauth = oauthErrorSchema.safeParse(body);
  if (oauth.success) return { words: oauth.data.error_description?.trim() || oauth.data.error, code: oauth.data.error };
  return null;
}
