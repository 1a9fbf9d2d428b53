/**
 * One call to a running simulator's control API (`/__sim/...`, a test tool only), for tests and
 * benchmarks: the body is sent as JSON when given, the answer is parsed as JSON when not empty, and a
 * status of 300 or more throws.
 */
export async function callSimulatorControl<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`simulator control ${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
