"use server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";

/** The refusal, and the email typed, so that the form keeps it (React resets a form after its action). */
export type SignInState = { error?: string; email?: string } | null;

const input = z.object({
  email: z.string().trim().min(1),
  password: z.string().min(1),
  callbackUrl: z.string().optional(),
});

/** Only same-site paths are followed after sign-in, never another origin. */
function safeCallback(url: string | undefined): string {
  return url?.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = input.safeParse(Object.fromEntries(form));
  const typed = form.get("email");
  const email = typeof typed === "string" ? typed.slice(0, 320) : undefined;
  if (!parsed.success) return { error: "Enter your email and password.", email };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallback(parsed.data.callbackUrl),
    });
    return null;
  } catch (error) {
    if (error instanceof AuthError) {
      const limited = /^rate_limited:(\d+)$/.exec((error as AuthError & { code?: string }).code ?? "");
      if (limited) {
        const minutes = Math.max(1, Math.ceil(Number(limited[1]) / 60));
        return { error: `Too many sign-in attempts for this account or from this address. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again.`, email };
      }
      return { error: "The email or password is not correct.", email };
    }
    throw error;
  }
}
