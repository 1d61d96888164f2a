import type { EmulatorCore } from './core';
import type { EmulatorResponse } from './errors';
import { DEFAULT_SEED, SeedError } from './seed';

/** Paths under this prefix are the emulator's own: unsigned, never rate limited or faulted, not counted. */
export const CONTROL_PREFIX = '/__emulator/';

function problem(message: string, problems?: string[]): EmulatorResponse {
  return { status: 400, body: problems ? { message, problems } : { message } };
}

function parseJson(body: Buffer): { value: unknown } | EmulatorResponse {
  if (!body.length) return { value: undefined };
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return problem('The body is not valid JSON.');
  }
}

function applying(apply: () => void, answer: () => unknown): EmulatorResponse {
  try {
    apply();
  } catch (error) {
    if (error instanceof SeedError) return problem(error.message, error.problems);
    throw error;
  }
  return { status: 200, body: answer() };
}

/**
 * The control endpoints:
 * - `POST /__emulator/reset` with a seed (an empty body restores the default seed) replaces all state;
 * - `GET /__emulator/state` reports users and request counts;
 * - `GET|PATCH /__emulator/faults` reads or changes the rate limit and faults without touching users;
 * - `GET|PUT /__emulator/create-user-refusals` reads or replaces the BatchCreateUser refusals (`{refusals: [...]}`).
 */
export function handleControl(core: EmulatorCore, method: string, path: string, body: Buffer): EmulatorResponse {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length).replace(/\/$/, '')}`;
  switch (route) {
    case 'GET state':
      return { status: 200, body: core.state() };
    case 'GET faults':
      return { status: 200, body: core.faultSettings() };
    case 'POST reset': {
      const parsed = parseJson(body);
      if (!('value' in parsed)) return parsed;
      return applying(
        () => core.reset(parsed.value ?? DEFAULT_SEED),
        () => ({ networkId: core.store.networkId, users: core.store.allUsers().length }),
      );
    }
    case 'PATCH faults': {
      const parsed = parseJson(body);
      if (!('value' in parsed)) return parsed;
      return applying(
        () => core.setFaults(parsed.value ?? {}),
        () => core.faultSettings(),
      );
    }
    case 'GET create-user-refusals':
      return { status: 200, body: { refusals: [...core.createUserRefusals.values()] } };
    case 'PUT create-user-refusals': {
      const parsed = parseJson(body);
      if (!('value' in parsed)) return parsed;
      const refusals = (parsed.value as { refusals?: unknown } | undefined)?.refusals ?? [];
      return applying(
        () => core.setCreateUserRefusals(refusals),
        () => ({ refusals: [...core.createUserRefusals.values()] }),
      );
    }
    default:
      return { status: 404, body: { message: `No control endpoint ${method} ${path}` } };
  }
}
