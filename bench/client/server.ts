// Child process for section 2: the project's test server on loopback serving one recorded stream
// (the file given as argv[2]) as fast as the socket takes it, for any chat request whose last user
// message contains `#benchstream`. Runs in its own process so its CPU time is not the client's.
// Prints `BENCH_SERVER <url>` once listening; exits on SIGTERM.
import * as fs from 'node:fs';
import { raw, scenarios, startTestServer } from '../../test/server';

async function main(): Promise<void> {
  const body = fs.readFileSync(process.argv[2]!);
  const writes: Buffer[] = [];
  for (let i = 0; i < body.length; i += 64 * 1024) writes.push(body.subarray(i, i + 64 * 1024));
  scenarios.benchstream = () => raw(writes);
  const server = await startTestServer();
  process.stdout.write(`BENCH_SERVER ${server.url}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
void main();
