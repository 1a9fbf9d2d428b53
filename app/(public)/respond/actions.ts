"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { appNow } from "@/lib/clock/app-clock";
import { getDb } from "@/lib/db";
import { publicPageLimit } from "@/lib/security/public-rate-limit";
import { textField } from "@/lib/services/text-input";
import { answerResponseLink } from "@/lib/services/reclamation/respond";

const schema = z.object({ token: z.string().max(100), choice: z.enum(["keep", "release"]), reason: textField(1000).optional() });

/**
 * The Keep/Release page's button (no sign-in: the link's token is the credential, checked by the
 * service). The answer page says what happened and nothing about anyone else.
 */
export async function answerAction(form: FormData): Promise<void> {
  const wait = await publicPageLimit();
  if (wait !== null) redirect(`/respond/done?result=slow&wait=${wait}`);
  const parsed = schema.safeParse({ token: form.get("token"), choice: form.get("choice"), reason: form.get("reason") || undefined });
  if (!parsed.success) redirect("/respond/done?result=invalid");
  const db = await getDb();
  const outcome = await answerResponseLink(db, parsed.data, await appNow(db));
  redirect(`/respond/done?result=${outcome.ok ? outcome.choice : "invalid"}`);
}
