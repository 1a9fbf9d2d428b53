"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/** The profile's details and its related lists (product.md §3), one sub-route each. */
export const PROFILE_TABS = [
  { slug: "", label: "Details" },
  { slug: "software-models", label: "Software Models" },
  { slug: "unrecognized-identifiers", label: "Unrecognized Subscription Identifiers" },
  { slug: "scheduled-jobs", label: "Scheduled Jobs" },
  { slug: "job-results", label: "Scheduled Job Results" },
  { slug: "subscriptions", label: "Software Subscriptions" },
  { slug: "removal-candidates", label: "Removal candidates" },
  { slug: "identifier-exclusions", label: "Subscription Identifier Exclusion Rule" },
  { slug: "user-exclusions", label: "Subscription User Exclusion Rule" },
] as const;

export function ProfileTabs({ profileId }: { profileId: string }) {
  const pathname = usePathname();
  const base = `/integration-profiles/${profileId}`;
  return (
    <nav aria-label="Profile sections" className="flex flex-wrap gap-1 border-b border-border">
      {PROFILE_TABS.map((tab) => {
        const href = tab.slug ? `${base}/${tab.slug}` : base;
        const active = pathname === href;
        return (
          <Link
            key={tab.slug}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              active ? "border-primary font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
