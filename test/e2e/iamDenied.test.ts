/**
 * The local stack's IAM check catches a permission the template lacks: a copy of the packaged
 * template without `dynamodb:UpdateItem` in the sync role, one Okta event, and the check names
 * the call, its resource and the role.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoDenials } from '../../local/stack/iam/iamCheck';
import { packagedTemplate } from '../../local/stack/packageTemplate';
import { runScenario } from '../../local/stack/run';
import { startLocalStack } from '../../local/stack/stack';
import { oktaEvent, planUsers, prng, seedFor } from './company';

type Statement = { Action: string[] };
type Template = { Resources: Record<string, { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } }> };

describe('e2e: IAM check', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'iam-denied-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails a scenario whose calls the sync role does not allow, naming the call, the table and the role', async () => {
    // Prepare: the packaged template with dynamodb:UpdateItem taken out of the sync role.
    const template = JSON.parse(readFileSync(await packagedTemplate(), 'utf8')) as Template;
    const statements = template.Resources.IamRoleLambdaExecution!.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
    for (const s of statements) s.Action = [s.Action].flat().filter((a) => a !== 'dynamodb:UpdateItem');
    const templatePath = join(dir, 'without-update-item.json');
    writeFileSync(templatePath, JSON.stringify(template));
    const [user] = planUsers({ okta: 1, iic: 0, generic: 0 }, prng(1804));
    const stack = await startLocalStack({ seed: seedFor([user!]), templatePath });

    try {
      // Act
      await runScenario(stack, [oktaEvent(user!, 'iam-denied-1', 1)], { timeoutMs: 60_000 });

      // Assess
      await expect(expectNoDenials(stack.iam)).rejects.toThrow(
        /IAM would deny dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:123456789012:table\/\S+ \(DynamoDB UpdateItem by \S+-sync as IamRoleLambdaExecution\): ImplicitlyDenied/,
      );
    } finally {
      await stack.stop();
    }
  });
});
