import { readFileSync } from 'node:fs';
import { LOCAL_PARAMS, packagedTemplate } from '../../../local/stack/packageTemplate';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties of any resource type, read loosely by the assertions
type Template = { Conditions: Record<string, unknown>; Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, any> }> };

/**
 * `npm start`, the demo and the e2e scenarios publish generic events: the local stage must
 * package with the generic source on, which takes a named publisher.
 */
describe('the local stage', () => {
  it('packages with a generic publisher, so the generic bus, its policy and its rule exist', async () => {
    const template = JSON.parse(readFileSync(await packagedTemplate(), 'utf8')) as Template;

    expect(template.Conditions.GenericEnabled).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect(template.Resources.GenericRule?.Condition).toBe('GenericEnabled');
    // The Allow is inside an Fn::If on GenericEnabled: the bus is also the SCIM endpoint's.
    const statements = ((template.Resources.GenericEventBus?.Properties.Policy.Statement ?? []) as Record<string, unknown>[]).map((s) => (s['Fn::If'] as unknown[] | undefined)?.[1] ?? s) as {
      Sid: string;
      Principal: unknown;
    }[];
    expect(statements.find((s) => s.Sid === 'NamedPublishers')?.Principal).toEqual({ AWS: [LOCAL_PARAMS.genericPublisherArns] });
    // And the consumer accepts generic bodies only because the stack says the source is on.
    expect(template.Resources.SyncLambdaFunction?.Properties.Environment.Variables.GENERIC_ENABLED).toBe('true');
  });
});
