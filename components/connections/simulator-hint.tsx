import "server-only";
import { z } from "zod";

/** The demo credentials in the local Miro simulator's `GET /__sim/state` (`credentials`). */
const simState = z.object({
  credentials: z.object({
    clientId: z.string(),
    clientSecret: z.string(),
    scimToken: z.string(),
    adminEmail: z.string(),
    adminPassword: z.string(),
    orgName: z.string().optional(),
  }),
});

export type SimulatorCredentials = z.infer<typeof simState>["credentials"];

/**
 * Demo mode only (`OPENSAM_SIMULATOR_URL` set): the local Miro simulator's demo credentials, read
 * server-side with a short timeout. Any failure means no hint, never a broken page.
 */
export async function simulatorCredentials(): Promise<SimulatorCredentials | null> {
  const base = process.env.OPENSAM_SIMULATOR_URL?.trim();
  if (!base) return null;
  try {
    const res = await fetch(`${base.replace(/\/$/, "")}/__sim/state`, { cache: "no-store", signal: AbortSignal.timeout(1500) });
    if (!res.ok) return null;
    const parsed = simState.safeParse(await res.json());
    return parsed.success ? parsed.data.credentials : null;
  } catch {
    return null;
  }
}

/** The hint box shown in the Create Connection and Credential dialog when the simulator runs. */
export async function SimulatorHint() {
  const c = await simulatorCredentials();
  if (!c) return null;
  return (
    <div data-testid="simulator-hint" className="rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-xs text-foreground">
      <p className="break-all">
        <span className="font-medium">Local Miro simulator:</span> Client ID <code>{c.clientId}</code>, Client secret <code>{c.clientSecret}</code>, SCIM API
        token <code>{c.scimToken}</code>, sign in to Miro as <code>{c.adminEmail}</code> / <code>{c.adminPassword}</code>.
      </p>
    </div>
  );
}
