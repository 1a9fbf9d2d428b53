import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import { headers } from "next/headers";
import { callerAddress } from "./caller-address";

/*
 * The public Keep/Release page is the one page anyone can reach without signing in: each address
 * gets 30 requests a minute (reading and answering together), so that guessing tokens is pointless
 * on top of their 256 bits. Kept in this process's memory.
 */
const limiter = new RateLimiterMemory({ keyPrefix: "respond", points: 30, duration: 60 });


/** Null when the request may go on, else the seconds to wait. */
export async function publicPageLimit(): Promise<number | null> {
  try {
    await limiter.consume(callerAddress(await headers()));
    return null;
  } catch (rejection) {
    return Math.ceil(((rejection as RateLimiterRes).msBeforeNext ?? 60_000) / 1000);
  }
}
