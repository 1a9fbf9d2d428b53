/** Miro sign-in page of the simulated user (§1.3.1: the consent flow signs in first). */
import { h, layout } from "./html";

export function signInPage(input: { redirect: string; email?: string; error?: string }): string {
  return layout(
    "Sign in",
    h`<div class="card"><h1>Sign in to Miro</h1>
      ${input.error ? h`<p class="error" role="alert">${input.error}</p>` : ""}
      <form method="post" action="/login">
        <input type="hidden" name="redirect" value="${input.redirect}">
        <label for="email">Work email</label>
        <input type="email" id="email" name="email" autocomplete="username" required value="${input.email ?? ""}">
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
      </form></div>`,
  );
}
