"use server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";

export type SignInState = { error?: string } | null;

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
  if (!parsed.success) return { error: "Enter your email and password." };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallback(parsed.data.callbackUrl),
    });
    return null;
  } catch (error) {
    if (error instanceof AuthError) return { error: "The email or password is not correct." };
    throw error;
  }
}
