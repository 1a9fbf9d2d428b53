"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * A UTC instant shown in the viewer's time zone. The server renders the UTC text; the browser
 * replaces it with local time after hydration.
 */
export function LocalTime({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  const local = useSyncExternalStore(
    subscribe,
    () => (iso ? format(iso, dateOnly) : ""),
    () => (iso ? `${iso.slice(0, dateOnly ? 10 : 16).replace("T", " ")} UTC` : ""),
  );
  if (!iso) return <span className="text-muted-foreground">—</span>;
  return <time dateTime={iso}>{local}</time>;
}

function format(iso: string, dateOnly: boolean): string {
  const d = new Date(iso);
  return dateOnly
    ? d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })
    : d.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}
