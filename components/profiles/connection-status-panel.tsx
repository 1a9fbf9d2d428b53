import Link from "next/link";
import { CheckCircle2, CircleAlert } from "lucide-react";
import type { ConnectionSummary } from "@/lib/services/connections/aliases";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/layout/local-time";

function Row({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <li className="flex items-start gap-2 text-sm">
      {ok ? <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0 text-success" /> : <CircleAlert className="mt-0.5 h-4 w-4 shrink-0 text-warning" />}
      <div>{children}</div>
    </li>
  );
}

/** Where the profile's two connections stand, with the next step when one is missing. */
export function ConnectionStatusPanel(props: {
  profileId: string;
  downloadAliasId: string | null;
  reclaimAliasId: string | null;
  download: ConnectionSummary | null;
  reclaim: ConnectionSummary | null;
  reclaimEnabled: boolean;
}) {
  const { download, reclaim } = props;
  const aliasLink = (id: string | null) =>
    id ? (
      <Link className="font-mono text-xs text-primary hover:underline" href={`/connections/${encodeURIComponent(id)}?profile=${props.profileId}`}>
        {id}
      </Link>
    ) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connections</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-2" data-testid="connection-status">
          <Row ok={!!download?.hasAccessToken}>
            {download?.hasAccessToken ? (
              <>
                OAuth token available ({aliasLink(props.downloadAliasId)})
                {download.tokenContext.organizationName && <> for the organization <strong>{download.tokenContext.organizationName}</strong></>}
                {download.tokenContext.teamName && <> (team {download.tokenContext.teamName})</>}
                {download.accessTokenExpiresAt && (
                  <span className="text-muted-foreground">
                    {" "}
                    · access token expires <LocalTime iso={download.accessTokenExpiresAt.toISOString()} />
                    {download.hasRefreshToken ? ", refreshed automatically" : ""}
                  </span>
                )}
              </>
            ) : (
              <>No OAuth token yet on {aliasLink(props.downloadAliasId)}: open it and select Create New Connection &amp; Credential.</>
            )}
          </Row>
          <Row ok={!!reclaim?.hasApiToken}>
            {reclaim?.hasApiToken ? (
              <>SCIM API token stored ({aliasLink(props.reclaimAliasId)}){props.reclaimEnabled ? "" : " · Reclaim subscriptions is cleared: nothing will be reclaimed"}</>
            ) : (
              <>No SCIM API token yet on {aliasLink(props.reclaimAliasId)}: open it and select Create New Connection &amp; Credential.</>
            )}
          </Row>
        </ul>
      </CardContent>
    </Card>
  );
}
