import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("connections");
export { metadata };
export default Page;
