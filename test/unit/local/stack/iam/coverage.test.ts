import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithDocs, documentedUnexercised } from '../../../../../local/stack/iam/coverage';

describe('Function: documentedUnexercised()', () => {
  it('reads the role and action of each row of the docs table', () => {
    const docs = readFileSync(join(__dirname, '../../../../../docs/operations.md'), 'utf8');
    expect(documentedUnexercised(docs)).toContainEqual({ role: 'ReconcileRole', action: 'lambda:InvokeFunction' });
  });
});

describe('Function: compareWithDocs()', () => {
  const documented = [{ role: 'R', action: 'logs:TagResource' }];

  it('agrees when the unexercised grants are exactly the documented ones', () => {
    expect(compareWithDocs({ stacks: 2, unexercised: [{ role: 'R', action: 'logs:TagResource' }], denials: [] }, documented)).toEqual([]);
  });

  it('names a grant no test exercised that the docs do not explain, and a stale row', () => {
    const problems = compareWithDocs({ stacks: 2, unexercised: [{ role: 'R', action: 'dynamodb:Scan' }], denials: [] }, documented);
    expect(problems).toEqual([expect.stringMatching(/not explained in docs\/operations.md: R dynamodb:Scan/), expect.stringMatching(/explains R logs:TagResource as unexercised, but/)]);
  });
});
