import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("subscriptions");
export { metadata };
export default Page;
