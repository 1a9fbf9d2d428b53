import { requirePageActor } from "@/lib/auth/session";
import { RELATED_LIST_TEXTS } from "@/lib/related-list-texts";
import { EmptyState } from "@/components/layout/empty-state";

export function relatedListPlaceholder(slug: keyof typeof RELATED_LIST_TEXTS) {
  const text = RELATED_LIST_TEXTS[slug];
  return async function RelatedListPage() {
    await requirePageActor();
    return <EmptyState title={text.title}>{text.body}</EmptyState>;
  };
}
