import { WickrClient } from '../../../../src/adapters/wickr';
import { captureServer, CREDENTIALS, NETWORK_ID } from './helpers';

describe('WickrClient over the node:http transport', () => {
  it('classifies a socket destroyed mid-request as a TRANSIENT NetworkError and retries it', async () => {
    // Prepare: the first request's socket is destroyed, the second is answered.
    let calls = 0;
    const server = await captureServer((_, res) => {
      calls += 1;
      if (calls === 1) res.socket?.destroy();
      else res.end(JSON.stringify({ networkId: NETWORK_ID }));
    });
    const client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS, sleep: async () => undefined });

    try {
      // Act
      const network = await client.getNetwork({ networkId: NETWORK_ID });

      // Assess
      expect(network).toEqual({ networkId: NETWORK_ID });
      expect(server.requests).toHaveLength(2);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('throws NetworkError after maxAttempts when every socket is destroyed', async () => {
    const server = await captureServer((_, res) => res.socket?.destroy());
    const client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS, maxAttempts: 2, sleep: async () => undefined });
    try {
      await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'NetworkError' });
      expect(server.requests).toHaveLength(2);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('aborts a slow attempt at attemptTimeoutMs with TimeoutError', async () => {
    // Prepare: the server never answers.
    const server = await captureServer(() => undefined);
    const client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS, attemptTimeoutMs: 50, maxAttempts: 1 });
    try {
      // Act / Assess
      await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'TimeoutError' });
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('ends an in-flight attempt at the deadline with DeadlineExceeded', async () => {
    const server = await captureServer(() => undefined);
    const client = new WickrClient({ region: 'us-east-1', endpoint: server.url, credentials: CREDENTIALS });
    try {
      await expect(client.getNetwork({ networkId: NETWORK_ID }, { deadline: Date.now() + 50 })).rejects.toMatchObject({ code: 'DeadlineExceeded' });
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('maps a refused connection to NetworkError', async () => {
    // Prepare: a port that was just freed.
    const server = await captureServer();
    const url = server.url;
    await server.close();
    const client = new WickrClient({ region: 'us-east-1', endpoint: url, credentials: CREDENTIALS, maxAttempts: 1 });

    // Act / Assess
    await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ code: 'NetworkError' });
    client.destroy();
  });
});
