// Starts the DeepSeek-compatible test server on loopback for the demo and manual runs:
//   tsx test/server/cli.ts [--port N] [--host H]
// Prints exactly one line `DEEPSEEK_TEST_SERVER <url>` to stdout, then runs until SIGTERM/SIGINT.

import { startTestServer } from './index';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

async function main(): Promise<void> {
  const portText = arg('port');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port ${portText}\n`);
    process.exit(2);
  }
  const server = await startTestServer({ port, host: arg('host') ?? '127.0.0.1' });
  process.stdout.write(`DEEPSEEK_TEST_SERVER ${server.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
