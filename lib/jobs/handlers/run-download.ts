import { runDownload } from "../../services/downloads/run-download";
import type { RunDownloadFn } from "./download-subscriptions";

/**
 * The download the worker runs by default: lib/services/downloads/run-download.ts with its
 * production dependencies (the Miro adapter on the configured base URLs, the configured key).
 */
export const runDownloadForJobs: RunDownloadFn = (db, input) => runDownload(db, input);
