import { CheckCircle2, XCircle } from "lucide-react";
import type { ProfileValidationResult } from "@/lib/db/schema/integration-profiles";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/layout/local-time";

function Checks({ checks }: { checks: ProfileValidationResult["checks"] }) {
  return (
    <ul className="flex flex-col gap-2">
      {checks.map((c) => (
        <li key={c.key} className="flex items-start gap-2 text-sm" data-testid={`check-${c.key}`} data-ok={c.ok}>
          {c.ok ? <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0 text-success" aria-label="passed" /> : <XCircle className="mt-0.5 h-4 w-4 shrink-0 text-destructive" aria-label="failed" />}
          <div>
            <span className="font-medium">{c.label}</span>
            {c.durationMs !== undefined && <span className="text-xs text-muted-foreground"> · {c.durationMs} ms</span>}
            <p className="text-muted-foreground">{c.message}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The last Validate Connection: download checks (they gate Publish) and the read-only reclaim check. */
export function ValidationResults({ result, validatedAt, validatedBy }: { result: ProfileValidationResult | null; validatedAt: string | null; validatedBy: string | null }) {
  if (!result) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Validation</CardTitle>
          <CardDescription>Not validated yet. Select Validate Connection once both connections exist; Publish needs every download check to pass.</CardDescription>
        </CardHeader>
      </Card>
    );
  }
  const download = result.checks.filter((c) => c.process === "download");
  const reclaim = result.checks.filter((c) => c.process === "reclaim");
  return (
    <Card data-testid="validation-results">
      <CardHeader>
        <CardTitle>{result.ok ? "Connection validated" : "Validation failed"}</CardTitle>
        <CardDescription>
          Last validated <LocalTime iso={validatedAt} />
          {validatedBy ? ` by ${validatedBy}` : ""}.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 md:grid-cols-2">
        <section aria-label="Download checks">
          <h3 className="mb-2 text-sm font-semibold">Download checks</h3>
          <Checks checks={download} />
        </section>
        <section aria-label="Reclaim check">
          <h3 className="mb-1 text-sm font-semibold">Reclaim check (read-only)</h3>
          <p className="mb-2 text-xs text-muted-foreground">Reads the SCIM API; changes nothing and does not block Publish.</p>
          <Checks checks={reclaim} />
        </section>
      </CardContent>
    </Card>
  );
}
