/**
 * Entitlement metric, period and state codes and their words on screen; without drizzle, so that
 * client components can import them.
 */
/** Only User Subscription for now; a metric decides how rights are consumed. */
export const LICENSE_METRICS = ["user_subscription"] as const;
export type LicenseMetric = (typeof LICENSE_METRICS)[number];
export const LICENSE_METRIC_LABELS: Record<LicenseMetric, string> = {
  user_subscription: "User Subscription",
};

/** The period the unit cost is for. */
export const SUBSCRIPTION_PERIODS = ["monthly", "quarterly", "annually"] as const;
export type SubscriptionPeriod = (typeof SUBSCRIPTION_PERIODS)[number];
export const SUBSCRIPTION_PERIOD_LABELS: Record<SubscriptionPeriod, string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  annually: "Annually",
};

/** Only **In use** entitlements count in reconciliation (product.md §6). */
export const ENTITLEMENT_STATES = ["build", "on_order", "in_use", "retired"] as const;
export type EntitlementState = (typeof ENTITLEMENT_STATES)[number];
export const ENTITLEMENT_STATE_LABELS: Record<EntitlementState, string> = {
  build: "Build",
  on_order: "On order",
  in_use: "In use",
  retired: "Retired",
};
