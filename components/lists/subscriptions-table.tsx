"use client";
import { subscriptionColumns } from "@/lib/lists/subscriptions-columns";
import type { SubscriptionRow } from "@/lib/services/subscriptions/list-subscriptions";
import { createListTable } from "@/components/data-table/list-table";

/**
 * **Software Subscriptions** / **All user subscriptions**: keyset-paged; the total (estimated beyond
 * 20k rows) arrives after the rows unless the page is the only one.
 */
export const SubscriptionsTable = createListTable<SubscriptionRow>(subscriptionColumns, (r) => r.id);
