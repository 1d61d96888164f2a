/**
 * moto for the benchmarks: local/moto's server, started with one patch that does not change what
 * moto answers. moto 5.2 builds a fresh jsonpath parser (yacc tables) for each of eight paths of
 * every event it routes from EventBridge to a target, even without an InputTransformer: about
 * 115 ms of CPU per event, which would cap PutEvents at ~8 events/s here and make the benchmarks
 * measure moto. Parsed expressions are immutable, so they are memoised by their text.
 */
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { findMotoPython } from '../../local/moto/startMoto';

/** A running moto server. */
export type BenchMoto = { readonly endpoint: string; readonly version: string; stop(): Promise<void> };

const PATCHED_MAIN = [
  'import functools, sys',
  'import jsonpath_ng.ext',
  // moto's EventTemplateParser does `from jsonpath_ng.ext import parse` at call time, so it sees this.
  'jsonpath_ng.ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ng.ext.parse)',
  'import moto',
  'print("moto " + moto.__version__, flush=True)',
  'from moto.server import main',
  'main(sys.argv[1:])',
].join('\n');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Starts the patched moto on a free loopback port and waits until it listens. */
export async function startBenchMoto(timeoutMs = 20_000): Promise<BenchMoto> {
  const port = await freePort();
  const child = spawn(findMotoPython(), ['-c', PATCHED_MAIN, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let version = 'unknown';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const match = /moto (\S+)/.exec(chunk.toString());
    if (match) version = match[1];
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + timeoutMs;
  while (!(await listening(port))) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not listen on ${port} in time: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get version() {
      return version;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
