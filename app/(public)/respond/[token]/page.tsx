import Link from "next/link";
import { appNow } from "@/lib/clock/app-clock";
import { getDb } from "@/lib/db";
import { publicPageLimit } from "@/lib/security/public-rate-limit";
import { readResponseLink } from "@/lib/services/reclamation/respond";
import { Button } from "@/components/ui/button";
import { answerAction } from "../actions";
import { PublicCard } from "../public-card";

export const metadata = { title: "Your license", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

/**
 * The page a Keep my license / Release it now link opens. Showing it changes nothing (mail scanners
 * follow links): the answer is the button. A link that is not valid gets one sentence, whatever the
 * reason, so the page reveals nothing.
 */
export default async function RespondPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ choice?: string }> }) {
  const wait = await publicPageLimit();
  if (wait !== null) {
    return (
      <PublicCard title="Too many attempts">
        <p>Wait {wait} seconds, then open the link from your email again.</p>
      </PublicCard>
    );
  }
  const { token } = await params;
  const db = await getDb();
  const view = await readResponseLink(db, token, await appNow(db));
  if (!view.ok) {
    return (
      <PublicCard title="This link is not valid">
        <p>It was already used, its date has passed, or it was copied incompletely. Nothing was changed. If you still need your license, ask your software asset team.</p>
      </PublicCard>
    );
  }
  const choice = (await searchParams).choice === "release" ? "release" : "keep";
  const other = choice === "keep" ? "release" : "keep";
  return (
    <PublicCard title={choice === "keep" ? "Keep my license" : "Release it now"}>
      <p>
        Your <strong>{view.product}</strong> license is due to be reclaimed on <strong>{view.date}</strong>.
      </p>
      <form action={answerAction} className="space-y-3">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="choice" value={choice} />
        {choice === "keep" ? (
          <>
            <p>Confirm that you still need it. Your software asset team reviews the request and tells you what they decide.</p>
            <label className="flex flex-col gap-1.5">
              <span className="font-medium">Why do you need it? (optional)</span>
              <textarea name="reason" maxLength={1000} className="min-h-20 rounded-md border border-border bg-background px-3 py-2" />
            </label>
            <Button type="submit">Confirm: keep my license</Button>
          </>
        ) : (
          <>
            <p>Confirm that you no longer need it: the license is taken back now, and your content stays.</p>
            <Button type="submit" variant="destructive">
              Confirm: release it now
            </Button>
          </>
        )}
      </form>
      <p className="text-muted-foreground">
        Changed your mind?{" "}
        <Link className="text-primary hover:underline" href={`/respond/${token}?choice=${other}`}>
          {other === "keep" ? "Keep my license" : "Release it now"} instead
        </Link>
        .
      </p>
    </PublicCard>
  );
}
