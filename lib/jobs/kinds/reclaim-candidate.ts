import "server-only";
import { z } from "zod";
import { defineTaskKind } from "../definitions";

export const reclaimCandidatePayload = z.object({ candidateId: z.uuid() });

/**
 * **Reclaim** of one removal candidate (product.md §5), run by the worker, never in a request.
 * `singleton` keyed by candidate: one active attempt per candidate anywhere. Three retries 30 s,
 * 60 s and 120 s apart for the vendor's rate limits and outages; the handler is safe to run again
 * (it knows what an earlier attempt of the same job already sent).
 */
export const reclaimCandidateTask = defineTaskKind({
  id: "reclaim-candidate",
  label: "Reclaim subscription",
  payload: reclaimCandidatePayload,
  queue: { policy: "singleton", retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 15 * 60 },
  pollingIntervalSeconds: 1,
  concurrency: (engine) => (engine === "pglite" ? 2 : 4),
  handle: async (ctx, payload) => (await import("../../services/reclamation/run-reclaim")).runReclaim(ctx, payload.candidateId),
});
