import { join } from 'node:path';
import { startMoto } from '../../local/moto/startMoto';
import { clearRunCoverage, IAM_RECORD_DIR_ENV } from '../../local/stack/iam/coverage';

/**
 * Starts moto for the integration and e2e projects unless AWS_ENDPOINT_URL already names one
 * (.ci/run starts it itself). Environment set here is inherited by jest's workers.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_DEFAULT_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  // Every local stack of this run records the actions its roles grant and its calls use (globalTeardown adds them up).
  process.env[IAM_RECORD_DIR_ENV] = join(__dirname, '../../.local/iam', `run-${process.pid}`);
  clearRunCoverage(process.env[IAM_RECORD_DIR_ENV]);
  if (process.env.AWS_ENDPOINT_URL) return;
  const moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  (globalThis as { __moto?: { stop(): Promise<void> } }).__moto = moto;
}
