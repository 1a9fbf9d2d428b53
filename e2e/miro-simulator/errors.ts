/** Error bodies in the two formats Miro uses: REST `status` is a number, SCIM `status` a string. */
import { json, scimJson, type HeaderValues, type SimResponse } from "./http";

const DEFAULT_REST_CODES: Record<number, string> = {
  400: "invalidParameters",
  401: "tokenNotProvided",
  403: "forbiddenAccess",
  404: "notFound",
  405: "methodNotAllowed",
  409: "conflict",
  413: "payloadTooLarge",
  415: "unsupportedMediaType",
  429: "tooManyRequests",
  500: "internalError",
  502: "badGateway",
  503: "serviceUnavailable",
  504: "gatewayTimeout",
};

export function restError(status: number, code: string, message: string, headers: HeaderValues = {}): SimResponse {
  return json(status, { status, code, message, type: "error" }, headers);
}

export function defaultRestCode(status: number): string {
  return DEFAULT_REST_CODES[status] ?? "error";
}

/** §4.1: Miro's 429 body (the v2 spec's Error429 without the v1 `context`). */
export function restTooManyRequests(headers: HeaderValues): SimResponse {
  return restError(429, "tooManyRequests", "Request rate limit exceed", headers);
}

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export function scimErrorBody(status: number, detail: string, scimType?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [SCIM_ERROR_SCHEMA], status: String(status) };
  if (scimType) body.scimType = scimType;
  body.detail = detail;
  return body;
}

export function scimError(status: number, detail: string, scimType?: string, headers: HeaderValues = {}): SimResponse {
  return scimJson(status, scimErrorBody(status, detail, scimType), headers);
}

/** Thrown by SCIM handlers; the router turns it into a SCIM error response. */
export class ScimRequestError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: string,
  ) {
    super(detail);
  }
}
