import { relatedListPlaceholder } from "@/components/profiles/related-list-placeholder";

export default relatedListPlaceholder("user-exclusions");
