import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { exportListResponse } from "@/lib/lists/export-response";

/** CSV export of any registered list, for a person who may export lists (lib/lists/export-response.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ list: string }> }) {
  return exportListResponse({ db: await getDb(), requirePermission }, (await params).list, new URL(request.url).searchParams);
}
