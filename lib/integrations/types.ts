import type { z } from "zod";
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

export type AliasDefinition = { id: string; name: string; kind: ConnectionAliasKind; connectionName: string };

export type VendorConfigurationRow = { process: string; role: string; scopes: string };

export interface VendorAdapter<Settings = unknown> {
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
}
