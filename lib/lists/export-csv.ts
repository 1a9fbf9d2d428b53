import "server-only";
import { EXPORT_FAILED_MARK } from "../csv/parse";
import { ServiceError } from "../errors";
import type { ServiceContext } from "../services/context";
import { csvRow } from "../table/csv";
import { parseListParams } from "../table/list-spec";
import type { ExportableList } from "./registry";

/**
 * A list's CSV for the URL's filter, sort and visible columns: the same rows the screen shows, on
 * all pages, under the screen's headers. Streamed, so a 100k-row list does not sit in memory. The
 * first row is read before the file starts, so that a refusal is an error the caller can answer
 * with a status, not a cut-off file (the parameters are checked before, lib/lists/export-params.ts).
 * Once the file has started its status is sent: a failure after that is written as the file's last
 * line, so that nobody takes a cut-off file for the whole list.
 */
export async function exportCsv(list: ExportableList, ctx: ServiceContext, search: URLSearchParams): Promise<ReadableStream<Uint8Array>> {
  const hidden = new Set(parseListParams(list.spec, search).hidden);
  const columns = list.columns.filter((c) => !hidden.has(c.id));
  const rows = list.rows(ctx, search)[Symbol.asyncIterator]();
  let next = await rows.next();
  let written = 0;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(columns.map((c) => c.header))));
    },
    async pull(controller) {
      try {
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(csvRow(columns.map((c) => c.value(next.value as Record<string, unknown>)))));
        written++;
        next = await rows.next();
      } catch (error) {
        console.error(`[export] ${list.spec.id}: failed after ${written} rows`, error);
        controller.enqueue(encoder.encode(csvRow([exportFailedLine(written, error)])));
        controller.close();
      }
    },
    // The person stopped the download: let the read end, so it does not hold a connection.
    async cancel() {
      await rows.return?.();
    },
  });
}

/** The last line of a file whose export failed part-way; a service error's message is for a person, anything else stays in the log. */
export function exportFailedLine(written: number, error: unknown): string {
  const why = error instanceof ServiceError ? error.message.replace(/[.\s]+$/, "") : "an error on the server (the details are in its log)";
  return `${EXPORT_FAILED_MARK} after ${written.toLocaleString("en")} rows: ${why}; this file is incomplete`;
}
