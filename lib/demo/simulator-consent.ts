import "server-only";

/**
 * What a person does on Miro's side of **Create and Get OAuth Token**, done over HTTP against the
 * local Miro simulator for the demo workspace: sign in as the simulated Company Admin, open the
 * consent page the product's authorize URL points at, select **Install** with the team the page
 * pre-selects, and read the callback query Miro redirects to (code and state). Nothing here talks to
 * the product's database; the caller hands the query to the product's own OAuth completion.
 */
export async function approveOnSimulator(input: { authorizeUrl: string; email: string; password: string }): Promise<{ code?: string; state?: string; error?: string }> {
  const origin = new URL(input.authorizeUrl).origin;
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: input.email, password: input.password, redirect: "/" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  if (login.status !== 303 || !cookie) throw new Error(`signing in to the Miro simulator as ${input.email} failed (${login.status}).`);

  const page = await fetch(input.authorizeUrl, { headers: { cookie }, redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the Miro simulator's consent page answered ${page.status}.`);
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(match[1]!, decodeEntities(match[2]!));
  const team = /<option value="(\d+)" selected>/.exec(html)?.[1];
  if (!team) throw new Error("the Miro simulator's consent page offered no team.");
  form.set("team_id", team);
  form.set("action", "install");

  const submit = await fetch(`${origin}/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
  const location = submit.headers.get("location");
  if (!location) throw new Error(`Install on the Miro simulator's consent page answered ${submit.status} without a redirect.`);
  const query = new URL(location).searchParams;
  return { code: query.get("code") ?? undefined, state: query.get("state") ?? undefined, error: query.get("error") ?? undefined };
}

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
