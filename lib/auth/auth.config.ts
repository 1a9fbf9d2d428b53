import type { NextAuthConfig } from "next-auth";
import type { Role } from "../db/schema/users";

/**
 * The edge-safe half of the next-auth configuration (no database, no argon2): used by `proxy.ts`
 * to send signed-out people to the sign-in page. The providers live in auth.ts.
 */
export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const signedIn = !!auth?.user;
      const { pathname } = request.nextUrl;
      if (pathname.startsWith("/sign-in")) return true;
      return signedIn;
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id as string;
        token.roles = (user as { roles?: Role[] }).roles ?? [];
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.roles = (token.roles as Role[] | undefined) ?? [];
      return session;
    },
  },
} satisfies NextAuthConfig;
