import { Button } from "@/components/ui/button";

/** A form's submit button: disabled while the form is sent, and saying so. */
export function SubmitButton({ pending, label = "Save", pendingLabel = "Saving…" }: { pending: boolean; label?: string; pendingLabel?: string }) {
  return (
    <Button type="submit" disabled={pending}>
      {pending ? pendingLabel : label}
    </Button>
  );
}
