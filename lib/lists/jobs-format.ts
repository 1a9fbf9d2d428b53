import type { JOB_TRIGGERS } from "../db/schema/jobs";

/** How a run was started, as the lists show it. */
export const JOB_TRIGGER_LABELS: Record<(typeof JOB_TRIGGERS)[number], string> = { schedule: "Schedule", manual: "Execute Now", publish: "Publish" };

/** "2 h 5 min", "1 min 23 s", "4 s": a run's duration in words. */
export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "Daily at 02:00 UTC" for the daily cron Publish writes; other expressions as they are. */
export function describeCron(cron: string, timeZone = "UTC"): string {
  const m = /^(\d+) (\d+) \* \* \*$/.exec(cron);
  return m ? `Daily at ${m[2]!.padStart(2, "0")}:${m[1]!.padStart(2, "0")} ${timeZone}` : `${cron} (${timeZone})`;
}
