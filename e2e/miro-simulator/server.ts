/**
 * The Miro simulator's HTTP server. One origin serves every Miro host's paths: miro.com
 * (/oauth/authorize, sign-in, settings pages), api.miro.com (/v1/oauth..., /v2/...) and SCIM
 * (/api/v1/scim/...), plus the control API under /__sim/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONTROL_PREFIX, handleControl } from "./control";
import { defaultRestCode, restError, scimErrorBody } from "./errors";
import type { Fault } from "./faults";
import { html, isJsonMedia, json, mediaType, parseCookies, rawJson, type SimRequest, type SimResponse } from "./http";
import { handleAuthorize } from "./oauth";
import { handleOAuthApi } from "./oauth-token";
import { orgOptionsSchema, type MiroSimulatorOptions } from "./options";
import { errorPage } from "./pages/error";
import { LOGGED_HEADERS, queryToObject } from "./request-log";
import { handleRest } from "./rest";
import { handleScim, SCIM_BASE } from "./scim";
import { handleSession } from "./session";
import { handleSettings } from "./settings";
import { routeToOrg } from "./org-routing";
import { SimState } from "./state";
import { loadStateFile, StateFileSaver, type StateFileLoad } from "./state-file";

export type { MiroSimulatorOptions } from "./options";
export { SimState } from "./state";

export interface MiroSimulator {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  port: number;
  host: string;
  /** The first organization (the options' own). */
  state: SimState;
  /** Every organization this origin serves, `state` first (see `extraOrgs`). */
  orgs: SimState[];
  /** With `statePath`: what start-up did with the file. */
  stateFile?: StateFileLoad;
  /** With `statePath`: writes the file now (changes made through `state` directly are not seen otherwise). */
  save(): void;
  close(): Promise<void>;
}

/** Bodies above this are refused before any handler runs (SCIM's own limit is 800000 bytes). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const LOGGED_BODY_PATHS = ["/v1/oauth/token", "/v2/oauth/revoke", "/v1/oauth/revoke", SCIM_BASE];
const MAX_LOGGED_BODY = 20_000;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function dispatch(state: SimState, req: SimRequest): SimResponse {
  const response =
    handleOAuthApi(state, req) ??
    handleRest(state, req) ??
    handleScim(state, req) ??
    handleAuthorize(state, req) ??
    handleSession(state, req) ??
    handleSettings(state, req);
  if (response) return response;
  if (req.path.startsWith("/v1/") || req.path.startsWith("/v2/")) return restError(404, "notFound", `No route for ${req.method} ${req.path}`);
  return html(404, errorPage("Page not found", `${req.path} does not exist on this simulator.`));
}

/** A status fault answers in the format of the endpoint it replaces (REST or SCIM). */
function faultResponse(fault: Fault, path: string): SimResponse {
  const status = fault.status ?? 500;
  const headers = fault.headers ?? {};
  if (fault.body !== undefined) return typeof fault.body === "string" ? rawJson(status, fault.body, headers) : json(status, fault.body, headers);
  if (path.startsWith(SCIM_BASE)) {
    const detail = status === 429 ? "The user has sent too many requests in a given amount of time" : "Injected fault";
    return { status, headers: { "content-type": "application/scim+json; charset=utf-8", ...headers }, body: JSON.stringify(scimErrorBody(status, detail, status === 429 ? "tooManyRequests" : undefined)) };
  }
  const message = status === 429 ? "Request rate limit exceed" : "Injected fault";
  return restError(status, defaultRestCode(status), message, headers);
}

/** Half of the real body: a valid-looking prefix that no JSON parser accepts. */
function malformed(response: SimResponse): SimResponse {
  const text = response.body.toString();
  const broken = text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : "{";
  return { status: response.status === 204 ? 200 : response.status, headers: { ...response.headers, "content-type": "application/json; charset=utf-8" }, body: broken };
}

function loggedBody(req: SimRequest): unknown {
  if (req.body.length === 0 || !LOGGED_BODY_PATHS.some((p) => req.path.startsWith(p))) return undefined;
  const text = req.body.toString("utf8").slice(0, MAX_LOGGED_BODY);
  const type = mediaType(req);
  if (isJsonMedia(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  return text;
}

function selectedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LOGGED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

function write(res: ServerResponse, response: SimResponse, truncate: boolean): void {
  const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, "content-length": String(body.length) });
  if (!truncate) {
    res.end(body);
    return;
  }
  // Send half of the promised bytes, then drop the connection.
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}

function newOrg(input: unknown): SimState {
  const parsed = orgOptionsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid Miro simulator options: ${parsed.error.message}`);
  return new SimState(parsed.data);
}

/**
 * `/__sim/orgs` lists the organizations; `/__sim/orgs/<orgId>/<call>` is `/__sim/<call>` for that one.
 * Plain `/__sim/<call>` addresses the first organization, as with a single one.
 */
function controlTarget(orgs: SimState[], req: SimRequest): { state: SimState; req: SimRequest } | SimResponse {
  const match = /^\/__sim\/orgs(?:\/([^/]+)(\/.*)?)?$/.exec(req.path);
  if (!match) return { state: orgs[0]!, req };
  if (!match[1]) return json(200, orgs.map((s) => ({ id: s.org.id, name: s.org.name, seed: s.options.seed, members: s.members.length })));
  const state = orgs.find((s) => s.org.id === match[1]);
  if (!state) return json(404, { error: `No organization ${match[1]} on this simulator` });
  return { state, req: { ...req, path: `${CONTROL_PREFIX}${match[2] ?? ""}` } };
}

export async function startMiroSimulator(options: MiroSimulatorOptions = {}): Promise<MiroSimulator> {
  const { port = 0, host = "127.0.0.1", extraOrgs = [], statePath, ...orgInput } = options;
  const orgs = [orgInput, ...extraOrgs].map(newOrg);
  const state = orgs[0]!;
  const ids = new Set(orgs.map((s) => s.org.id));
  if (ids.size !== orgs.length) throw new Error("Invalid Miro simulator options: two organizations have the same seed (and so the same org id).");
  const stateFile = statePath ? loadStateFile(statePath, orgs) : undefined;
  const saver = statePath ? new StateFileSaver(statePath, orgs) : undefined;
  let url = "";

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const rawUrl = req.url ?? "/";
    const parsedUrl = new URL(rawUrl, "http://simulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        write(res, restError(413, "payloadTooLarge", "Request body too large"), false);
        return;
      }
      throw error;
    }
    const simReq: SimRequest = {
      method,
      path: parsedUrl.pathname,
      query: parsedUrl.searchParams,
      headers: req.headers,
      body,
      cookies: parseCookies(req.headers.cookie),
      origin: `http://${req.headers.host ?? `${host}:${state.port}`}`,
      rawUrl,
    };
    // Whatever a non-GET call changed is saved a moment later (reads change nothing worth keeping).
    if (method !== "GET" && method !== "HEAD") saver?.changed();

    if (simReq.path === CONTROL_PREFIX || simReq.path.startsWith(`${CONTROL_PREFIX}/`)) {
      const target = controlTarget(orgs, simReq);
      const control = "status" in target ? target : handleControl(target.state, target.req, url);
      if (control) {
        write(res, control, false);
        return;
      }
    }

    const org = routeToOrg(orgs, simReq);
    const fault = org.faults.take(method, simReq.path);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    let response: SimResponse;
    try {
      response = fault?.status !== undefined ? faultResponse(fault, simReq.path) : dispatch(org, simReq);
    } catch (error) {
      console.error("[miro-simulator] handler error", error);
      response = restError(500, "internalError", error instanceof Error ? error.message : String(error));
    }
    if (fault?.malformed) response = malformed(response);
    write(res, response, fault?.truncate === true);

    const logged = loggedBody(simReq);
    org.requests.add({
      at: new Date(org.clock.now()).toISOString(),
      method,
      path: simReq.path,
      query: queryToObject(simReq.query),
      headers: selectedHeaders(req),
      ...(logged !== undefined ? { body: logged } : {}),
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(fault ? { faultId: fault.id } : {}),
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("[miro-simulator] request failed", error);
      if (!res.headersSent) write(res, restError(500, "internalError", "Simulator error"), false);
      else res.destroy();
    });
  });
  // Benchmarks reuse connections; keep them open longer than Node's 5 s default.
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  for (const org of orgs) org.port = address.port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  url = `http://${urlHost}:${address.port}`;

  // A process that ends without close() (Ctrl+C in a script that exits at once) still saves.
  const saveOnExit = () => saver?.flush();
  if (saver) process.once("exit", saveOnExit);

  return {
    url,
    port: address.port,
    host,
    state,
    orgs,
    ...(stateFile ? { stateFile } : {}),
    save: () => saver?.flush(),
    close: () => {
      if (saver) {
        saver.flush();
        process.off("exit", saveOnExit);
      }
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
