/*
 * The built-in notice and its placeholders: plain constants, so that the rule form (a client
 * component) shows them without loading the server's email code (notice-email.ts).
 */

export const NOTICE_PLACEHOLDERS = ["name", "product", "reason", "date", "effect", "keepLink", "releaseLink"] as const;
export type NoticeValues = Record<(typeof NOTICE_PLACEHOLDERS)[number], string>;

export const DEFAULT_NOTICE_SUBJECT = "Your {{product}} license will be reclaimed on {{date}}";
export const DEFAULT_NOTICE_BODY = `Hello {{name}},

Your {{product}} license looks unused. {{reason}}.

Unless you tell us you still need it, it will be reclaimed on {{date}}. Reclaiming means that {{effect}}.

Keep my license: {{keepLink}}
Release it now: {{releaseLink}}

Each link opens a page where you confirm your choice; nothing happens until you do.

Your software asset management team`;
