import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A running moto server. */
export type MotoServer = {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
};

/**
 * Finds a python3 that can import moto.server. Debian's /usr/bin/python3 cannot; the pyenv
 * Python of the `node` machine image can (see shared/reference/emulators.md).
 */
export function findMotoPython(): string {
  const candidates = ['python3', join(homedir(), '.pyenv/shims/python3')];
  const versions = join(homedir(), '.pyenv/versions');
  if (existsSync(versions)) {
    for (const v of readdirSync(versions)) candidates.push(join(versions, v, 'bin/python3'));
  }
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', 'import moto.server, flask, flask_cors'], { stdio: 'ignore' });
    if (r.status === 0) return c;
  }
  throw new Error('No python3 with moto[server] found: moto 5.x ships in the pyenv Python of the node machine image (PyPI is not reachable here)');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `python3 -m moto.server` on loopback and waits until it accepts connections.
 * @param options.port fixed port; a free one is chosen when absent
 * @param options.timeoutMs how long to wait for it to listen (default 20 s)
 */
export async function startMoto(options: { port?: number; timeoutMs?: number } = {}): Promise<MotoServer> {
  const python = findMotoPython();
  const port = options.port ?? (await freePort());
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not listen on ${port} in time: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  };
  return { endpoint: `http://127.0.0.1:${port}`, port, process: child, stop };
}
