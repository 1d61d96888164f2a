/** The command-line options every operator tool shares: which deployed stack it works on. */
export const STACK_OPTIONS = {
  stage: { type: 'string' },
  region: { type: 'string' },
  /** serverless.yml's `service`; a deployer who renamed it passes the new name. */
  service: { type: 'string', default: 'wickr-idp-sync' },
} as const;
