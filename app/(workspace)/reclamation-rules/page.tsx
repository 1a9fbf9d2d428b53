import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("reclamation-rules");
export { metadata };
export default Page;
