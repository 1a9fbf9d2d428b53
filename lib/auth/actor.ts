import type { Role } from "../db/schema/users";

/** Who a service acts for: a signed-in person (services check the role again themselves). */
export type ServiceActor = { id: string; email: string; roles: readonly Role[] };
