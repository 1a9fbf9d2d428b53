import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("license-usage");
export { metadata };
export default Page;
