import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("software-models");
export { metadata };
export default Page;
