import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

/*
 * A local SMTP server that keeps what it receives (demo and tests): real SMTP, not a stub transport,
 * so that what OpenSAM sends is what a mail server gets. Messages stay in memory, newest first, up to
 * a few hundred; the Mailbox page lists them.
 */
export type CapturedMail = { id: number; at: string; from: string; to: string[]; subject: string; text: string; html: string | null };

const MAX = 500;
type Capture = { server: SMTPServer; port: number; messages: CapturedMail[]; next: number };
const g = globalThis as unknown as { __opensamMailbox?: Capture };

export function capturedMail(): CapturedMail[] | null {
  return g.__opensamMailbox ? [...g.__opensamMailbox.messages] : null;
}

export async function startMailCapture(port: number, host = "127.0.0.1"): Promise<{ port: number; stop: () => Promise<void> }> {
  const existing = g.__opensamMailbox;
  if (existing) return { port: existing.port, stop: () => stopMailCapture() };
  const capture: Capture = { messages: [], next: 1, port, server: undefined as unknown as SMTPServer };
  capture.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
          capture.messages.unshift({
            id: capture.next++,
            at: new Date().toISOString(),
            from: mail.from?.text ?? "",
            to,
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : null,
          });
          capture.messages.length = Math.min(capture.messages.length, MAX);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    capture.server.once("error", reject);
    capture.server.listen(port, host, () => resolve());
  });
  const address = (capture.server as unknown as { server: { address(): { port: number } } }).server.address();
  capture.port = address.port;
  g.__opensamMailbox = capture;
  return { port: capture.port, stop: () => stopMailCapture() };
}

export async function stopMailCapture(): Promise<void> {
  const capture = g.__opensamMailbox;
  if (!capture) return;
  g.__opensamMailbox = undefined;
  await new Promise<void>((resolve) => capture.server.close(() => resolve()));
}
