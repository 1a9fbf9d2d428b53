import type { Role } from "../db/schema/users";
import { forbidden } from "../errors";
import { can, type Permission } from "./permissions";

/**
 * Who a service verb acts for: a signed-in person, or a system job with its run. The one actor type
 * of the project: services check its permission, and the audit log records it.
 */
export type PersonActor = { kind: "person"; id: string; email: string; name: string; roles: readonly Role[] };
export type JobActor = {
  kind: "job";
  /** The job kind's id in the job registry (e.g. "download-subscriptions"). */
  job: string;
  /** The run (`job_results.id`) it acts for; null for work outside a run (a token refresh in Validate). */
  runId: string | null;
  /** How the audit log names it, e.g. "SAM - Refresh Acme Subscriptions". */
  label: string;
};
export type Actor = PersonActor | JobActor;

export function personActor(person: { id: string; email: string; name?: string | null; roles: readonly Role[] }): PersonActor {
  return { kind: "person", id: person.id, email: person.email, name: person.name ?? person.email, roles: person.roles };
}

export function jobActor(job: string, runId: string | null, label: string): JobActor {
  return { kind: "job", job, runId, label };
}

/**
 * Whether the actor may do this. A job is the system acting on a schedule the workspace set up: what
 * it may do is decided by the code that runs it, not by roles, so it passes every check.
 */
export function actorCan(actor: Actor, permission: Permission): boolean {
  return actor.kind === "job" || can(actor.roles, permission);
}

/** The check every service verb makes first, reads included; `what` completes "You do not have permission to …". */
export function authorize(actor: Actor, permission: Permission, what?: string): void {
  if (!actorCan(actor, permission)) throw forbidden(what);
}

/**
 * For what only a signed-in person can do (an OAuth consent is bound to the person who started it):
 * a job is refused like a person without the role.
 */
export function authorizePerson(actor: Actor, permission: Permission, what?: string): PersonActor {
  authorize(actor, permission, what);
  if (actor.kind !== "person") throw forbidden(what);
  return actor;
}

/** The person's id for `created_by`-style columns; null for a job. */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === "person" ? actor.id : null;
}

/** How the audit log and messages name the actor. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === "person") return actor.email;
  return actor.runId ? `${actor.label} (run ${actor.runId})` : actor.label;
}
