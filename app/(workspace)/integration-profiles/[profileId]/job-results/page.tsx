import { relatedListPlaceholder } from "@/components/profiles/related-list-placeholder";

export default relatedListPlaceholder("job-results");
