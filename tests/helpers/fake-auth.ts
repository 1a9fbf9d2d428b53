import type { DbHandle } from "@/lib/db/client";

/*
 * Stands in for lib/auth/auth.ts (next-auth) in tests that call server actions and route handlers
 * directly: `auth()` answers the session of the person `signInAs` named, so currentActor's own
 * database lookup (active? which roles?) still runs on the real test database. Used through
 * `vi.mock("@/lib/auth/auth", () => import("../helpers/fake-auth"))`.
 */
let sessionUserId: string | null = null;

export function signInAs(userId: string | null): void {
  sessionUserId = userId;
}

export async function auth() {
  return sessionUserId ? { user: { id: sessionUserId }, expires: new Date(Date.now() + 3_600_000).toISOString() } : null;
}

export async function signIn(): Promise<never> {
  throw new Error("signIn is not part of these tests");
}

export async function signOut(): Promise<void> {}

const notHere = async () => new Response("next-auth is not part of these tests", { status: 501 });
export const handlers = { GET: notHere, POST: notHere };

/** Makes the app's getDb() (lib/db/index.ts) answer the test's database instead of opening its own. */
export function useAsAppDb(handle: DbHandle): void {
  (globalThis as { __opensamDb?: Promise<DbHandle> }).__opensamDb = Promise.resolve(handle);
}
