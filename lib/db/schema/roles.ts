/**
 * The three workspace roles of product.md §1. A person may hold several. Without drizzle, so that
 * client components can import them.
 */
export const ROLES = ["sam_user", "sam_integrator", "sam_admin"] as const;
export type Role = (typeof ROLES)[number];
