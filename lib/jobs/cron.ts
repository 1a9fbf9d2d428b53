import "server-only";
import * as cronParserModule from "cron-parser";

/*
 * cron-parser 4.9.0 (the version pg-boss 10 itself uses to read schedules) is a CommonJS class with
 * static methods; depending on the loader its functions sit on the namespace or on `default`.
 */
type CronParser = typeof cronParserModule;
const cronParser: CronParser =
  typeof cronParserModule.parseExpression === "function"
    ? cronParserModule
    : (cronParserModule as unknown as { default: CronParser }).default;

/** The first time strictly after `after` at which a five-field cron expression fires, in `timeZone`. */
export function nextCronTime(cron: string, timeZone: string, after: Date): Date {
  const expression = cronParser.parseExpression(cron, { currentDate: after, tz: timeZone });
  return expression.next().toDate();
}

/** Whether `cron` is a valid five-field expression in `timeZone` (an unknown zone is invalid too). */
export function isValidCron(cron: string, timeZone = "UTC"): boolean {
  if (cron.trim().split(/\s+/).length !== 5) return false;
  try {
    nextCronTime(cron, timeZone, new Date());
    return true;
  } catch {
    return false;
  }
}
