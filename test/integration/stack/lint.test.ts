import { join } from 'node:path';
import { conditionHolds } from './helpers/cfn';
import { cfnLint, type CfnLintFinding } from './helpers/cfnLint';
import { packagedDir, packagedTemplate, StackVariant } from './helpers/packagedTemplate';

/**
 * AWS's linter on the packaged template. The two variants turn every optional source (SCIM
 * included) and the alarm e-mail all off and all on: between them each condition is taken both ways, which is
 * what packaging more combinations would add (cfn-lint itself checks every branch of every
 * condition within one template).
 */
const VARIANTS = [StackVariant.Minimal, StackVariant.Full];
const findings: Partial<Record<StackVariant, CfnLintFinding[]>> = {};
beforeAll(async () => {
  for (const variant of VARIANTS) findings[variant] = cfnLint(join(await packagedDir(variant), 'cloudformation-template-update-stack.json'));
}, 300_000);

describe('cfn-lint', () => {
  it.each(VARIANTS)('finds no error in the template packaged with the %s parameters', (variant) => {
    const errors = findings[variant]!.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`);
    expect(errors).toEqual([]);
  });

  it('is run on templates that take every condition both ways', async () => {
    const [minimal, full] = [await packagedTemplate(StackVariant.Minimal), await packagedTemplate(StackVariant.Full)];
    const names = Object.keys(full.Conditions ?? {});
    expect(names).toEqual(expect.arrayContaining(['OktaEnabled', 'IdentityCenterEnabled', 'GenericEnabled', 'ScimEnabled', 'StackBusEnabled', 'AlarmEmailSet', 'AnySourceEnabled']));
    for (const name of names) expect({ name, minimal: conditionHolds(minimal, name), full: conditionHolds(full, name) }).toEqual({ name, minimal: false, full: true });
  });
});
