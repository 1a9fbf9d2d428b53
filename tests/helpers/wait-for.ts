export type WaitFor = <T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs?: number) => Promise<T>;

/** Polls `probe` every 100 ms until it gives a truthy value, which it returns; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `waitFor` with a test file's own default timeout. */
export function waiter(defaultTimeoutMs: number): WaitFor {
  return (what, probe, timeoutMs = defaultTimeoutMs) => waitFor(what, probe, timeoutMs);
}
