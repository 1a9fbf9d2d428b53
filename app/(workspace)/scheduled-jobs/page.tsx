import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("scheduled-jobs");
export { metadata };
export default Page;
