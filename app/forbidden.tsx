import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto flex max-w-lg flex-col gap-3 p-10">
      <h1 className="text-xl font-semibold">You do not have access to this page</h1>
      <p className="text-muted-foreground">
        Your roles do not allow it. Ask a SAM admin to give you the role this page needs.
      </p>
      <Link className="text-primary underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
