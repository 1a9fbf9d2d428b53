import { randomBytes } from "node:crypto";

/*
 * Imported first by a test file whose services read the secrets key or the sign-in secret from the
 * environment when first used: a fresh key of each for the file, unless the environment sets one.
 */
process.env.OPENSAM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
