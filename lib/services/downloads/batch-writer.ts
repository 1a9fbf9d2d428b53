import "server-only";
import type { DownloadCapability, SubscriptionDecision } from "../../integrations/types";
import { IncreasingIds } from "./id-order";
import type { RawQuery } from "./raw-sql";
import type { createDecider } from "./run-rules";
import type { DownloadCounters } from "./types";
import { pageRow, writePage, type PageBatch, type SeenRange } from "./write-page";

/**
 * The writing half of a run: decides and hashes each member as its page arrives (between two answers
 * of the vendor), gathers pages into a batch, and compares or writes the batch in one statement
 * (write-page.ts). Rows are built only for a batch that must be written. It keeps what the sweep
 * needs: the id ranges of batches that matched as a whole (two ids per batch) and whether ids came in
 * increasing order.
 */
export class BatchWriter<Member> {
  readonly unrecognized = new Map<string, number>();
  readonly order = new IncreasingIds();
  readonly seenRanges: SeenRange[] = [];
  revived = 0;
  distinctSeen = 0;
  excludedSeen = 0;
  usersResolved = 0;
  /** Pages gathered and not yet written, and when the first of them arrived (performance.now()). */
  pendingPages = 0;
  pendingSince = 0;

  private ids: string[] = [];
  private hashes: number[] = [];
  private members: Member[] = [];
  private decisions: SubscriptionDecision[] = [];
  private firstPage = 0;
  private lastPage = 0;
  // What the rules look at, filled in for each member (one object for the whole run).
  private readonly ruleValues = { subscriptionIdentifier: "", userPrincipalName: "" };

  constructor(
    private readonly query: RawQuery,
    private readonly run: { profileId: string; jobResultId: string; attempt: string },
    private readonly download: DownloadCapability<unknown, Member>,
    private readonly decide: ReturnType<typeof createDecider>,
    private readonly counters: DownloadCounters,
  ) {}

  /** Takes one page's members (page `n`, 1-based). */
  add(n: number, members: readonly Member[]): void {
    const d = this.download;
    for (const member of members) {
      const id = d.externalId(member);
      this.ruleValues.subscriptionIdentifier = d.subscriptionIdentifier(member);
      this.ruleValues.userPrincipalName = d.userPrincipalName(member);
      const decision = this.decide(this.ruleValues);
      if (decision.softwareModelId === null) {
        const identifier = this.ruleValues.subscriptionIdentifier;
        this.unrecognized.set(identifier, (this.unrecognized.get(identifier) ?? 0) + 1);
      }
      if (decision.excluded) this.excludedSeen += 1;
      this.ids.push(id);
      this.hashes.push(d.hash(member, decision));
      this.members.push(member);
      this.decisions.push(decision);
      this.order.next(id);
    }
    if (this.pendingPages === 0) {
      this.firstPage = n;
      this.pendingSince = performance.now();
    }
    this.pendingPages += 1;
    this.lastPage = n;
  }

  /** Compares (and writes where needed) what was gathered; updates the run's counters. */
  async flush(): Promise<void> {
    const { ids, hashes, members, decisions, firstPage } = this;
    this.ids = [];
    this.hashes = [];
    this.members = [];
    this.decisions = [];
    this.pendingPages = 0;
    const counters = this.counters;
    if (ids.length > 0) {
      const toSubscription = this.download.toSubscription;
      const batch: PageBatch = { ids, hashes, rows: () => members.map((m, i) => pageRow(toSubscription(m), decisions[i]!, hashes[i]!)) };
      const written = await writePage(this.query, { ...this.run, page: firstPage, batch });
      counters.created += written.created;
      counters.updated += written.updated;
      counters.unchanged += written.unchanged;
      this.revived += written.revived;
      this.usersResolved += written.resolved;
      if (written.seenRange) this.seenRanges.push(written.seenRange);
      this.distinctSeen += written.members;
    }
    counters.pages = this.lastPage;
    counters.membersRead += ids.length;
    releaseAll(ids, hashes, members, decisions);
  }
}

/*
 * The run empties its arrays of pages and rows once it is done with them: an array that lives across
 * a few pages can reach the old generation, and what is put in it afterwards then survives every
 * minor collection until a full one (docs/performance.md, Download).
 */
export function releaseAll(...arrays: unknown[][]): void {
  for (const items of arrays) items.length = 0;
}
