import { join } from 'node:path';
import type { CfnTemplate } from '../../../local/stack/cfn/template';
import { loadTemplate } from '../../../local/stack/cfn/template';
import { reconcileFunctionOf } from '../../../local/stack/reconcile/functionOf';

const account = { region: 'us-east-1', accountId: '123456789012', endpoint: 'http://127.0.0.1:5999', stackName: 'wickr-idp-sync-local', nameSuffix: '-t1' };

/** The fixture with a reconcile function beside the consumer, as serverless.yml packages it (a copy of the consumer's, another handler). */
function withReconcile(patch: Record<string, unknown> = {}): CfnTemplate {
  const template = loadTemplate(join(__dirname, 'fixtures/template.json'));
  const sync = template.Resources.SyncLambdaFunction;
  template.Resources.SomeOtherLogicalId = {
    ...sync,
    Properties: { ...sync.Properties, Handler: 'src/handlers/reconcile.handler', Timeout: 900, MemorySize: 512 },
    ...patch,
  };
  return template;
}

describe('the reconcile function of the template', () => {
  it('is found by its handler, its environment resolved to the local table and queues', () => {
    const fn = reconcileFunctionOf(withReconcile(), account);

    expect(fn).toMatchObject({ logicalId: 'SomeOtherLogicalId', handler: 'src/handlers/reconcile.handler', timeoutSeconds: 900, memorySizeMb: 512 });
    expect(fn?.environment.STATE_TABLE_NAME).toMatch(/-t1$/);
    expect(fn?.environment.QUEUE_URL).toMatch(/^http:\/\/127\.0\.0\.1:5999\/123456789012\/.+-t1$/);
    expect(fn?.environment.MAPPING_PARAMETER_NAME).toBeDefined();
  });

  it('is absent when the template has none, or when its condition is false', () => {
    expect(reconcileFunctionOf(loadTemplate(join(__dirname, 'fixtures/template.json')), account)).toBeUndefined();
    const template = withReconcile({ Condition: 'NeverLocally' });
    expect(reconcileFunctionOf({ ...template, Conditions: { ...template.Conditions, NeverLocally: { 'Fn::Equals': ['a', 'b'] } } }, account)).toBeUndefined();
  });
});
