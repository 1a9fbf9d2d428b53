import type { MiroSimulator } from "@/e2e/miro-simulator/server";

/**
 * One call to the Miro simulator's control API (`/__sim/...`, a test tool only): the body is sent as
 * JSON when given, the answer is parsed as JSON when not empty, and a status of 300 or more throws.
 */
export async function simControl<T = unknown>(sim: Pick<MiroSimulator, "url">, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
