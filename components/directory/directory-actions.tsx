"use client";
import { NoticeLine, useNotice } from "@/components/exclusions/notice";
import { CreateDirectoryUserDialog } from "./create-directory-user-dialog";
import { ImportDirectoryDialog } from "./import-directory-dialog";

/** The directory page's sam_admin actions, with the outcome of the last one. */
export function DirectoryActions() {
  const { notice, ok } = useNotice();
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <ImportDirectoryDialog onDone={ok} />
        <CreateDirectoryUserDialog onDone={ok} />
      </div>
      <NoticeLine notice={notice} />
    </div>
  );
}
