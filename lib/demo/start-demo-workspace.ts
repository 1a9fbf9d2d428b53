import "server-only";
import type { Db } from "../db/client";
import { REMOVAL_CANDIDATE_STATE_LABELS, type RemovalCandidateState } from "../db/schema";
import { seedDemoDirectory } from "../db/seed-demo";
import { seedDemoWorkspace, type DemoWorkspaceOutcome } from "./demo-workspace";

/** Waits (up to two minutes) until this server answers, so the demo's seeding never delays its start. */
async function serverAnswers(appUrl: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(new URL("/api/ping", appUrl))).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function summary(outcome: Extract<DemoWorkspaceOutcome, { seeded: true }>): string {
  const states = Object.entries(outcome.candidates)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([state, n]) => `${n} ${REMOVAL_CANDIDATE_STATE_LABELS[state as RemovalCandidateState]}`)
    .join(", ");
  return `${outcome.profileName} is published with ${outcome.subscriptions} subscriptions downloaded, removal candidates (${states}), an entitlement and a reconciliation: see the Overview.`;
}

/**
 * Demo mode, at every start: in the background once the server answers, makes the demo workspace on
 * the simulator's second organization unless it exists (lib/demo/demo-workspace.ts), and says in one
 * line what it did. A failure is told, never thrown: the app runs on.
 */
export function startDemoWorkspaceInBackground(db: Db, input: { appUrl: string; simulatorUrl: string; orgId: string }): void {
  void (async () => {
    try {
      await serverAnswers(input.appUrl);
      // Its people first, so that the first download resolves the subscriptions to them.
      await seedDemoDirectory(db, input.simulatorUrl, input.orgId);
      const outcome = await seedDemoWorkspace(db, { simulatorUrl: input.simulatorUrl, orgId: input.orgId });
      console.log(outcome.seeded ? `[opensam] Demo workspace: ${summary(outcome)}` : `[opensam] Demo workspace: kept as it is (${outcome.reason}).`);
    } catch (error) {
      console.log(
        `[opensam] Demo workspace not made: ${(error as Error).message} The app runs on; to try again from scratch, stop the demo, delete the .data folder and start it again.`,
      );
    }
  })();
}
