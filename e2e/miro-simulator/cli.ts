/**
 * npm run miro:sim -- --port 4010 --members 2000 --seed 1 [--host 127.0.0.1]
 *   [--expiring-tokens | --non-expiring-tokens] [--rate-limit on|off]
 *   [--redirect-uri URL]... [--org-name NAME] [--start-time ISO] [--numeric-ids]
 *   [--extra-org-seed N]... [--state-file PATH]
 * Extra redirect URIs also come from MIRO_SIM_REDIRECT_URIS (comma-separated).
 */
import { formatCredentials } from "./credentials-text";
import type { MiroSimulatorOptions } from "./options";
import { startMiroSimulator } from "./server";

function usage(message: string): never {
  console.error(`miro-simulator: ${message}`);
  console.error(
    "usage: miro:sim -- [--port 4010] [--host 127.0.0.1] [--members 2000] [--seed 1] [--expiring-tokens|--non-expiring-tokens] [--rate-limit on|off] [--redirect-uri URL]... [--org-name NAME] [--start-time ISO] [--numeric-ids] [--extra-org-seed N]... [--state-file PATH]",
  );
  process.exit(2);
}

function integer(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) usage(`${flag} needs a non-negative integer`);
  return Number(value);
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): MiroSimulatorOptions {
  const options: MiroSimulatorOptions = { port: 4010 };
  const redirectUris = (env.MIRO_SIM_REDIRECT_URIS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const extraSeeds: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag = "", inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--port":
        options.port = integer(flag, value());
        break;
      case "--host":
        options.host = value() ?? usage("--host needs a value");
        break;
      case "--members":
        options.members = integer(flag, value());
        break;
      case "--seed":
        options.seed = integer(flag, value());
        break;
      case "--expiring-tokens":
        options.expiringTokens = true;
        break;
      case "--non-expiring-tokens":
        options.expiringTokens = false;
        break;
      case "--rate-limit": {
        const v = value();
        if (v !== "on" && v !== "off") usage("--rate-limit takes on or off");
        options.rateLimit = v === "on";
        break;
      }
      case "--redirect-uri":
        redirectUris.push(value() ?? usage("--redirect-uri needs a URL"));
        break;
      case "--org-name":
        options.orgName = value() ?? usage("--org-name needs a value");
        break;
      case "--start-time":
        options.startTime = value() ?? usage("--start-time needs an ISO date-time");
        break;
      case "--numeric-ids":
        options.behaviour = { ...options.behaviour, numericIdsInTokenResponse: true };
        break;
      case "--extra-org-seed":
        // Another organization on the same origin, of the same size, with the same redirect URIs.
        extraSeeds.push(integer(flag, value()));
        break;
      case "--state-file":
        options.statePath = value() ?? usage("--state-file needs a path");
        break;
      case "--help":
      case "-h":
        usage("help");
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (redirectUris.length > 0) options.redirectUris = redirectUris;
  if (extraSeeds.length > 0) {
    options.extraOrgs = extraSeeds.map((seed) => ({ seed, members: options.members, rateLimit: options.rateLimit, expiringTokens: options.expiringTokens, redirectUris: options.redirectUris }));
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2), process.env);
  const simulator = await startMiroSimulator(options);
  console.log(`Miro simulator listening on ${simulator.url}`);
  if (simulator.stateFile) console.log(simulator.stateFile.message);
  for (const org of simulator.orgs) console.log(formatCredentials(simulator.url, org));
  const stop = () => {
    simulator.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
