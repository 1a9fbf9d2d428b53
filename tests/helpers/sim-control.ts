import { callSimulatorControl } from "@/e2e/miro-simulator/control-client";
import type { MiroSimulator } from "@/e2e/miro-simulator/server";

/** One call to the Miro simulator's control API (e2e/miro-simulator/control-client.ts). */
export function simControl<T = unknown>(sim: Pick<MiroSimulator, "url">, method: string, path: string, body?: unknown): Promise<T> {
  return callSimulatorControl<T>(sim.url, method, path, body);
}
