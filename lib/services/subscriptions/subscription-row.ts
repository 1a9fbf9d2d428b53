import "server-only";
import type { ListTotal } from "../../table/sql";

export type SubscriptionRow = {
  id: string;
  profileId: string;
  profileName: string;
  userPrincipalName: string;
  displayName: string | null;
  directoryUserId: string | null;
  /** The directory user's name; null lists the row as "without user". */
  userName: string | null;
  softwareModelId: string | null;
  softwareModel: string | null;
  subscriptionIdentifier: string;
  lastActivityAt: string | null;
  /** Whole days since the last activity; null: never active. */
  inactiveDays: number | null;
  subscriptionAssignedAt: string | null;
  active: boolean;
  role: string | null;
  excluded: boolean;
  /** The identifier of the identifier exclusion rule that excluded the row. */
  identifierRule: string | null;
  /** The user principal name of the user exclusion rule that excluded the row. */
  userRule: string | null;
};

export type SubscriptionsPage = {
  rows: SubscriptionRow[];
  /**
   * Known when the page is the only one (page 1 with room to spare: its rows are the total);
   * otherwise null, and `countSubscriptions` tells, after the rows.
   */
  total: ListTotal | null;
  cursors: { next: string | null; prev: string | null };
};
