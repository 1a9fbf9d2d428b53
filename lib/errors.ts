/**
 * Typed errors that services throw and the edges (server actions, route handlers) turn into
 * messages and HTTP statuses. The code names the kind; the message is for a person.
 */
export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "vendor_error"
  | "internal";

export class ServiceError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  vendor_error: 502,
  internal: 500,
};

/**
 * A route handler's answer to a failure: a ServiceError becomes its status with its words (and its
 * field errors, when it has any); anything else is rethrown for Next to log and answer 500.
 */
export function serviceErrorResponse(error: unknown): Response {
  if (!(error instanceof ServiceError)) throw error;
  return Response.json({ error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) }, { status: HTTP_STATUS[error.code] });
}

export const forbidden = (what = "do this") =>
  new ServiceError("forbidden", `You do not have permission to ${what}. Ask a SAM admin for the role it needs.`);
export const unauthenticated = () => new ServiceError("unauthenticated", "Your session has ended. Sign in again.");
