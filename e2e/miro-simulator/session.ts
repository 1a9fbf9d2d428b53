/**
 * Cookie sessions of the simulated Miro user on the simulator origin. Every simulated user can sign
 * in with the demo password; deactivated members cannot (§3.9).
 */
import { html, parseForm, redirect, type SimRequest, type SimResponse } from "./http";
import { randomId } from "./ids";
import type { Member, Session } from "./model";
import { signInPage } from "./pages/sign-in";
import type { SimState } from "./state";

export function currentSession(state: SimState, req: SimRequest): { session: Session; member: Member } | undefined {
  const id = req.cookies[state.cookieName];
  if (!id) return undefined;
  const session = state.sessions.get(id);
  if (!session) return undefined;
  const member = state.getMember(session.userId);
  if (!member?.active) {
    state.sessions.delete(id);
    return undefined;
  }
  return { session, member };
}

/** Only same-origin paths are followed after sign-in, never an absolute URL. */
export function safeRedirect(target: string | null | undefined): string {
  return target?.startsWith("/") && !target.startsWith("//") ? target : "/app/settings/user-profile/apps";
}

export function loginRedirect(req: SimRequest): SimResponse {
  return redirect(`/login?redirect=${encodeURIComponent(req.rawUrl)}`);
}

export function createSession(state: SimState, member: Member): Session {
  const session: Session = { id: randomId(), userId: member.id, csrf: randomId(), createdAt: state.clock.now() };
  state.sessions.set(session.id, session);
  return session;
}

export function sessionCookie(state: SimState, session: Session): string {
  return `${state.cookieName}=${session.id}; Path=/; HttpOnly; SameSite=Lax`;
}

export function handleSession(state: SimState, req: SimRequest): SimResponse | null {
  if (req.path === "/login" && req.method === "GET") {
    return html(200, signInPage({ redirect: safeRedirect(req.query.get("redirect")) }));
  }
  if (req.path === "/login" && req.method === "POST") {
    const form = parseForm(req.body);
    const email = (form.get("email") ?? "").trim();
    const target = safeRedirect(form.get("redirect"));
    const member = state.getMemberByEmail(email);
    if (!member || form.get("password") !== state.demo.adminPassword) {
      return html(401, signInPage({ redirect: target, email, error: "The email or password you entered is incorrect." }));
    }
    if (!member.active) {
      return html(403, signInPage({ redirect: target, email, error: "Your account has been deactivated by your company admin." }));
    }
    const session = createSession(state, member);
    return redirect(target, { "set-cookie": sessionCookie(state, session) }, 303);
  }
  if (req.path === "/logout") {
    const id = req.cookies[state.cookieName];
    if (id) state.sessions.delete(id);
    return redirect("/login", { "set-cookie": `${state.cookieName}=; Path=/; Max-Age=0` }, 303);
  }
  return null;
}
