import "server-only";
/** A unique index refused the row (two people created the same rule at the same moment). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown };
  const inner = (e?.cause ?? e) as { code?: string };
  return e?.code === "23505" || inner?.code === "23505";
}
