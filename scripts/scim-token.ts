/**
 * Manages the SCIM endpoint's bearer tokens of a deployed stage.
 *
 *   npm run scim-token -- --stage prod create [--expires-in <days>]   prints a new token, once
 *   npm run scim-token -- --stage prod list                            ids, dates, live or expired
 *   npm run scim-token -- --stage prod revoke <id>
 *
 * Only the token's SHA-256 is stored, in the stage's SCIM table; at most two live at once, so a
 * token is rotated by creating the second, switching the IdP to it, then revoking the first. No
 * expiry unless `--expires-in` is given: an expired token puts Entra's job in quarantine. A
 * revoked token keeps working for up to SCIM_TOKEN_CACHE_SECONDS (60 s) in warm functions.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoTokenStore } from '../src/adapters/scim/DynamoTokenStore';
import { SCIM_MAX_LIVE_TOKENS, SCIM_TOKEN_CACHE_SECONDS } from '../src/core/scim/constants';
import { TokenLimitError, type TokenRecord, type TokenStore, createToken, listTokens, revokeToken, storeToken } from '../src/core/scim/tokens';
import { STACK_OPTIONS } from './lib/stackOptions';

export { createToken, listTokens, revokeToken, storeToken } from '../src/core/scim/tokens';

/**
 * Stores the hash of a given token in a SCIM table: what `npm start -- --scim-token <token>` does
 * for the local stack. Refuses a token under 20 characters, or a third live one.
 */
export function storeGivenToken(client: DynamoDBClient, tableName: string, token: string, now = Date.now()): Promise<TokenRecord> {
  return storeToken(new DynamoTokenStore({ client, tableName }), token, { now });
}

/** The SCIM table of a stage, as the stack names it (`<service>-<stage>-scim`). */
export function scimTableName(stage: string, service = 'wickr-idp-sync'): string {
  return `${service}-${stage}-scim`;
}

const USAGE = `usage: npm run scim-token -- --stage <stage> create [--expires-in <days>]
       npm run scim-token -- --stage <stage> list
       npm run scim-token -- --stage <stage> revoke <id>
       options: [--region <region>] [--service <name>] [--table-name <table>]`;

/** The command line. Returns the process exit code: 0 done, 1 refused, 2 usage. */
export async function main(argv: string[], deps: { tokens?: TokenStore; out?: (line: string) => void; now?: () => number } = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const now = deps.now ?? (() => Date.now());
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...STACK_OPTIONS, 'table-name': { type: 'string' }, 'expires-in': { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    out(`Creates, lists and revokes the SCIM endpoint's bearer tokens (at most ${SCIM_MAX_LIVE_TOKENS} live).\n${USAGE}`);
    return 0;
  }
  const usageError = (why: string): number => {
    out(`${why}\n${USAGE}`);
    return 2;
  };
  const [command, id] = positionals;
  if (command !== 'create' && command !== 'list' && command !== 'revoke') return usageError(command === undefined ? 'give a command: create, list or revoke' : `unknown command ${command}`);
  if (values.stage === undefined && values['table-name'] === undefined) return usageError('give --stage (or --table-name)');
  const days = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) return usageError('--expires-in must be a whole number of days from 1 to 3650');
  if (days !== undefined && command !== 'create') return usageError('--expires-in goes with create');
  if (command === 'revoke' && id === undefined) return usageError('give the id of the token to revoke (see list)');

  const tableName = values['table-name'] ?? scimTableName(values.stage as string, values.service);
  const tokens = deps.tokens ?? new DynamoTokenStore({ client: new DynamoDBClient(values.region === undefined ? {} : { region: values.region }), tableName });
  if (command === 'create') {
    try {
      const { token, record } = await createToken(tokens, { now: now(), expiresInDays: days });
      out(`token ${record.id} created${record.expiresAt ? `, expires ${record.expiresAt}` : ', no expiry'}. It is shown this once; only its SHA-256 is stored:`);
      out(token);
      out('Give it to the IdP as the secret token (Authorization: Bearer <token>).');
      return 0;
    } catch (error) {
      if (!(error instanceof TokenLimitError)) throw error;
      out(error.message);
      return 1;
    }
  }
  if (command === 'list') {
    const records = (await listTokens(tokens)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (records.length === 0) out('no tokens');
    for (const r of records) {
      const state = r.expiresAt !== undefined && Date.parse(r.expiresAt) <= now() ? 'expired' : 'live';
      out(`${r.id}  created ${r.createdAt}  ${r.expiresAt ? `expires ${r.expiresAt}` : 'no expiry'}  ${state}`);
    }
    return 0;
  }
  if (!(await revokeToken(tokens, id as string))) {
    out(`no token ${id}`);
    return 1;
  }
  out(`token ${id} revoked; functions that cached it accept it for up to ${SCIM_TOKEN_CACHE_SECONDS} s more`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
      process.exit(1);
    },
  );
}
