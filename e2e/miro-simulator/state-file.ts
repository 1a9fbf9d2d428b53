/**
 * The simulator's state on disk (`statePath`), so that a stopped and restarted simulator still
 * knows the tokens it issued, as Miro would. Written atomically (a file aside, then a rename) a
 * moment after each change and at close; read at start when it matches the organizations asked for.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { orgKey, restoreSnapshot, takeSnapshot, type OrgSnapshot } from "./snapshot";
import type { SimState } from "./state";

const FORMAT = 1;
type StateFile = { format: number; savedAt: string; orgs: OrgSnapshot[] };

/** What start-up did with the file, in one sentence for the person who started the simulator. */
export type StateFileLoad = { restored: boolean; message: string };

const sameKey = (a: OrgSnapshot["key"], b: OrgSnapshot["key"]) => a.seed === b.seed && a.members === b.members;

export function loadStateFile(file: string, orgs: readonly SimState[]): StateFileLoad {
  if (!existsSync(file)) return { restored: false, message: `Miro simulator: no saved state yet; it will be kept in ${file}.` };
  let saved: StateFile;
  try {
    saved = JSON.parse(readFileSync(file, "utf8")) as StateFile;
  } catch (error) {
    return { restored: false, message: `Miro simulator: ${file} could not be read (${(error as Error).message}); the organizations were generated anew.` };
  }
  const wanted = orgs.map(orgKey);
  const matches = saved.format === FORMAT && saved.orgs.length === wanted.length && saved.orgs.every((o, i) => wanted[i] && sameKey(o.key, wanted[i]));
  if (!matches) {
    const was = (saved.orgs ?? []).map((o) => `seed ${o.key.seed} × ${o.key.members}`).join(", ");
    const now = wanted.map((k) => `seed ${k.seed} × ${k.members}`).join(", ");
    return { restored: false, message: `Miro simulator: ${file} holds other organizations (${was}, not ${now}); they were generated anew and the file will be replaced.` };
  }
  for (const [i, state] of orgs.entries()) restoreSnapshot(state, saved.orgs[i]!);
  return { restored: true, message: `Miro simulator: state restored from ${file} (saved ${saved.savedAt}).` };
}

export function writeStateFile(file: string, orgs: readonly SimState[]): void {
  const content: StateFile = { format: FORMAT, savedAt: new Date().toISOString(), orgs: orgs.map(takeSnapshot) };
  mkdirSync(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, JSON.stringify(content));
  renameSync(aside, file);
}

/** Saves a short while after the last change, so a burst of requests costs one write. */
export class StateFileSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly orgs: readonly SimState[],
    private readonly delayMs = 250,
  ) {}

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    // A pending save never keeps the process alive; close() and the exit hook flush it.
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      writeStateFile(this.file, this.orgs);
    } catch (error) {
      console.error(`[miro-simulator] could not save ${this.file}: ${(error as Error).message}`);
    }
  }
}
