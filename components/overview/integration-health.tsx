import Link from "next/link";
import { JOB_STATE_LABELS, type JobState } from "@/lib/db/schema/jobs";
import type { ProfileHealth, ScimCheck } from "@/lib/services/overview/overview-figures";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

const SCIM_BADGE: Record<ScimCheck["state"], { label: string; variant: "success" | "destructive" | "muted" | "warning" }> = {
  passed: { label: "Passed", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  off: { label: "Reclaim off", variant: "muted" },
  unchecked: { label: "Not checked", variant: "warning" },
};

/** Per published profile: last download and its state, token expiry, the SCIM check, stale data. */
export function IntegrationHealth({ health }: { health: ProfileHealth[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Integration health</CardTitle>
      </CardHeader>
      <CardContent>
        <table className="w-full text-sm" aria-label="Integration health">
          <thead>
            <tr className="border-b border-border text-left text-xs text-muted-foreground">
              <th className="py-1.5">Profile</th>
              <th className="py-1.5">Last run</th>
              <th className="py-1.5">Last successful download</th>
              <th className="py-1.5">Token expires</th>
              <th className="py-1.5">SCIM check</th>
            </tr>
          </thead>
          <tbody>
            {health.map((h) => {
              const scim = SCIM_BADGE[h.scim.state];
              return (
                <tr key={h.profileId} className="border-b border-border align-top">
                  <td className="py-1.5">
                    <Link className="text-primary hover:underline" href={`/integration-profiles/${h.profileId}/job-results`}>
                      {h.name}
                    </Link>
                  </td>
                  <td className="py-1.5">{h.lastState ? (JOB_STATE_LABELS[h.lastState as JobState] ?? h.lastState) : "—"}</td>
                  <td className="py-1.5">
                    <LocalTime iso={h.lastEndedAt} /> {h.stale && <Badge variant="warning">Stale: reclaim waits for a download</Badge>}
                  </td>
                  <td className="py-1.5">{h.tokenExpiresAt ? <LocalTime iso={h.tokenExpiresAt} /> : "—"}</td>
                  <td className="py-1.5">
                    <Badge variant={scim.variant}>{scim.label}</Badge>
                    {h.scim.message && h.scim.state !== "off" && <div className="mt-1 max-w-xs text-xs text-muted-foreground">{h.scim.message}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
