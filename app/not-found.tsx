import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex max-w-lg flex-col gap-3 p-10">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">This record or page does not exist, or was deleted.</p>
      <Link className="text-primary underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
