import { z } from "zod";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { HTTP_STATUS, ServiceError } from "@/lib/errors";
import { exportCsv } from "@/lib/lists/export-csv";
import { LISTS } from "@/lib/lists/registry";

const listId = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** CSV export of any registered list (lib/lists/export-csv.ts), for a person who may export lists. */
export async function GET(request: Request, { params }: { params: Promise<{ list: string }> }) {
  try {
    await requirePermission("lists:export", "export lists");
    const id = listId.parse((await params).list);
    const list = LISTS[id];
    if (!list) throw new ServiceError("not_found", "There is no such list.");
    const actor = await requirePermission(list.permission, "see this list");
    const stream = await exportCsv(list, { db: await getDb(), actor }, new URL(request.url).searchParams);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${id}-${date}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ServiceError) return Response.json({ error: error.message }, { status: HTTP_STATUS[error.code] });
    if (error instanceof z.ZodError) return Response.json({ error: "There is no such list." }, { status: 404 });
    throw error;
  }
}
