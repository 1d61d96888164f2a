import { ConfigError } from '../../core/errors';
import { parseMappingConfig } from '../../core/mapping';
import type { IdpSource, MappingConfig } from '../../core/types';

/** What the mapping source reports: never the mapping's text, only what went wrong. */
export type MappingSourceLogger = {
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
};

/** Options of {@link createMappingSource}. */
export type MappingSourceOptions = {
  /** The mapping's JSON text; the reader caches it (Powertools' SSMProvider, `maxAge`). */
  readonly read: () => Promise<string>;
  /** The network the function writes to (WICKR_NETWORK_ID): a mapping for another is refused. */
  readonly networkId: string;
  readonly logger: MappingSourceLogger;
  /** Called each time the current text is refused (the MappingRejected metric, which is alarmed on). */
  readonly onRejected: () => void;
  /** The sources this deployment has configured (`provisioning.createUsers` needs no `scope` when SCIM is the only one). */
  readonly sources?: readonly IdpSource[];
};

/** Parses and checks a mapping's text; throws {@link ConfigError} naming the field. */
export function parseMapping(raw: string, networkId: string, sources?: readonly IdpSource[]): MappingConfig {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError('mapping', `is not valid JSON: ${(error as Error).message}`);
  }
  const mapping = parseMappingConfig(json, { sources });
  if (mapping.networkId !== networkId) throw new ConfigError('mapping.networkId', `is ${mapping.networkId} but WICKR_NETWORK_ID is ${networkId}`);
  return mapping;
}

/**
 * The mapping, asked for on every invocation. The reader's cache decides when the text is read
 * again; a text already parsed is not parsed again. A new text that is refused (bad JSON,
 * invalid, another network), or a read that fails, keeps the last good mapping: one bad edit
 * must not fail every record. The refusal is logged once per text and reported through
 * `onRejected` on every call while it lasts, so the alarm stays on until the mapping is fixed.
 * With no good mapping yet (a cold start) the error is thrown: there is nothing to keep.
 */
export function createMappingSource(options: MappingSourceOptions): () => Promise<MappingConfig> {
  const { read, networkId, logger, onRejected, sources } = options;
  let lastGood: { readonly raw: string; readonly mapping: MappingConfig } | undefined;
  let refused: string | undefined;
  return async () => {
    let raw: string;
    try {
      raw = await read();
    } catch (error) {
      if (!lastGood) throw error;
      logger.warn('mapping could not be read; the last good mapping stays in use', { error: (error as Error).name, reason: (error as Error).message });
      return lastGood.mapping;
    }
    if (raw === lastGood?.raw) return lastGood.mapping;
    try {
      const mapping = parseMapping(raw, networkId, sources);
      if (refused !== undefined) logger.info('mapping accepted after a refused one');
      lastGood = { raw, mapping };
      refused = undefined;
      return mapping;
    } catch (error) {
      onRejected();
      if (!lastGood) throw error;
      if (raw !== refused) logger.error('new mapping refused; the last good mapping stays in use', { error: (error as Error).name, reason: (error as Error).message });
      refused = raw;
      return lastGood.mapping;
    }
  };
}
