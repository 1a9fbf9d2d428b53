import { requirePermission } from "@/lib/auth/session";
import { readTestClock, setTestClock, testClockEnabled } from "@/lib/clock/app-clock";
import { getDb } from "@/lib/db";
import { ServiceError, serviceErrorResponse } from "@/lib/errors";

/*
 * The test clock for end-to-end tests and demos (lib/clock/app-clock.ts): GET reads it, POST
 * {"advanceDays": n} moves the app's date forward, POST {"reset": true} brings it back to real time.
 * With OPENSAM_TEST_CLOCK off the route does not exist for anyone (404, before any session check).
 */

const NOT_HERE = () => Response.json({ error: "Not found." }, { status: 404 });

async function answer(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return serviceErrorResponse(error);
  }
}

export async function GET() {
  if (!testClockEnabled()) return NOT_HERE();
  return answer(async () => {
    const actor = await requirePermission("test-clock:manage", "use the test clock");
    return readTestClock({ db: await getDb(), actor });
  });
}

export async function POST(request: Request) {
  if (!testClockEnabled()) return NOT_HERE();
  return answer(async () => {
    const actor = await requirePermission("test-clock:manage", "use the test clock");
    // JSON only: a cross-site form cannot send this content type without the browser asking first.
    if (!request.headers.get("content-type")?.startsWith("application/json")) throw new ServiceError("invalid_input", "Send the body as application/json.");
    const body: unknown = await request.json().catch(() => {
      throw new ServiceError("invalid_input", 'Send JSON: {"advanceDays": n} or {"reset": true}.');
    });
    return setTestClock({ db: await getDb(), actor }, body);
  });
}
