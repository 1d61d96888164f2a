import middy from '@middy/core';

describe('test runtime', () => {
  it('runs on Node 22, the Lambda runtime major', () => {
    expect(process.versions.node.split('.')[0]).toBe('22');
  });

  it('loads the ESM-only middy core through the jest transform', async () => {
    const handler = middy(async (event: { n: number }) => event.n + 1);
    await expect(handler({ n: 1 }, {} as never)).resolves.toBe(2);
  });
});
