/**
 * Publishes one generic `IdentityUserState` event to a stage's generic event bus, to check a
 * deployment end to end (rule → queue → consumer → Wickr; use a stage with dryRun=true to see
 * the request without changing Wickr).
 *
 *   npm run send-test-event -- --stage dev --email jane.doe@example.com [--external-id 00u123]
 *     [--first-name Jane] [--last-name Doe] [--group <id>[=<name>]]... [--inactive] [--region r]
 *
 * Prints the EventBridge event id (and the event's own eventId, the consumer's idempotency
 * key), never the e-mail or the names.
 */
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { parseCommandLine, runCommand, stackContext, UsageExit } from './lib/cli';
import { STACK_OPTIONS } from './lib/stackOptions';

/** What the test event says about the user. */
export type TestUser = {
  readonly email: string;
  readonly externalId?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly groups: readonly string[];
  readonly active: boolean;
};

/** The generic bus of a stage, as stack/rules.yml names it. */
export function genericBusName(stage: string, service = 'wickr-idp-sync'): string {
  return `${service}-${stage}`;
}

/** "jane.doe@x" → Jane, Doe: a readable default when no names are given. */
function namesFromEmail(email: string): { firstName: string; lastName: string } {
  const [first = 'Test', ...rest] = (email.split('@')[0] ?? '').split(/[._-]+/).filter(Boolean);
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return { firstName: cap(first), lastName: rest.length > 0 ? rest.map(cap).join(' ') : 'User' };
}

/** `<id>` or `<id>=<name>` → a generic group. */
function parseGroup(value: string): { id: string; name: string } {
  const at = value.indexOf('=');
  return at < 0 ? { id: value, name: value } : { id: value.slice(0, at), name: value.slice(at + 1) };
}

/** Builds the PutEvents entry (the detail is the one src/core/events/generic.ts parses). */
export function buildTestEvent(user: TestUser, busName: string, deps: { uuid?: () => string; now?: () => Date } = {}): { entry: PutEventsRequestEntry; eventId: string } {
  const eventId = (deps.uuid ?? randomUUID)();
  const now = (deps.now ?? (() => new Date()))();
  const names = namesFromEmail(user.email);
  const detail = {
    eventId,
    occurredAt: now.toISOString(),
    user: {
      externalId: user.externalId ?? user.email,
      email: user.email,
      firstName: user.firstName ?? names.firstName,
      lastName: user.lastName ?? names.lastName,
      active: user.active,
      groups: user.groups.map(parseGroup),
    },
  };
  return {
    eventId,
    entry: { EventBusName: busName, Source: 'wickr-idp-sync.generic', DetailType: 'IdentityUserState', Time: now, Detail: JSON.stringify(detail) },
  };
}

/** Publishes the entry; returns EventBridge's event id or throws with EventBridge's reason. */
export async function publish(client: EventBridgeClient, entry: PutEventsRequestEntry): Promise<string> {
  const { Entries = [], FailedEntryCount = 0 } = await client.send(new PutEventsCommand({ Entries: [entry] }));
  const [result] = Entries;
  if (FailedEntryCount > 0 || !result?.EventId) {
    throw new Error(`PutEvents rejected the event: ${result?.ErrorCode ?? 'unknown'} ${result?.ErrorMessage ?? ''}`.trim());
  }
  return result.EventId;
}

const USAGE = `usage: npm run send-test-event -- --stage <stage> --email <email> [--external-id <id>] [--first-name <n>] [--last-name <n>]
                                   [--group <id>[=<name>]]... [--inactive] [--region <region>] [--bus-name <name>]
  --stage <stage>          the deployed stage; --region <region> where it is; --service <name> if renamed
  --bus-name <name>        the stack's event bus, instead of --stage
  --email <email>          the user's email (the Wickr username under usernameAttribute "email")
  --external-id <id>       the user's IdP id (default: the email)
  --first-name, --last-name  the user's names
  --group <id>[=<name>]    a group the user is in (repeat for more)
  --inactive               the user is deactivated
  --help                   print this help and exit 0`;

/** The command line. Returns the process exit code. */
export async function main(argv: string[], deps: { client?: EventBridgeClient; out?: (line: string) => void } = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const options = {
    ...STACK_OPTIONS,
    'bus-name': { type: 'string' },
    email: { type: 'string' },
    'external-id': { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    group: { type: 'string', multiple: true, default: [] as string[] },
    inactive: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  } as const;
  let values: ReturnType<typeof parseCommandLine<typeof options>>;
  try {
    values = parseCommandLine(argv, options, 'Publishes a generic IdentityUserState event.', USAGE);
  } catch (error) {
    if (!(error instanceof UsageExit)) throw error;
    out(error.message);
    return error.code;
  }
  if (values.email === undefined || (values.stage === undefined && values['bus-name'] === undefined)) {
    out(`give --stage (or --bus-name) and --email\n${USAGE}`);
    return 2;
  }
  const busName = values['bus-name'] ?? genericBusName(values.stage as string, values.service);
  const { entry, eventId } = buildTestEvent(
    {
      email: values.email,
      externalId: values['external-id'],
      firstName: values['first-name'],
      lastName: values['last-name'],
      groups: values.group,
      active: !values.inactive,
    },
    busName,
  );
  const client = deps.client ?? new EventBridgeClient(values.region === undefined ? {} : { region: values.region });
  const eventBridgeId = await publish(client, entry);
  out(`published IdentityUserState to ${busName}`);
  out(`EventBridge event id: ${eventBridgeId}`);
  out(`detail.eventId: ${eventId}`);
  return 0;
}

if (require.main === module) runCommand(main, () => stackContext(process.argv.slice(2)));
