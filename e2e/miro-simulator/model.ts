/** In-memory data model of one simulated Miro Enterprise organization. Times are epoch milliseconds. */
import type { License, Role } from "./licenses";

export interface AdminRole {
  type: "prebuilt" | "custom";
  name: string;
}

export interface EnterpriseAttributes {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  manager?: { displayName?: string; value?: string };
}

export interface Member {
  /** 19-digit decimal string; all ids have the same length so string order equals numeric order. */
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName: string;
  active: boolean;
  role: Role;
  license: License;
  /** Absent for members who never signed in: the REST response then omits the key (§2.3). */
  lastActivityAt?: number;
  licenseAssignedAt?: number;
  adminRoles: AdminRole[];
  teamIds: string[];
  createdAt: number;
  preferredLanguage: string;
  enterprise: EnterpriseAttributes;
  externalId?: string;
  /** Boards owned; moved to the oldest team admin when the member is deleted via SCIM (§3.5). */
  ownedBoards: number;
}

export type TeamRole = "member" | "admin" | "non_team";

export interface TeamMembership {
  memberId: string;
  role: TeamRole;
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

export interface Team {
  id: string;
  name: string;
  createdAt: number;
  /** Insertion-ordered; team member lists include deactivated users (§2.5, pitfall 14). */
  members: Map<string, TeamMembership>;
}

export interface Organization {
  id: string;
  name: string;
  plan: string;
  fullLicensesPurchased: number;
  domain: string;
}

export interface App {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
  redirectUris: string[];
  /** Fixed at creation, as in Miro (§1.1). */
  expiringTokens: boolean;
  developerTeamId: string;
  createdBy: string;
  createdAt: number;
}

export interface Installation {
  clientId: string;
  teamId: string;
  userId: string;
  installedAt: number;
  installCount: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  teamId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface AccessToken {
  token: string;
  clientId: string;
  userId: string;
  createdBy: string;
  teamId: string;
  scopes: string[];
  createdAt: number;
  /** null for non-expiring apps. */
  expiresAt: number | null;
  refreshToken?: string;
}

export interface RefreshToken {
  token: string;
  accessToken: string;
  clientId: string;
  expiresAt: number;
}

export interface Session {
  id: string;
  userId: string;
  csrf: string;
  createdAt: number;
}

export interface ScimSettings {
  enabled: boolean;
  token: string;
  sendInviteEmails: boolean;
  /** Counts regenerations so each new token is still derived deterministically from the seed. */
  generation: number;
}

export interface DemoCredentials {
  orgId: string;
  orgName: string;
  clientId: string;
  clientSecret: string;
  appName: string;
  scopes: string[];
  redirectUris: string[];
  expiringTokens: boolean;
  scimToken: string;
  adminUserId: string;
  adminEmail: string;
  adminPassword: string;
}
