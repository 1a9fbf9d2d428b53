import { z } from "zod";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { serviceErrorResponse } from "@/lib/errors";
import { getJobProgress } from "@/lib/services/jobs/list-job-results";

const idSchema = z.uuid();

/**
 * A job result's state and counters, polled every 1–2 s by the live progress while the run is
 * queued or running. Read-only, by primary key; never cached.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requirePermission("workspace:view", "see job results");
    const id = idSchema.safeParse((await params).id);
    if (!id.success) return Response.json({ error: "There is no such job result." }, { status: 404 });
    const progress = await getJobProgress({ db: await getDb(), actor }, { id: id.data });
    if (!progress) return Response.json({ error: "There is no such job result." }, { status: 404 });
    return Response.json(progress, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
