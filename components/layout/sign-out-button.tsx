import { signOut } from "@/lib/auth/auth";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/sign-in" });
      }}
    >
      <Button variant="outline" size="sm" type="submit">
        Sign out
      </Button>
    </form>
  );
}
