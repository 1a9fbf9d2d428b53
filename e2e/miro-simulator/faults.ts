/**
 * Scripted faults for the next matching requests.
 *
 * Matching: `path` without `*` is a prefix of the request path ("/v2/orgs" matches every org
 * endpoint); with `*` it is a whole-path pattern where `*` matches within one segment and `**`
 * matches across segments ("/v2/orgs/*\/members" matches the members list but not a single member).
 * `method` is optional and case-insensitive. The first registered fault that matches and still has
 * hits left is applied; one fault per request. Control paths (/__sim/...) are never faulted.
 *
 * Effects: `delayMs` waits before the request is handled. `status` answers at once with that status
 * (and `body`, or a Miro-format error body) WITHOUT running the handler, so no state changes.
 * `malformed` and `truncate` run the handler (state changes happen) and then corrupt the response:
 * `malformed` sends a 200-status body that is not valid JSON, `truncate` sends half the body and
 * then destroys the connection.
 */
import { z } from "zod";

export const faultInputSchema = z
  .strictObject({
    path: z.string().min(1).startsWith("/"),
    method: z.string().min(1).optional(),
    status: z.number().int().min(100).max(599).optional(),
    /** How many matching requests are affected; default 1. */
    count: z.number().int().min(1).optional(),
    /** Apply to every matching request until DELETE /__sim/faults. */
    always: z.boolean().optional(),
    delayMs: z.number().int().min(0).max(300_000).optional(),
    malformed: z.boolean().optional(),
    truncate: z.boolean().optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs !== undefined || f.malformed || f.truncate, {
    message: "a fault needs at least one of status, delayMs, malformed, truncate",
  })
  .refine((f) => !(f.always && f.count !== undefined), { message: "use either count or always" });

export type FaultInput = z.infer<typeof faultInputSchema>;

export interface Fault extends FaultInput {
  id: number;
  /** null = unlimited. */
  remaining: number | null;
  hits: number;
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;
  private readonly matchers = new Map<number, (path: string) => boolean>();

  add(input: FaultInput): Fault {
    const fault: Fault = { ...input, id: this.nextId++, remaining: input.always ? null : (input.count ?? 1), hits: 0 };
    this.faults.push(fault);
    this.matchers.set(fault.id, pathMatcher(input.path));
    return fault;
  }

  /** Finds the fault for this request and uses up one of its hits. */
  take(method: string, path: string): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    for (const fault of this.faults) {
      if (fault.remaining === 0) continue;
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!this.matchers.get(fault.id)?.(path)) continue;
      if (fault.remaining !== null) fault.remaining -= 1;
      fault.hits += 1;
      return fault;
    }
    return undefined;
  }

  list(): Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
    this.matchers.clear();
  }
}

export function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.includes("*")) return (path) => path.startsWith(pattern);
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}
