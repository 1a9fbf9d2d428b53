/**
 * What each workspace section says until the feature that fills it exists: what will appear
 * there and the next step to get it (never a bare "coming soon").
 */
export type SectionText = { title: string; description: string; emptyTitle: string; emptyBody: string; action?: { label: string; href: string } };

export const SECTION_TEXTS = {
  "entitlements": {"title": "Entitlements", "description": "What the company owns: purchased rights and unit cost per software model.", "emptyTitle": "No entitlements yet", "emptyBody": "Software models are created when a profile is published; a sam_admin then records the purchased rights and unit cost for each of them here.", "action": {"label": "Go to Software models", "href": "/software-models"}},
  "license-usage": {"title": "License usage", "description": "Reconciliation results per software model: rights owned, rights used and compliance.", "emptyTitle": "No reconciliation results yet", "emptyBody": "Create entitlements for your software models, then run reconciliation (weekly, or Run reconciliation on demand) to see your compliance position here.", "action": {"label": "Go to Entitlements", "href": "/entitlements"}},
} satisfies Record<string, SectionText>;

export type SectionKey = keyof typeof SECTION_TEXTS;
