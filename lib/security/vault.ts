import { env } from "../env";
import { decryptSecret, encryptSecret } from "./secrets";

/** The secrets helper bound to the configured key: what services call. */
export const vault = {
  encrypt: (plaintext: string) => encryptSecret(plaintext, env().OPENSAM_ENCRYPTION_KEY),
  decrypt: (ciphertext: string) => decryptSecret(ciphertext, env().OPENSAM_ENCRYPTION_KEY),
};
