"use client";
import Link from "next/link";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { Button } from "@/components/ui/button";
import { ImportEntitlementsDialog } from "./import-entitlements-dialog";

/** The Entitlements page's sam_admin actions (**Import CSV**, **New**), with the outcome of the import. */
export function EntitlementsActions() {
  const { notice, ok } = useNotice();
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <ImportEntitlementsDialog onDone={ok} />
        <Button asChild>
          <Link href="/entitlements/new">New</Link>
        </Button>
      </div>
      <NoticeLine notice={notice} />
    </div>
  );
}
