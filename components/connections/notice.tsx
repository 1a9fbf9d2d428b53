import type { ReactNode } from "react";
import { AlertCircle, CheckCircle2, Info } from "lucide-react";
import { cn } from "@/lib/utils";

/** A banner at the top of a page: success, error or information, with words a person can act on. */
export function Notice({ kind, children, testId }: { kind: "success" | "error" | "info"; children: ReactNode; testId?: string }) {
  const Icon = kind === "success" ? CheckCircle2 : kind === "error" ? AlertCircle : Info;
  return (
    <div
      role={kind === "error" ? "alert" : "status"}
      data-testid={testId}
      data-kind={kind}
      className={cn(
        "mb-4 flex items-start gap-2 rounded-md border px-4 py-3 text-sm",
        kind === "success" && "border-success/30 bg-success/10 text-success",
        kind === "error" && "border-destructive/30 bg-destructive/10 text-destructive",
        kind === "info" && "border-border bg-muted text-foreground",
      )}
    >
      <Icon className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <div>{children}</div>
    </div>
  );
}
