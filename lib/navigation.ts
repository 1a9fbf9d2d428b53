import type { Permission } from "./auth/permissions";

/** The workspace navigation of product.md §2, with its exact labels. */
export type NavItem = { label: string; href: string; permission?: Permission; /** Shown only when the local mail capture runs (demo, tests). */ mailCapture?: boolean };
export type NavSection = { label?: string; items: NavItem[] };

export const NAVIGATION: NavSection[] = [
  { items: [{ label: "Overview", href: "/" }] },
  {
    label: "License operations › User subscriptions",
    items: [
      { label: "Direct integration profiles", href: "/integration-profiles" },
      { label: "All user subscriptions", href: "/subscriptions" },
      { label: "Removal candidates", href: "/removal-candidates" },
      { label: "Reclamation rules", href: "/reclamation-rules" },
      { label: "Subscription exclusions", href: "/subscription-exclusions" },
      { label: "Unrecognized subscription identifiers", href: "/unrecognized-identifiers" },
    ],
  },
  { items: [{ label: "License usage", href: "/license-usage" }] },
  {
    items: [
      { label: "Entitlements", href: "/entitlements" },
      { label: "Software models", href: "/software-models" },
      { label: "Scheduled jobs", href: "/scheduled-jobs" },
      { label: "Connections & credentials", href: "/connections" },
      { label: "Audit log", href: "/audit-log" },
      { label: "Mailbox", href: "/mailbox", mailCapture: true },
    ],
  },
  {
    label: "Administration",
    items: [
      { label: "Users", href: "/admin/users", permission: "users:manage" },
      { label: "User directory", href: "/admin/user-directory" },
    ],
  },
];
