import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { capturedMail } from "@/lib/mail/mailbox";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Mailbox" };
export const dynamic = "force-dynamic";

const linkify = (text: string) =>
  text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder.
      <a key={i} className="text-primary underline" href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );

/**
 * **Mailbox** (demo and tests only): what the local SMTP capture server received, newest first, with
 * the links clickable, so that Notify user can be followed from the email to the answer.
 */
export default async function MailboxPage() {
  await requirePageActor();
  const mail = capturedMail();
  if (!mail) notFound();
  return (
    <>
      <PageHeader title="Mailbox" description="Every email OpenSAM sent through the local capture server (demo and tests), newest first. Nothing here leaves this machine." />
      {mail.length === 0 ? (
        <EmptyState title="No email yet">A rule with Notify user sends a notice to each new removal candidate; it shows here.</EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          {mail.map((m) => (
            <Card key={m.id} data-testid="mail">
              <CardHeader>
                <CardTitle className="text-base">{m.subject}</CardTitle>
                <p className="text-xs text-muted-foreground">
                  To {m.to.join(", ")} · from {m.from} · <LocalTime iso={m.at} />
                </p>
              </CardHeader>
              <CardContent>
                <pre className="whitespace-pre-wrap font-sans text-sm">{linkify(m.text)}</pre>
              </CardContent>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
