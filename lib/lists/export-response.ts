import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import type { DbOrTx } from "../db";
import { ServiceError, serviceErrorResponse } from "../errors";
import { getProfile } from "../services/profiles/get-profile";
import { exportCsv } from "./export-csv";
import { checkExportParams } from "./export-params";
import { LISTS } from "./registry";

const listName = z.string().regex(/^[a-z0-9-]{1,60}$/);

/**
 * Who asks, for the export: the database and the permission check of the signed-in person. The
 * route passes `requirePermission` (the session); a test passes a check of a given actor, so the
 * whole answer (status, headers, file) is tested without a session.
 */
export type ExportCaller = {
  db: DbOrTx;
  requirePermission: (permission: Permission, what: string) => Promise<Actor>;
};

/**
 * The CSV export of a registered list (lib/lists/export-csv.ts) as an HTTP answer. Everything that
 * can be refused is refused before the file starts, with a status and a sentence: the session and
 * permissions (401/403), the list's name (404), every parameter (400, export-params.ts) and the
 * integration profile of a profile's list (404). After that the status is 200 and a failure is
 * written in the file's last line.
 */
export async function exportListResponse(caller: ExportCaller, name: string, search: URLSearchParams): Promise<Response> {
  try {
    await caller.requirePermission("lists:export", "export lists");
    const id = listName.safeParse(name);
    const list = id.success ? LISTS[id.data] : undefined;
    if (!list || !id.success) throw new ServiceError("not_found", "There is no such list.");
    const actor = await caller.requirePermission(list.permission, "see this list");
    const ctx = { db: caller.db, actor };
    checkExportParams(list.spec, list.scope === "profile", search);
    if (list.scope === "profile") await getProfile(ctx, { id: search.get("profile") ?? "" });
    const stream = await exportCsv(list, ctx, search);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${id.data}-${date}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}
