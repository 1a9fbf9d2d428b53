import { describe, expect, it } from "vitest";
import { PageQueue } from "./page-queue";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("PageQueue", () => {
  it("hands over every page once, in order, and ends with null", async () => {
    const q = new PageQueue<number>({ fetch: async (n) => (n <= 7 ? n : null), ahead: 2 });
    const seen: number[] = [];
    for (let pages = await q.take(3); pages; pages = await q.take(3)) seen.push(...pages);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("never fetches more than `ahead` pages before the writer takes them", async () => {
    let fetched = 0;
    const q = new PageQueue<number>({
      fetch: async (n) => {
        fetched = n;
        return n <= 100 ? n : null;
      },
      ahead: 3,
    });
    await tick();
    await tick();
    expect(fetched).toBe(3);
    expect(await q.take(2)).toEqual([1, 2]);
    await tick();
    await tick();
    expect(fetched).toBe(5);
  });

  it("takes what queued up while the writer was busy, up to the batch", async () => {
    const q = new PageQueue<number>({ fetch: async (n) => (n <= 10 ? n : null), ahead: 4 });
    await tick();
    await tick();
    expect(await q.take(10)).toEqual([1, 2, 3, 4]);
  });

  it("returns an empty list when no page came within the timeout, and the page once it comes", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const q = new PageQueue<number>({
      fetch: async (n) => {
        if (n === 2) await gate;
        return n <= 2 ? n : null;
      },
      ahead: 4,
    });
    expect(await q.take(10)).toEqual([1]);
    expect(await q.take(10, { timeoutMs: 20 })).toEqual([]);
    release();
    expect(await q.take(10, { timeoutMs: 1000 })).toEqual([2]);
    expect(await q.take(10, { timeoutMs: 1000 })).toBeNull();
  });

  it("delivers the pages fetched before a failure, then the failure", async () => {
    const boom = new Error("page 3 failed");
    const q = new PageQueue<number>({
      fetch: async (n) => {
        if (n === 3) throw boom;
        return n;
      },
      ahead: 5,
    });
    await tick();
    expect(await q.take(10)).toEqual([1, 2]);
    await expect(q.take(10)).rejects.toBe(boom);
  });

  it("stops fetching when stopped", async () => {
    let fetched = 0;
    const q = new PageQueue<number>({
      fetch: async (n) => {
        fetched = n;
        return n;
      },
      ahead: 1,
    });
    await tick();
    q.stop();
    await q.take(1);
    await tick();
    expect(fetched).toBeLessThanOrEqual(2);
  });
});
