import { describe, expect, it } from "vitest";
import { initialPacerState, observeRateLimit, paceDelay, RESET_MARGIN_MS } from "./pacing";

const T0 = 1_800_000_000_000;
const headers = (remaining: number, resetAtMs: number, limit = 100_000) => ({ limit, remaining, resetSeconds: Math.ceil(resetAtMs / 1000) });

describe("pacing from X-RateLimit headers", () => {
  it("does not wait without headers", () => {
    const state = observeRateLimit(initialPacerState(500), { limit: null, remaining: null, resetSeconds: null }, T0);
    expect(paceDelay(initialPacerState(500), T0)).toBe(0);
    expect(paceDelay(state, T0 + 5)).toBe(0);
  });

  it("spreads the requests the remaining credits pay for over the time to the reset", () => {
    // Fresh window: 99,500 credits left = 199 pages of 500 credits, 60 s to go: one page every ~0.3 s.
    const state = observeRateLimit(initialPacerState(500), headers(99_500, T0 + 60_000), T0);
    const delay = paceDelay(state, T0 + 20);
    expect(delay).toBeGreaterThan(280);
    expect(delay).toBeLessThan(305);
    // The request's own duration counts toward the interval.
    expect(paceDelay(state, T0 + 250)).toBeLessThan(delay);
    expect(paceDelay(state, T0 + 400)).toBe(0);
  });

  it("reads a large org at the ceiling: 200 pages of 500 credits spread over one 60 s window", () => {
    let now = T0;
    const resetAt = T0 + 60_000;
    let state = initialPacerState(500);
    let remaining = 100_000;
    const starts: number[] = [];
    while (remaining >= 500) {
      now += paceDelay(state, now);
      starts.push(now);
      remaining -= 500;
      state = observeRateLimit(state, headers(remaining, resetAt), now);
      now += 20; // the request takes 20 ms
    }
    expect(starts).toHaveLength(200);
    // Evenly spread: the 100th page about half-way, the last one just before the reset.
    expect(Math.abs(starts[99]! - (T0 + 30_000))).toBeLessThan(1000);
    expect(starts[199]!).toBeLessThanOrEqual(resetAt);
    expect(starts[199]!).toBeGreaterThan(resetAt - 1000);
  });

  it("learns the price of a request from the drop in Remaining within one window", () => {
    let state = observeRateLimit(initialPacerState(500), headers(9_000, T0 + 10_000, 10_000), T0);
    expect(state.cost).toBe(500);
    state = observeRateLimit(state, headers(8_000, T0 + 10_000, 10_000), T0 + 100);
    expect(state.cost).toBe(1000);
    // A new window (Remaining rose, Reset moved) keeps the estimate.
    state = observeRateLimit(state, headers(9_000, T0 + 20_000, 10_000), T0 + 10_100);
    expect(state.cost).toBe(1000);
    // 9 requests left over 10 s.
    expect(paceDelay(state, T0 + 10_100)).toBeGreaterThan(1000);
  });

  it("waits for the reset when nothing is left", () => {
    const state = observeRateLimit(initialPacerState(500), headers(200, T0 + 4_000), T0);
    expect(paceDelay(state, T0 + 1000)).toBe(Math.ceil((T0 + 4000) / 1000) * 1000 - (T0 + 1000) + RESET_MARGIN_MS);
  });
});
