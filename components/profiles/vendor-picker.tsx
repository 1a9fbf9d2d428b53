"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Card, CardContent } from "@/components/ui/card";

export function VendorPicker({ vendors }: { vendors: { id: string; displayName: string }[] }) {
  const router = useRouter();
  const [vendor, setVendor] = useState(vendors[0]?.id ?? "");
  return (
    <Card className="max-w-md">
      <CardContent className="flex flex-col gap-4 pt-5">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="vendor">Vendor</Label>
          <NativeSelect id="vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} options={vendors.map((v) => ({ value: v.id, label: v.displayName }))} />
        </div>
        <div>
          <Button disabled={!vendor} onClick={() => router.push(`/integration-profiles/new/${vendor}`)}>
            Continue
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
