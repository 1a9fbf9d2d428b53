import "server-only";
import type { ServiceContext } from "../services/context";
import { csvRow } from "../table/csv";
import { parseListParams } from "../table/list-spec";
import type { ExportableList } from "./registry";

/**
 * A list's CSV for the URL's filter, sort and visible columns: the same rows the screen shows, on
 * all pages, under the screen's headers. Streamed, so a 100k-row list does not sit in memory. The
 * first row is read before the file starts, so that a refusal or a bad parameter (an unknown
 * profile) is an error the caller can answer with a status, not a cut-off file.
 */
export async function exportCsv(list: ExportableList, ctx: ServiceContext, search: URLSearchParams): Promise<ReadableStream<Uint8Array>> {
  const hidden = new Set(parseListParams(list.spec, search).hidden);
  const columns = list.columns.filter((c) => !hidden.has(c.id));
  const rows = list.rows(ctx, search)[Symbol.asyncIterator]();
  let next = await rows.next();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(columns.map((c) => c.header))));
    },
    async pull(controller) {
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvRow(columns.map((c) => c.value(next.value as Record<string, unknown>)))));
      next = await rows.next();
    },
  });
}
