import { placeholderPage } from "@/components/layout/placeholder-page";

const { metadata, Page } = placeholderPage("admin/user-directory");
export { metadata };
export default Page;
