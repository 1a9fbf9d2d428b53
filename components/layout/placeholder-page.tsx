import { requirePageActor } from "@/lib/auth/session";
import { SECTION_TEXTS, type SectionKey, type SectionText } from "@/lib/section-texts";
import { EmptyState } from "./empty-state";
import { PageHeader } from "./page-header";

/** A section whose list is filled by a later feature: its header and an empty state with the next step. */
export function placeholderPage(key: SectionKey) {
  const text: SectionText = SECTION_TEXTS[key];
  // biome-ignore lint/correctness/noComponentHookFactories: called once per page module at import, never during a render; the component uses no hooks.
  async function Page() {
    await requirePageActor();
    return (
      <>
        <PageHeader title={text.title} description={text.description} />
        <EmptyState title={text.emptyTitle} action={text.action}>
          {text.emptyBody}
        </EmptyState>
      </>
    );
  }
  return { metadata: { title: text.title }, Page };
}
