import { z } from "zod";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { HTTP_STATUS, ServiceError } from "@/lib/errors";
import { LISTS } from "@/lib/lists/registry";
import { parseListParams } from "@/lib/table/list-spec";
import { csvRow } from "@/lib/table/csv";

const listId = z.string().regex(/^[a-z0-9-]{1,60}$/);

/**
 * CSV export of any registered list, with the filter, sort and visible columns of the URL: the same
 * rows the screen shows, on all pages. Streamed, so a 100k-row list does not sit in memory.
 */
export async function GET(request: Request, { params }: { params: Promise<{ list: string }> }) {
  try {
    await requirePermission("lists:export", "export lists");
    const id = listId.parse((await params).list);
    const list = LISTS[id];
    if (!list) throw new ServiceError("not_found", "There is no such list.");
    const actor = await requirePermission(list.permission, "see this list");
    const search = new URL(request.url).searchParams;
    const hidden = new Set(parseListParams(list.spec, search).hidden);
    const columns = list.columns.filter((c) => !hidden.has(c.id));
    const db = await getDb();
    const encoder = new TextEncoder();
    const rows = list.rows(db, search, actor)[Symbol.asyncIterator]();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvRow(columns.map((c) => c.header))));
      },
      async pull(controller) {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRow(columns.map((c) => c.value(next.value)))));
      },
    });
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
