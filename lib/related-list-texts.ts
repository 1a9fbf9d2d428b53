/** Related lists that later features fill: what will appear there and how it gets there. */
export const RELATED_LIST_TEXTS = {
  "unrecognized-identifiers": { title: "No unrecognized identifiers", body: "When a download meets a license identifier with no software model, it is listed here with its number of subscriptions until a sam_admin maps it." },
  "job-results": { title: "No job results yet", body: "Each run of the daily download job writes a Scheduled Job Result here: state, duration, members read, subscriptions created, updated and removed, and the error in words." },
  "subscriptions": { title: "No subscriptions downloaded yet", body: "After Publish, the daily job downloads every member of the vendor organization; each becomes a Software Subscription listed here." },
  "user-exclusions": { title: "No user exclusion rules", body: "Subscription User Exclusion Rules (by user principal name, across all profiles) keep service accounts or executives out of cost, compliance and reclamation. A sam_admin adds them here." },
} as const;
