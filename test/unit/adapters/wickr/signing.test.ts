import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { CREDENTIALS, NETWORK_ID, scriptedClient, START } from './helpers';

/** What the client should have signed, built by hand from the wire format in the reference notes. */
async function expectedAuthorization(
  request: { method: string; path: string; query?: Record<string, string>; headers: Record<string, string>; body?: string },
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = CREDENTIALS,
): Promise<string> {
  const signer = new SignatureV4({ service: 'wickr', region: 'us-east-1', credentials, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    new HttpRequest({ protocol: 'https:', hostname: 'admin.wickr.us-east-1.amazonaws.com', ...request, headers: { host: 'admin.wickr.us-east-1.amazonaws.com', ...request.headers } }),
    { signingDate: new Date(START) },
  );
  return signed.headers.authorization;
}

describe('WickrClient SigV4 signing', () => {
  it('signs UpdateUser for service wickr in the client region with the body and content-type', async () => {
    // Prepare
    const { client, transport } = scriptedClient([{ status: 200, body: {} }]);

    // Act
    await client.updateUser({ networkId: NETWORK_ID, userId: '12345', userDetails: { securityGroupIds: ['BCTY8Qhe'] } });

    // Assess
    const sent = transport.requests[0];
    expect(sent.hostname).toBe('admin.wickr.us-east-1.amazonaws.com');
    expect(sent.headers['x-amz-date']).toBe('20260101T000000Z');
    expect(sent.headers.authorization).toContain('Credential=AKIDEXAMPLE/20260101/us-east-1/wickr/aws4_request');
    expect(sent.headers.authorization).toContain('SignedHeaders=accept;content-type;host;x-amz-date');
    expect(sent.headers.authorization).toBe(
      await expectedAuthorization({
        method: 'PATCH',
        path: '/networks/12345678/users',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: '{"userId":"12345","userDetails":{"securityGroupIds":["BCTY8Qhe"]}}',
      }),
    );
  });

  it('signs the query string and the X-Client-Token header of BatchToggleUserSuspendStatus', async () => {
    // Prepare
    const { client, transport } = scriptedClient([{ status: 200, body: {} }]);

    // Act
    await client.batchToggleUserSuspendStatus({ networkId: NETWORK_ID, suspend: true, userIds: ['7'], clientToken: 'abc-123' });

    // Assess
    const sent = transport.requests[0];
    expect(sent.path).toBe('/networks/12345678/users/toggleSuspend?suspend=true');
    expect(sent.headers.authorization).toContain('x-client-token');
    expect(sent.headers.authorization).toBe(
      await expectedAuthorization({
        method: 'PATCH',
        path: '/networks/12345678/users/toggleSuspend',
        query: { suspend: 'true' },
        headers: { accept: 'application/json', 'content-type': 'application/json', 'x-client-token': 'abc-123' },
        body: '{"userIds":["7"]}',
      }),
    );
  });

  it('includes x-amz-security-token, signed, when the credentials carry a session token', async () => {
    // Prepare
    const credentials = { ...CREDENTIALS, sessionToken: 'session-token-value' };
    const { client, transport } = scriptedClient([{ status: 200, body: {} }], { credentials });

    // Act
    await client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    const sent = transport.requests[0];
    expect(sent.headers['x-amz-security-token']).toBe('session-token-value');
    expect(sent.headers.authorization).toContain('x-amz-security-token');
    expect(sent.headers.authorization).toBe(await expectedAuthorization({ method: 'GET', path: '/networks/12345678', headers: { accept: 'application/json' } }, credentials));
  });

  it('resolves a credential provider and maps its failure to an AUTH error without sending', async () => {
    // Prepare
    const provider = jest.fn().mockRejectedValue(new Error('Could not load credentials from any providers'));
    const { client, transport } = scriptedClient([{ status: 200, body: {} }], { credentials: provider });

    // Act
    const call = client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'WickrApiError', kind: 'AUTH', code: 'CredentialsError', retryable: false });
    expect(transport.requests).toHaveLength(0);
  });
});
