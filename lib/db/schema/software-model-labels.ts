/**
 * Software model source and status codes and their words on screen; without drizzle, so that client
 * components and list column declarations can import them.
 */
/** `auto`: created by **Publish** from the vendor's known identifiers; `custom`: created by a sam_admin. */
export const SOFTWARE_MODEL_SOURCES = ["auto", "custom"] as const;
export type SoftwareModelSource = (typeof SOFTWARE_MODEL_SOURCES)[number];
export const SOFTWARE_MODEL_SOURCE_LABELS: Record<SoftwareModelSource, string> = { auto: "Auto", custom: "Custom" };

export const SOFTWARE_MODEL_STATUSES = ["in_production", "retired"] as const;
export type SoftwareModelStatus = (typeof SOFTWARE_MODEL_STATUSES)[number];
export const SOFTWARE_MODEL_STATUS_LABELS: Record<SoftwareModelStatus, string> = {
  in_production: "In Production",
  retired: "Retired",
};
