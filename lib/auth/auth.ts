import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { env } from "../env";
import { getDb } from "../db";
import { users } from "../db/schema";
import { callerAddress } from "../security/caller-address";
import { signInAttempt, signInSucceeded } from "../security/sign-in-limit";
import { authConfig } from "./auth.config";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

/** Too many attempts for the account or the address; the code carries the seconds to wait. */
class TooManyAttempts extends CredentialsSignin {
  constructor(seconds: number) {
    super();
    this.code = `rate_limited:${seconds}`;
  }
}


// The configuration is built lazily (per request), so `next build` never needs the secrets.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: env().AUTH_SECRET,
  // A wrong password is an expected event, not a server error: keep it out of the error log.
  logger: {
    error(error: Error) {
      if (!(error instanceof CredentialsSignin)) console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const address = callerAddress(request?.headers);
        const wait = await signInAttempt(parsed.data.email, address);
        if (wait !== null) throw new TooManyAttempts(wait);
        const db = await getDb();
        const [user] = await db
          .select()
          .from(users)
          .where(eq(sql`lower(${users.email})`, parsed.data.email.toLowerCase()))
          .limit(1);
        // Verify against a dummy hash for unknown emails so both failures look and take the same.
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), parsed.data.password);
        if (!user || !ok || !user.active) throw new InvalidCredentials();
        // A hash made with weaker parameters is replaced now, while the password is at hand.
        const rehash = needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(parsed.data.password) } : {};
        await db.update(users).set({ lastSignInAt: new Date(), ...rehash }).where(eq(users.id, user.id));
        await signInSucceeded(parsed.data.email, address);
        return { id: user.id, email: user.email, name: user.name, roles: user.roles };
      },
    }),
  ],
}));
