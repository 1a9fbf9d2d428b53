"use client";
import { useCallback, useState } from "react";

export type Notice = { ok: boolean; message: string } | null;

/** The outcome of the last action on a list, shown above it. */
export function useNotice() {
  const [notice, setNotice] = useState<Notice>(null);
  const done = useCallback((n: { ok: boolean; message: string }) => setNotice(n), []);
  const ok = useCallback((message: string) => setNotice({ ok: true, message }), []);
  return { notice, done, ok };
}

export function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <p
      role={notice.ok ? "status" : "alert"}
      data-testid="list-notice"
      className={notice.ok ? "rounded-md bg-success/10 px-3 py-2 text-sm text-success" : "rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive"}
    >
      {notice.message}
    </p>
  );
}
