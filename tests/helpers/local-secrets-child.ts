import { loadLocalSecrets } from "../../lib/local-secrets";

/*
 * One of several processes racing to create the local secrets: round k starts at t0 + k·20 ms on
 * every process (a busy wait, so they start within microseconds) on a file of its own; prints the
 * encryption key each round ended with.
 */
const [dir, t0, rounds] = [process.argv[2] ?? "", Number(process.argv[3]), Number(process.argv[4])];
const keys: string[] = [];
for (let k = 0; k < rounds; k++) {
  while (Date.now() < t0 + k * 20) {}
  keys.push(loadLocalSecrets(`${dir}/r${k}/dev-secrets.json`).encryptionKey);
}
console.log(JSON.stringify(keys));
