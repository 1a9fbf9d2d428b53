import "server-only";
import type { z } from "zod";
import type { RateLimitInfo } from "./retry-policy";
import type { ConnectionAliasKind, ConnectionTokenContext } from "../db/schema/connections";
import type { ProfileValidationCheck } from "../db/schema/integration-profiles";

/**
 * The adapter contract: everything the vendor-agnostic parts of OpenSAM (profile form, OAuth
 * callback route, Validate Connection, Publish, the download job) need from a vendor. Adding a vendor
 * is one folder under lib/integrations/<vendor>/ and one line in registry.ts.
 */

/** Credentials as the adapter sees them: decrypted, server-side only, never sent to a browser. */
export type OAuthClient = { clientId: string; clientSecret: string; redirectUri: string };

export type TokenSet = {
  accessToken: string;
  /** Absent for a vendor or app whose tokens do not expire (Miro's non-expiring apps). */
  refreshToken?: string;
  accessTokenExpiresAt?: Date;
  refreshTokenExpiresAt?: Date;
  scopes: string[];
  /** Raw ids from the token response, kept as strings (Miro's exceed 2^53). */
  userId?: string;
  teamId?: string;
};

export type TokenContext = ConnectionTokenContext & { scopes: string[] };

/**
 * Where an OAuth connection's tokens live. The adapter refreshes through it so that rotation is
 * persisted atomically and two concurrent refreshes never lose the only valid pair.
 */
export interface TokenStore {
  /** The current tokens and their version (see connections.token_version). */
  load(): Promise<{ tokens: TokenSet; version: number; client: OAuthClient }>;
  /**
   * Saves a rotated pair if the stored version is still `expectedVersion`; false when another
   * refresher won the race (the caller then reloads and uses the winner's tokens).
   */
  saveRotated(tokens: TokenSet, expectedVersion: number): Promise<boolean>;
  /**
   * Runs `fn` while holding the connection's refresh lock (a row lock in the database plus a
   * single-flight in the process), so only one refresh of a connection is in flight anywhere.
   */
  withRefreshLock<T>(fn: () => Promise<T>): Promise<T>;
}

/** A vendor error, with the vendor's words, HTTP status and whether retrying can help. */
export class VendorError extends Error {
  constructor(
    message: string,
    public readonly status: number | null,
    public readonly vendorCode?: string,
    public readonly retryable = false,
  ) {
    super(message);
    this.name = "VendorError";
  }
}

/** The values a download writes for one member, before the identifier map and exclusion rules. */
export type DownloadedSubscription = {
  /** The natural key within the profile: the vendor's user id. */
  externalUserId: string;
  /** Miro: the member's email. The resolution and user-exclusion key. */
  userPrincipalName: string;
  /** Miro: `license`, kept as sent, so a license Miro adds later is recorded rather than refused. */
  subscriptionIdentifier: string;
  /** ISO-8601; null means never active. */
  lastActivityAt: string | null;
  /** ISO-8601; null when Miro does not say. */
  subscriptionAssignedAt: string | null;
  active: boolean;
  role: string | null;
  /** What else the vendor reports that is kept but not queried. Empty for most members. */
  vendorAttributes: Record<string, unknown>;
};

export type SubscriptionDecision = {
  softwareModelId: string | null;
  excluded: boolean;
  identifierExclusionRuleId: string | null;
  userExclusionRuleId: string | null;
};

/**
 * How a connection authenticates, in generic terms; each maps onto the stored alias kind. Zoom and
 * Google use client-credentials OAuth (a server-to-server app): declared here so that the profile
 * form and Validate can grow into it without knowing the vendor.
 */
export type ConnectionKind = "oauth_authorization_code" | "api_token" | "oauth_client_credentials";

/** The stored alias kind each generic connection kind uses (connections.kind). */
export const STORED_ALIAS_KIND: Record<Exclude<ConnectionKind, "oauth_client_credentials">, ConnectionAliasKind> = {
  oauth_authorization_code: "oauth",
  api_token: "api_token",
};

export type AliasDefinition = { id: string; name: string; kind: ConnectionAliasKind; connectionName: string };

/** One page of a vendor's listing of its users, and what its rate-limit headers said. */
export type MemberPage<Member> = { members: readonly Member[]; cursor: string | undefined; rateLimit: RateLimitInfo };

/**
 * What the download job needs from a vendor (product.md §4): read the listing page by page, and turn
 * each member into the values of a software subscription. Everything here is the vendor's; the run
 * itself (pacing, retries, batches, sweep) is shared.
 */
export interface DownloadCapability<Settings, Member> {
  /** The vendor's name in sentences ("Miro"). */
  vendorName: string;
  /**
   * What one run reads, named for sentences ("the members of Miro organization 3458…"), or the
   * sentence saying what a person must do first when the settings do not allow a download yet.
   */
  target(settings: Settings, profileName: string): { subject: string } | { problem: string };
  /** One page of the listing; `cursor` is undefined for the first page. */
  readPage(accessToken: string, settings: Settings, cursor: string | undefined): Promise<MemberPage<Member>>;
  externalId(member: Member): string;
  subscriptionIdentifier(member: Member): string;
  /** The key of user exclusion rules and user resolution (Miro: the email, trimmed). */
  userPrincipalName(member: Member): string;
  toSubscription(member: Member): DownloadedSubscription;
  /** The same number as `downloadHash(pageRow(toSubscription(member), decision))`, without building either. */
  hash(member: Member, decision: SubscriptionDecision): number;
  /**
   * Ordering hint: the vendor lists members by increasing id. The run then knows, from a count, when
   * nothing can be missing and the sweep is not needed (it still checks the order as it reads).
   */
  increasingIds: boolean;
  /** The listing's price in the vendor's rate-limit budget, until headers show it, and the window's length. */
  rateLimit: { requestCost: number; windowMs: number };
  /** What to tell a person when the vendor refuses the listing (HTTP 403). */
  forbiddenHint: string;
}

/** A member as the vendor reports it just before or after a reclaim. */
export type ReclaimMemberState = {
  active: boolean;
  /** ISO-8601; null when never active. */
  lastActivityAt: string | null;
  subscriptionIdentifier: string;
};

/** The credentials a reclaim uses: the download connection for re-reading, the reclaim one for acting. */
export type ReclaimCredentials<Settings> = { store: TokenStore; settings: Settings; apiToken: string };

/**
 * Taking a license back (product.md §5): read the member again, deactivate, verify, restore. A vendor
 * without it leaves `reclaim` undefined on its adapter, and reclaim is refused with a sentence.
 */
export interface ReclaimCapability<Settings> {
  /** The member as the vendor reports it now; null when the vendor no longer knows them. */
  readMember(credentials: ReclaimCredentials<Settings>, externalUserId: string): Promise<ReclaimMemberState | null>;
  /**
   * Whether the member is active now, through the cheapest read the vendor has (Miro: SCIM GET
   * /Users/{id}, outside the REST budget the first read uses); null when unknown. The verification.
   */
  isActive(credentials: ReclaimCredentials<Settings>, externalUserId: string): Promise<boolean | null>;
  /** Frees the license (Miro: SCIM PATCH active=false). */
  deactivate(credentials: ReclaimCredentials<Settings>, externalUserId: string): Promise<void>;
  /** Gives it back (Miro: SCIM PATCH active=true). */
  restore(credentials: ReclaimCredentials<Settings>, externalUserId: string): Promise<void>;
  /** What reclaiming means for the person, in words for the workspace ("their account is deactivated; boards stay"). */
  effect: string;
  /** The same, addressed to the person in their notice ("your account is deactivated…"); `effect` when absent. */
  effectForPerson?: string;
  /**
   * The vendor's budgets, per kind of call, that reclaims are paced to (none: unlimited). Miro:
   * `readMember` 200 a minute (REST level 3), `isActive` 200 per 30 s, `deactivate`/`restore` 100
   * per 30 s (SCIM).
   */
  rateLimits?: Partial<Record<"read" | "check" | "act", { requests: number; windowMs: number }>>;
}

export type VendorConfigurationRow = { process: string; role: string; scopes: string };

// biome-ignore lint/suspicious/noExplicitAny: the member type is the vendor's own; shared code only passes it back to the adapter.
export interface VendorAdapter<Settings = unknown, Member = any> {
  id: string;
  /** Shown in the New › vendor list, e.g. "Miro Enterprise". */
  displayName: string;
  profileType: { id: string; label: string };
  /** The read-only **Vendor configuration** table of the profile form. */
  vendorConfiguration: VendorConfigurationRow[];
  aliases: { download: AliasDefinition; reclaim: AliasDefinition };
  subflows: { download: string; reclaim: string };
  settingsSchema: z.ZodType<Settings>;
  /** Paid subscription identifiers and the software model each maps to at Publish. */
  paidIdentifiers: (settings: Settings) => string[];
  defaultExcludedIdentifiers: (settings: Settings) => string[];
  modelName: (identifier: string) => { publisher: string; product: string; edition: string; name: string };

  oauth: {
    /** The vendor's consent URL for a single-use `state`. */
    authorizeUrl(input: { clientId: string; redirectUri: string; state: string; teamId?: string }): string;
    exchangeCode(client: OAuthClient, code: string): Promise<TokenSet>;
    /** Who the token acts for: organization, team, user, scopes. */
    tokenContext(accessToken: string): Promise<TokenContext>;
    /** Checks a token context is usable for downloading; returns the sentence to show when not. */
    contextProblem(context: TokenContext): string | null;
    /**
     * Optional, after `contextProblem` passed: asks the vendor whether the token may read what the
     * download needs (Miro: `GET /v2/orgs/{id}` answers, i.e. the user is a Company Admin of an
     * Enterprise organization). The sentence to show when not; null when it may, or when the vendor
     * could not be asked (Validate Connection reports that later).
     */
    accessProblem?(accessToken: string, context: TokenContext): Promise<string | null>;
    /**
     * A valid access token for the store's connection: refreshes (under the lock, persisting the
     * rotated pair) when it expires within `minValidityMs` or when `force` is set after a 401.
     * `rejectedAccessToken` names the token the vendor refused: when the store already holds another
     * one (a concurrent caller refreshed), that one is returned instead of refreshing again.
     */
    accessToken(
      store: TokenStore,
      options?: { minValidityMs?: number; force?: boolean; rejectedAccessToken?: string },
    ): Promise<string>;
  };

  /** **Validate Connection**: the download checks, in order, each with the vendor's words on failure. */
  validateDownload(store: TokenStore, settings: Settings): Promise<ProfileValidationCheck[]>;
  /** The separate, read-only reclaim check (Miro: SCIM `GET /Users?count=0`). */
  validateReclaim(apiToken: string): Promise<ProfileValidationCheck>;

  /** The connection kinds of the download and reclaim aliases, in generic terms. */
  connectionKinds: { download: ConnectionKind; reclaim: ConnectionKind };
  /** The vendor's environment variables (base URLs…), merged into lib/env.ts's schema. */
  envSchema: z.ZodObject;
  download: DownloadCapability<Settings, Member>;
  reclaim?: ReclaimCapability<Settings>;
}

/**
 * An adapter of any vendor, as a caller that injects one holds it (tests, benchmarks): its settings
 * and members are validated by the adapter itself, so shared code never looks inside them.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the registry's typing of a vendor's own adapter stays exact.
export type AnyVendorAdapter = VendorAdapter<any, any>;
