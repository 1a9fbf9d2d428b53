import { requirePageActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { NAVIGATION } from "@/lib/navigation";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { Badge } from "@/components/ui/badge";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  const sections = NAVIGATION.map((s) => ({
    ...s,
    items: s.items.filter((i) => (!i.permission || can(actor.roles, i.permission)) && (!i.mailCapture || env().OPENSAM_MAIL_CAPTURE_PORT !== undefined)),
  })).filter((s) => s.items.length > 0);
  return (
    <div className="flex min-h-screen">
      <aside className="w-64 shrink-0 bg-sidebar px-3 py-5">
        <p className="mb-5 px-3 text-lg font-semibold text-white">OpenSAM</p>
        <SidebarNav sections={sections} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-border bg-card px-6 py-3">
          <div className="text-right text-sm" data-testid="current-person">
            <p className="font-medium">{actor.name}</p>
            <p className="text-muted-foreground">{actor.email}</p>
          </div>
          <div className="flex gap-1" data-testid="current-roles">
            {actor.roles.map((r) => (
              <Badge key={r} title={ROLE_LABELS[r]}>
                {r}
              </Badge>
            ))}
          </div>
          <SignOutButton />
        </header>
        {env().OPENSAM_SIMULATOR_URL && (
          <p role="note" className="border-b border-warning/30 bg-warning/10 px-6 py-2 text-sm text-warning" data-testid="simulator-banner">
            Demo: this workspace is connected to the local Miro simulator at {env().OPENSAM_SIMULATOR_URL}, not to Miro.
          </p>
        )}
        <main className="flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
