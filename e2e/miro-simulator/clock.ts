/**
 * Simulated time. "Now" is real time plus an offset, so that advancing the clock expires codes and
 * tokens at once while rate-limit windows still roll over in a real-time benchmark.
 */
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Makes now() equal `epochMs` from this instant on (used by the `startTime` option). */
  setNow(epochMs: number): void {
    this.offsetMs = epochMs - Date.now();
  }

  get offset(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** ISO-8601 UTC with a trailing Z and no milliseconds, as in Miro's examples ("2024-05-01T10:11:12Z"). */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
