import "server-only";
import { parseRateLimitReset, type RateLimitInfo } from "../../integrations/retry-policy";

/*
 * Pacing from the vendor's rate-limit headers: a budget of credits per window, with how many are left
 * after each answer (`X-RateLimit-Remaining`) and when the window resets (`X-RateLimit-Reset`, epoch
 * seconds), as Miro sends them (miro-api.md §4.1). The price of one request comes from the adapter.
 *
 * The pacer spreads the requests that the remaining credits pay for evenly over the time left in
 * the window. A large organization is then read at the ceiling (every credit spent by the reset, the
 * next window opened by the next request) without asking for a page the budget cannot pay for: no
 * 429 storms, and no burst that leaves nothing for the workspace's other calls sharing the budget
 * (Validate Connection, the re-reads before a reclaim). Without headers (a vendor, or the simulator,
 * without limits) it never waits.
 */

/** Waited beyond an exhausted window's announced reset, for clock skew between us and the vendor. */
export const RESET_MARGIN_MS = 250;

export type PacerState = {
  /** Credits one request costs, as last observed (the drop in Remaining within one window). */
  cost: number;
  /** The last answer's headers and when its request started (epoch ms). */
  last?: { rateLimit: RateLimitInfo; requestStartedMs: number };
};

/** `cost`: the vendor's price of one request (its adapter says), used until the headers show the actual price. */
export function initialPacerState(cost: number): PacerState {
  return { cost };
}

/** The state after an answer with these headers to a request started at `requestStartedMs`. */
export function observeRateLimit(state: PacerState, rateLimit: RateLimitInfo, requestStartedMs: number): PacerState {
  let cost = state.cost;
  const before = state.last?.rateLimit;
  // Within one window (same reset), Remaining drops by the price of the request just made. A rise, or
  // a drop larger than the whole budget, is a new window or another consumer: keep the estimate.
  if (
    before &&
    before.remaining !== null &&
    rateLimit.remaining !== null &&
    before.resetSeconds !== null &&
    before.resetSeconds === rateLimit.resetSeconds
  ) {
    const drop = before.remaining - rateLimit.remaining;
    if (drop > 0 && (rateLimit.limit === null || drop <= rateLimit.limit)) cost = drop;
  }
  return { cost, last: { rateLimit, requestStartedMs } };
}

/**
 * Milliseconds to wait before the next request. With R credits left, enough for N = floor(R / cost)
 * requests, and the window resetting at time E: the next request starts (E - S) / N after the
 * previous one started at S (its own duration counts toward the interval). With N = 0: wait for the
 * reset (plus a margin). Without rate-limit headers: 0.
 */
export function paceDelay(state: PacerState, nowMs: number): number {
  const last = state.last;
  if (!last) return 0;
  const { remaining, resetSeconds } = last.rateLimit;
  if (remaining === null || resetSeconds === null) return 0;
  const untilReset = parseRateLimitReset(String(resetSeconds), nowMs);
  if (untilReset === null || untilReset <= 0) return 0;
  const requestsLeft = Math.floor(remaining / Math.max(1, state.cost));
  if (requestsLeft <= 0) return untilReset + RESET_MARGIN_MS;
  const resetAtMs = nowMs + untilReset;
  const interval = (resetAtMs - last.requestStartedMs) / requestsLeft;
  return Math.max(0, Math.round(last.requestStartedMs + interval - nowMs));
}
