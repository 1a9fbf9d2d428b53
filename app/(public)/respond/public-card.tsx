import type { ReactNode } from "react";

/** The frame of the public pages: the product's name and one card, nothing from the workspace. */
export function PublicCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-lg rounded-lg border border-border bg-card p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-primary">OpenSAM</p>
        <h1 className="mb-4 text-2xl font-semibold">{title}</h1>
        <div className="space-y-4 text-sm">{children}</div>
      </div>
    </main>
  );
}
