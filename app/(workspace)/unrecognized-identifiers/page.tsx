import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("unrecognized-identifiers");
export { metadata };
export default Page;
