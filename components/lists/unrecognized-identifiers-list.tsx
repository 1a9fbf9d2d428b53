import "server-only";
import type { PersonActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { profileUnrecognizedIdentifiersSpec, unrecognizedIdentifiersSpec } from "@/lib/lists/unrecognized-identifiers-spec";
import { listModelChoices } from "@/lib/services/identifiers/list-software-models";
import { listUnrecognizedIdentifiers } from "@/lib/services/identifiers/list-unrecognized-identifiers";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { parseListParams } from "@/lib/table/list-spec";
import { UnrecognizedIdentifiersTable } from "./unrecognized-identifiers-table";

type Search = Record<string, string | string[] | undefined>;

/**
 * **Unrecognized subscription identifiers** across profiles, and a profile's related list of the
 * same name: one list, scoped to the profile when there is one (no Profiles column nor filter then).
 */
export async function UnrecognizedIdentifiersList({ actor, search, profileId }: { actor: PersonActor; search: Search; profileId?: string }) {
  const spec = profileId ? profileUnrecognizedIdentifiersSpec : unrecognizedIdentifiersSpec;
  const params = profileId ? parseListParams(profileUnrecognizedIdentifiersSpec, search) : parseListParams(unrecognizedIdentifiersSpec, search);
  const db = await getDb();
  const canMap = can(actor.roles, "identifiers:map");
  const [{ rows, total }, models, options] = await Promise.all([
    listUnrecognizedIdentifiers({ db, actor }, { params, profileId }),
    canMap ? listModelChoices({ db, actor }) : [],
    profileId ? [] : listProfileOptions({ db, actor }),
  ]);
  return (
    <UnrecognizedIdentifiersTable
      spec={spec}
      params={params}
      rows={rows}
      total={total}
      filterOptions={profileId ? undefined : { profile: options }}
      canMap={canMap}
      models={models}
      profileId={profileId}
    />
  );
}
