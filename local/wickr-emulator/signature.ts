import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { frontEndError, type EmulatorResponse } from './errors';

/** The parts of a received request that SigV4 covers. */
export type ReceivedRequest = {
  method: string;
  /** The path exactly as sent (still percent-encoded): the client signed that string. */
  rawPath: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

/** Who may call, and where: the seed's credentials and region. */
export type SigningExpectation = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  /** The emulator's clock, epoch ms. */
  nowMs: number;
};

const SERVICE = 'wickr';
// SigV4 rejects requests dated more than 5 minutes from the server's clock:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
const MAX_SKEW_MS = 5 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
// The messages below are the ones the AWS front door sends for these cases.
const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

function header(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

type ParsedAuthorization = { accessKeyId: string; scope: string[]; signedHeaders: string[]; signature: string };

function parseAuthorization(value: string): ParsedAuthorization | string {
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256') return `Unsupported Authorization algorithm '${algorithm}'.`;
  const params = new Map<string, string>();
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = params.get('Credential');
  const signedHeaders = params.get('SignedHeaders');
  const signature = params.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.";
  }
  const [accessKeyId = '', ...scope] = credential.split('/');
  if (scope.length !== 4 || scope[3] !== 'aws4_request') return `Credential scope '${scope.join('/')}' is malformed.`;
  return { accessKeyId, scope, signedHeaders: signedHeaders.toLowerCase().split(';'), signature };
}

function amzDateToMs(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

function basic(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function checkDate(amzDate: string | undefined, scopeDate: string, nowMs: number): EmulatorResponse | undefined {
  if (!amzDate) {
    return frontEndError('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const signedAt = amzDateToMs(amzDate);
  if (signedAt === undefined) return frontEndError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  if (scopeDate !== amzDate.slice(0, 8)) {
    return frontEndError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (signedAt < nowMs - MAX_SKEW_MS) {
    return frontEndError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${basic(nowMs - MAX_SKEW_MS)} (${basic(nowMs)} - 5 min.)`);
  }
  if (signedAt > nowMs + MAX_SKEW_MS) {
    return frontEndError('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${basic(nowMs + MAX_SKEW_MS)} (${basic(nowMs)} + 5 min.)`);
  }
  return undefined;
}

async function sha256Hex(body: Buffer): Promise<string> {
  const hash = new Sha256();
  hash.update(body);
  return Buffer.from(await hash.digest()).toString('hex');
}

/**
 * Verifies a request's SigV4 Authorization header by signing the same request again with @smithy/signature-v4
 * (the signer our client uses) and the seed's secret: same method, path, query, signed headers, body and x-amz-date.
 * Returns the front-door error to answer with, or undefined when the signature holds.
 */
export async function verifySignature(request: ReceivedRequest, expected: SigningExpectation): Promise<EmulatorResponse | undefined> {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) return frontEndError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseAuthorization(authorization);
  if (typeof auth === 'string') return frontEndError('IncompleteSignatureException', auth);
  if (auth.accessKeyId !== expected.accessKeyId) return frontEndError('UnrecognizedClientException', INVALID_TOKEN);
  if (header(request.headers, 'x-amz-security-token') !== expected.sessionToken) {
    return frontEndError('UnrecognizedClientException', INVALID_TOKEN);
  }
  if (!auth.signedHeaders.includes('host')) {
    return frontEndError('IncompleteSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const [scopeDate = '', scopeRegion, scopeService] = auth.scope;
  if (scopeService !== SERVICE) return frontEndError('InvalidSignatureException', `Credential should be scoped to correct service: '${SERVICE}'. `);
  if (scopeRegion !== expected.region) return frontEndError('InvalidSignatureException', 'Credential should be scoped to a valid region. ');
  const amzDate = header(request.headers, 'x-amz-date');
  const dateProblem = checkDate(amzDate, scopeDate, expected.nowMs);
  if (dateProblem) return dateProblem;

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = header(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  // The payload hash must come from the bytes received: a claimed x-amz-content-sha256 would otherwise hide an altered body.
  if (headers['x-amz-content-sha256'] !== undefined) headers['x-amz-content-sha256'] = await sha256Hex(request.body);
  const signer = new SignatureV4({
    credentials: { accessKeyId: expected.accessKeyId, secretAccessKey: expected.secretAccessKey },
    region: expected.region,
    service: SERVICE,
    sha256: Sha256,
    applyChecksum: false,
  });
  const resigned = await signer.sign(new HttpRequest({ method: request.method, path: request.rawPath, query: request.query, headers, body: request.body.length ? request.body : undefined }), {
    signingDate: new Date(amzDateToMs(amzDate!)!),
    signableHeaders: new Set(auth.signedHeaders),
  });
  const computed = /Signature=([0-9a-f]+)/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  const a = Buffer.from(computed);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return frontEndError('InvalidSignatureException', MISMATCH);
  return undefined;
}
