"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addWorkNoteAction } from "@/app/(workspace)/removal-candidates/actions";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";

/** Adds a work note to the candidate's history. */
export function WorkNoteForm({ id }: { id: string }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await addWorkNoteAction(null, { id, text });
          if (r.ok) {
            setText("");
            setError(null);
            router.refresh();
          } else setError(r.fieldErrors?.text?.[0] ?? r.error);
        });
      }}
    >
      <Label htmlFor="work-note">Work note</Label>
      <textarea id="work-note" className="min-h-20 rounded-md border border-input bg-background px-3 py-2 text-sm" value={text} onChange={(e) => setText(e.target.value)} />
      {error && (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      )}
      <div>
        <Button type="submit" size="sm" disabled={pending || text.trim() === ""}>
          {pending ? "Adding…" : "Add work note"}
        </Button>
      </div>
    </form>
  );
}
