/** Bounded ring buffer of the requests the simulated Miro endpoints received (GET /__sim/requests). */

export interface LogEntry {
  seq: number;
  /** Simulated time, ISO. */
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** Recorded for token, revoke and SCIM calls only: these are the bodies tests assert on. */
  body?: unknown;
  status: number;
  durationMs: number;
  faultId?: number;
}

export interface LogFilter {
  path?: string;
  method?: string;
  limit?: number;
}

export const LOGGED_HEADERS = ["authorization", "content-type", "accept", "user-agent", "cookie"] as const;

export class RequestLog {
  private readonly entries: (LogEntry | undefined)[];
  private next = 0;
  private size = 0;
  private seq = 0;

  constructor(private readonly capacity = 5000) {
    this.entries = new Array<LogEntry | undefined>(capacity);
  }

  add(entry: Omit<LogEntry, "seq">): void {
    this.seq += 1;
    this.entries[this.next] = { seq: this.seq, ...entry };
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Oldest first. */
  list(filter: LogFilter = {}): LogEntry[] {
    const out: LogEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const entry = this.entries[(start + i) % this.capacity];
      if (!entry) continue;
      if (filter.path && !entry.path.startsWith(filter.path)) continue;
      if (filter.method && entry.method !== filter.method.toUpperCase()) continue;
      out.push(entry);
    }
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

export function queryToObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of query) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
