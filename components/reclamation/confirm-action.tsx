"use client";
import { useRouter } from "next/navigation";
import { type ReactNode, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";

type Props = {
  /** The button's label ("Reclaim"), also the dialog's title with a question mark. */
  label: string;
  /** What will happen, in words, shown before anything is done. */
  description: ReactNode;
  /** The confirming button's label, naming the effect ("Deactivate 1 Miro user"). */
  confirmLabel: string;
  run: (reason: string) => Promise<ActionResult<unknown>>;
  /** Ask for a reason (Close Skipped): the confirm button waits for one. */
  reason?: { label: string; placeholder?: string };
  variant?: "default" | "outline" | "destructive" | "ghost";
  size?: "sm" | "default";
  disabled?: boolean;
  /**
   * Where the answer goes when the button itself may disappear after the refresh (a row's Reclaim
   * once the candidate is no longer Ready): the parent keeps showing it.
   */
  onAnswer?: (answer: Answer) => void;
};

export type Answer = { ok: boolean; text: string };

/** The answer of the last action, in words: a status, or an alert for a refusal. */
export function AnswerText({ answer }: { answer: Answer | null }) {
  if (!answer) return null;
  return (
    <p role={answer.ok ? "status" : "alert"} className={answer.ok ? "max-w-xl text-sm text-success" : "max-w-xl text-sm text-destructive"}>
      {answer.text}
    </p>
  );
}

/**
 * A button that acts only after a confirmation saying what will happen, then says what happened
 * (or the refusal, in words) next to itself.
 */
export function ConfirmAction({ label, description, confirmLabel, run, reason, variant = "outline", size = "sm", disabled, onAnswer }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [pending, startTransition] = useTransition();
  const [own, setOwn] = useState<Answer | null>(null);
  const setAnswer = onAnswer ?? setOwn;
  const id = `reason-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="flex flex-col items-start gap-1">
      <Button size={size} variant={variant} disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <AnswerText answer={own} />
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{label}?</DialogTitle>
            <DialogDescription asChild>
              <div className="space-y-2 text-sm text-muted-foreground">{description}</div>
            </DialogDescription>
          </DialogHeader>
          {reason && (
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={id}>{reason.label}</Label>
              <textarea
                id={id}
                className="min-h-20 rounded-md border border-input bg-background px-3 py-2 text-sm"
                value={text}
                placeholder={reason.placeholder}
                onChange={(e) => setText(e.target.value)}
              />
            </div>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              disabled={pending || (reason !== undefined && text.trim() === "")}
              variant={variant === "destructive" ? "destructive" : "default"}
              onClick={() =>
                startTransition(async () => {
                  const r = await run(text);
                  setOpen(false);
                  setAnswer(r.ok ? { ok: true, text: r.message ?? "Done." } : { ok: false, text: r.error });
                  if (r.ok) router.refresh();
                })
              }
            >
              {pending ? "Working…" : confirmLabel}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
