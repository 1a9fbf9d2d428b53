import { describe, expect, it, vi } from "vitest";
import { jobActor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import type { RunContext } from "@/lib/jobs/definitions";
import { downloadSubscriptionsKind } from "@/lib/jobs/kinds/download-subscriptions";

/** The reclamation step of a download run: only after a download that completed and swept. */
function context(): RunContext {
  const db = { execute: vi.fn(async () => []) } as unknown as Db;
  return {
    db,
    scheduledJobId: "00000000-0000-4000-8000-000000000001",
    jobResultId: "00000000-0000-4000-8000-000000000002",
    profileId: "00000000-0000-4000-8000-000000000003",
    attemptToken: "t",
    signal: new AbortController().signal,
    actor: jobActor("download-subscriptions", "r", "Download subscriptions"),
    log: () => {},
  };
}

describe("the download run's reclamation step", () => {
  it("runs after a download that completed, and its counts go in the run's details", async () => {
    const rules = vi.fn(async () => ({ created: 3, canceled: 1, skipped: 0 }));
    const ctx = context();
    const outcome = await downloadSubscriptionsKind(async () => ({ removed: 0 }), rules).run(ctx);
    expect(rules).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual({ details: { candidates: { created: 3, canceled: 1, skipped: 0 } } });
  });

  it("never runs after a failed download: no candidate from a partial read", async () => {
    const rules = vi.fn(async () => ({ created: 0, canceled: 0, skipped: 0 }));
    const failing = downloadSubscriptionsKind(async () => {
      throw new Error("Miro answered 500");
    }, rules);
    await expect(failing.run(context())).rejects.toThrow("Miro answered 500");
    expect(rules).not.toHaveBeenCalled();
  });

  it("never runs after a download that held its removals back, and says so in the warning", async () => {
    const rules = vi.fn(async () => ({ created: 0, canceled: 0, skipped: 0 }));
    const outcome = await downloadSubscriptionsKind(async () => ({ warning: "Held back 1,999 removals." }), rules).run(context());
    expect(rules).not.toHaveBeenCalled();
    expect(outcome?.warning).toBe("Held back 1,999 removals. Removal candidates were not evaluated: they will be after the next complete download.");
  });

  it("a failure of the rules leaves the download's work and ends with a warning in words", async () => {
    const outcome = await downloadSubscriptionsKind(async () => ({}), async () => {
      throw new Error("deadlock detected");
    }).run(context());
    expect(outcome?.warning).toContain("the reclamation rules could not be evaluated (deadlock detected)");
  });
});
