import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("integration-profiles");
export { metadata };
export default Page;
