import type { PersonActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db";
import { connectionOutcome } from "@/lib/services/connections/connection-outcome";
import { Notice } from "./notice";

/**
 * The outcome of **Create and Get OAuth Token** (or of an API token's **Create**) for the page the
 * person returns to with `?oauth=<connection id>`. Read from the database, never from the URL:
 * success ("OAuth token available for the organization …") or the connection's last error.
 */
export async function OAuthOutcomeBanner({ actor, connectionId }: { actor: PersonActor; connectionId: string | undefined }) {
  if (!connectionId) return null;
  const outcome = await connectionOutcome({ db: await getDb(), actor }, { connectionId });
  if (!outcome) return null;
  return (
    <Notice kind={outcome.kind} testId="oauth-outcome">
      {outcome.message}
    </Notice>
  );
}
