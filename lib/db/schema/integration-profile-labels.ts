/**
 * The profile status codes and the words the screen shows for them. A module of its own, without
 * drizzle, so that client components and list column declarations can import the labels.
 */
/** Set by the system, never typed (product.md §3). */
export const PROFILE_STATUSES = ["draft", "published"] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];
export const PROFILE_STATUS_LABELS: Record<ProfileStatus, string> = {
  draft: "Draft",
  published: "Published",
};
