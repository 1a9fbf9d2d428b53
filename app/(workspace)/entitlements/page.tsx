import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("entitlements");
export { metadata };
export default Page;
