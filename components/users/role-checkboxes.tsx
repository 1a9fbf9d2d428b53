import { ROLES, type Role } from "@/lib/db/schema/roles";
import { ROLE_LABELS } from "@/lib/auth/permissions";

/** Plain check boxes (not Radix) so that FormData carries every ticked role as `roles`. */
export function RoleCheckboxes({ idPrefix, defaultRoles = [] }: { idPrefix: string; defaultRoles?: Role[] }) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">Roles</legend>
      {ROLES.map((role) => (
        <label key={role} htmlFor={`${idPrefix}-${role}`} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            id={`${idPrefix}-${role}`}
            name="roles"
            value={role}
            defaultChecked={defaultRoles.includes(role)}
            className="h-4 w-4 accent-primary"
          />
          <span className="font-mono text-xs">{role}</span>
          <span className="text-muted-foreground">{ROLE_LABELS[role]}</span>
        </label>
      ))}
    </fieldset>
  );
}
