import "server-only";
import type { z } from "zod";
import { requirePermission } from "../auth/session";
import type { Permission } from "../auth/permissions";
import { getDb } from "../db";
import { ServiceError, type ErrorCode } from "../errors";
import type { ServiceContext } from "../services/context";
import { fieldErrorsOf } from "../services/parse-input";

export type ActionResult<T = unknown> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: ErrorCode; error: string; fieldErrors?: Record<string, string[]> };

/** FormData → plain object; repeated keys (check boxes, multi-selects) become arrays. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

type Definition<S extends z.ZodType, T> = {
  permission: Permission;
  /** What the person tried to do, for the refusal message ("create people"). */
  what: string;
  schema: S;
  /** Gets the parsed input and the service context of the signed-in person, for the verbs it calls. */
  handler: (input: z.output<S>, ctx: ServiceContext) => Promise<T | { data: T; message: string }>;
};

/**
 * A defined action carries its permission, what it does and its schema, so that a test can
 * enumerate every action with the roles that may call it and the fields it reads
 * (tests/integration/roles-matrix.test.ts, hostile-input.test.ts).
 */
export type DefinedAction<T> = ((_prev: unknown, input: FormData | Record<string, unknown>) => Promise<ActionResult<T>>) & {
  readonly permission: Permission;
  readonly what: string;
  /** Its input's schema: the hostile-input test sends bad values in each of its fields. */
  readonly schema: z.ZodType;
};

/**
 * The server-action wrapper: session and permission first, then zod, then the handler with the
 * person's service context (the verbs it calls check the permission again and parse again); typed
 * service errors become messages, anything else a generic message (details go to the server log).
 * The returned function works with `useActionState` (prev state, FormData) and with a plain object.
 */
export function defineAction<S extends z.ZodType, T>(def: Definition<S, T>): DefinedAction<T> {
  const action = async (_prev: unknown, input: FormData | Record<string, unknown>): Promise<ActionResult<T>> => {
    try {
      const actor = await requirePermission(def.permission, def.what);
      const raw = input instanceof FormData ? formDataToObject(input) : input;
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          code: "invalid_input",
          error: "Some fields need attention.",
          fieldErrors: fieldErrorsOf(parsed.error),
        };
      }
      const result = await def.handler(parsed.data, { db: await getDb(), actor });
      if (result && typeof result === "object" && "message" in result && "data" in result) {
        return { ok: true, data: result.data as T, message: result.message as string };
      }
      return { ok: true, data: result as T };
    } catch (error) {
      if (error instanceof ServiceError) {
        return { ok: false, code: error.code, error: error.message, fieldErrors: error.fieldErrors };
      }
      // Next's redirect() and notFound() work by throwing: let them through.
      if (error && typeof error === "object" && "digest" in error) throw error;
      console.error("[action] unexpected error", error);
      return { ok: false, code: "internal", error: "Something went wrong on our side. Nothing was changed; try again." };
    }
  };
  return Object.assign(action, { permission: def.permission, what: def.what, schema: def.schema });
}
