import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("subscription-exclusions");
export { metadata };
export default Page;
