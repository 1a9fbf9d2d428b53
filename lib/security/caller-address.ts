/** The caller's address as the proxy in front reports it (first of X-Forwarded-For, else X-Real-IP), else "unknown". */
export function callerAddress(headers: Pick<Headers, "get"> | undefined): string {
  return headers?.get("x-forwarded-for")?.split(",")[0]?.trim() || headers?.get("x-real-ip") || "unknown";
}
