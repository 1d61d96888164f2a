import { startMoto } from '../../local/moto/startMoto';

/**
 * Starts moto for the integration and e2e projects unless AWS_ENDPOINT_URL already names one
 * (.ci/run starts it itself). Environment set here is inherited by jest's workers.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_DEFAULT_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  if (process.env.AWS_ENDPOINT_URL) return;
  const moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  (globalThis as { __moto?: { stop(): Promise<void> } }).__moto = moto;
}
