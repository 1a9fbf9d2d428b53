"use client";
import { useTransition } from "react";
import { setExclusionRuleActiveAction } from "@/app/(workspace)/subscription-exclusions/actions";
import { Button } from "@/components/ui/button";

/** **Deactivate** / **Activate** an exclusion rule; the subscriptions it covers are re-marked at once. */
export function RuleActiveButton({
  kind,
  id,
  active,
  label,
  onDone,
}: {
  kind: "identifier" | "user";
  id: string;
  active: boolean;
  /** What the rule excludes, for the button's accessible name. */
  label: string;
  onDone: (result: { ok: boolean; message: string }) => void;
}) {
  const [pending, startTransition] = useTransition();
  const verb = active ? "Deactivate" : "Activate";
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={pending}
      aria-label={`${verb} ${label}`}
      onClick={() =>
        startTransition(async () => {
          const r = await setExclusionRuleActiveAction(null, { kind, id, active: active ? "false" : "true" });
          onDone(r.ok ? { ok: true, message: r.message ?? "Saved." } : { ok: false, message: r.error });
        })
      }
    >
      {pending ? "Saving…" : verb}
    </Button>
  );
}
