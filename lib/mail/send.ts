import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";

/** A message as OpenSAM sends it: plain text and simple HTML, with the same links in both. */
export type OutgoingMail = { to: string; subject: string; text: string; html: string };

let transport: { url: string; transporter: Transporter } | undefined;

/** The SMTP URL in use: OPENSAM_SMTP_URL, else the local capture server's, else none. */
export function smtpUrl(): string | null {
  const e = env();
  if (e.OPENSAM_SMTP_URL) return e.OPENSAM_SMTP_URL;
  if (e.OPENSAM_MAIL_CAPTURE_PORT) return `smtp://127.0.0.1:${e.OPENSAM_MAIL_CAPTURE_PORT}`;
  return null;
}

/** Sends one message over SMTP; throws an Error with the server's words when it is refused or unreachable. */
export async function sendMail(mail: OutgoingMail, url = smtpUrl()): Promise<{ messageId: string }> {
  if (!url) throw new Error("No mail server is configured: set OPENSAM_SMTP_URL (README › Configuration).");
  if (transport?.url !== url) {
    transport?.transporter.close();
    // Short timeouts: a notice that cannot go now is retried by the next pass, never lost.
    transport = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
  }
  const info = await transport.transporter.sendMail({ from: env().OPENSAM_MAIL_FROM, ...mail });
  return { messageId: info.messageId };
}
