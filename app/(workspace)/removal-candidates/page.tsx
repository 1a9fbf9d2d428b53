import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("removal-candidates");
export { metadata };
export default Page;
