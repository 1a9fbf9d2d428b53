import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "@/lib/db/seed-demo";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentActor()) redirect("/");
  const { callbackUrl } = await searchParams;
  const demo = env().OPENSAM_DEMO;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-card p-8 shadow-sm">
        <div className="mb-6">
          <p className="text-sm font-semibold uppercase tracking-wide text-primary">OpenSAM</p>
          <h1 className="text-2xl font-semibold">Sign in to the Software Asset Workspace</h1>
        </div>
        <SignInForm callbackUrl={callbackUrl} />
        {demo && (
          <div className="mt-6 rounded-md bg-muted p-3 text-xs text-muted-foreground">
            <p className="mb-1 font-medium text-foreground">Demo sign-ins (password {DEMO_PASSWORD})</p>
            <ul>
              {DEMO_PEOPLE.map((p) => (
                <li key={p.email}>
                  {p.email} — {p.roles.join(", ")}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </main>
  );
}
