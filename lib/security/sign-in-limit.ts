import "server-only";
import { Pool } from "pg";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract, type RateLimiterRes } from "rate-limiter-flexible";
import { getDbHandle } from "../db";

/*
 * Sign-in attempts per account and per address (issue 16 item 5). On PostgreSQL the counters live in
 * the database (`rate_limits`), so every instance shares them; the embedded database has one process,
 * which keeps them in memory. Only failed attempts count (a success gives its attempt back).
 */
const PER_ACCOUNT = { points: 10, duration: 15 * 60 };
const PER_ADDRESS = { points: 50, duration: 15 * 60 };

type Limiters = { account: RateLimiterAbstract; address: RateLimiterAbstract };
const g = globalThis as unknown as { __opensamSignInLimiters?: Promise<Limiters> };

async function limiters(): Promise<Limiters> {
  g.__opensamSignInLimiters ??= (async () => {
    const handle = await getDbHandle();
    if (handle.kind === "postgres" && handle.url) {
      const pool = new Pool({ connectionString: handle.url, max: 2, application_name: "opensam-rate-limit" });
      pool.on("error", () => {});
      const make = (keyPrefix: string, o: typeof PER_ACCOUNT) =>
        new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, keyPrefix, ...o, clearExpiredByTimeout: true });
      return { account: make("signin_account", PER_ACCOUNT), address: make("signin_address", PER_ADDRESS) };
    }
    return { account: new RateLimiterMemory({ keyPrefix: "signin_account", ...PER_ACCOUNT }), address: new RateLimiterMemory({ keyPrefix: "signin_address", ...PER_ADDRESS }) };
  })();
  return g.__opensamSignInLimiters;
}

/** Counts one attempt; the seconds to wait when the account or the address has had too many, else null. */
export async function signInAttempt(email: string, address: string): Promise<number | null> {
  const { account, address: byAddress } = await limiters();
  const results = await Promise.allSettled([account.consume(email.toLowerCase()), byAddress.consume(address)]);
  const waits = results.flatMap((r) => (r.status === "rejected" ? [r.reason as RateLimiterRes | Error] : []));
  if (waits.length === 0) return null;
  // A store that fails (the database unreachable) must not lock everyone out: the password check still runs.
  const limited = waits.filter((w): w is RateLimiterRes => !(w instanceof Error));
  if (limited.length === 0) return null;
  return Math.max(...limited.map((w) => Math.ceil(w.msBeforeNext / 1000)));
}

/** Only failures count: a success clears its account's counter and gives the address its attempt back. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  const l = await limiters();
  await Promise.allSettled([l.account.delete(email.toLowerCase()), l.address.reward(address, 1)]);
}
