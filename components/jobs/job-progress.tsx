"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { JobState } from "@/lib/db/schema/jobs";
import { cn } from "@/lib/utils";
import { JobStateBadge } from "./job-state-badge";

/** `membersRead` is null for a run of a kind that does not read members (it shows its state only). */
export type ProgressSnapshot = { state: JobState; membersRead: number | null; totalExpected: number | null; pages: number | null; errorText?: string | null };

const POLL_MS = 1500;
const isOpen = (state: JobState) => state === "queued" || state === "running";

/**
 * Live progress of one run: while it is queued or running, polls /api/job-results/<id> every 1.5 s
 * (members read, of the organization's total when the vendor says it) and, once the run has ended,
 * refreshes the page once so that the lists show the final counts.
 */
export function JobProgress({ id, initial, compact = false }: { id: string; initial: ProgressSnapshot; compact?: boolean }) {
  const router = useRouter();
  const [snap, setSnap] = useState(initial);
  const refreshed = useRef(false);

  useEffect(() => {
    if (!isOpen(initial.state)) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/job-results/${id}`, { cache: "no-store" });
        if (res.ok) {
          const next = (await res.json()) as ProgressSnapshot;
          if (stopped) return;
          setSnap(next);
          if (!isOpen(next.state)) {
            if (!refreshed.current) {
              refreshed.current = true;
              router.refresh();
            }
            return;
          }
        }
      } catch {
        // A missed poll (network blip, server restart) is retried on the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, initial.state, router]);

  const total = snap.totalExpected && snap.totalExpected > 0 ? snap.totalExpected : null;
  const counted = snap.membersRead !== null;
  const percent = total && counted ? Math.min(100, Math.round(((snap.membersRead ?? 0) / total) * 100)) : null;
  const read = (snap.membersRead ?? 0).toLocaleString();
  const text =
    snap.state === "queued"
      ? "Waiting for the worker to start the run"
      : !counted
        ? "Running"
        : total
        ? `${read} of ${total.toLocaleString()} members read (${percent} %)`
        : `${read} members read`;

  return (
    <div className={cn("flex flex-col gap-1.5", compact ? "min-w-60" : "min-w-64")} data-testid="job-progress" data-state={snap.state}>
      <div className={cn("flex items-center gap-2", compact ? "text-xs" : "text-sm")}>
        <JobStateBadge state={snap.state} />
        {isOpen(snap.state) ? <span aria-live="polite">{text}</span> : counted && <span>{read} members read</span>}
      </div>
      {isOpen(snap.state) && (
        <div
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={total ?? undefined}
          aria-valuenow={total && counted ? (snap.membersRead ?? undefined) : undefined}
          aria-valuetext={text}
          className="h-2 w-full overflow-hidden rounded-full bg-muted"
        >
          <div
            className={cn("h-full rounded-full bg-primary transition-[width] duration-500", percent === null && "w-1/3 animate-pulse")}
            style={percent !== null ? { width: `${Math.max(percent, 2)}%` } : undefined}
          />
        </div>
      )}
    </div>
  );
}
