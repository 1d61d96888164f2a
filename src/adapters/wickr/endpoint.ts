/**
 * Endpoint resolution with the published rule set (`endpoint-rule-set-1.json`, copied from the
 * model) evaluated by the AWS SDK's own rules engine and partition table (`@aws-sdk/core`, which
 * every @aws-sdk client installs), so partitions and dual-stack suffixes stay current.
 */
import { resolveEndpoint, type RuleSetObject } from '@aws-sdk/core/client';
import ruleSet from './endpoint-rule-set-1.json';

/** The rule set's parameters, in the client's spelling. */
export type WickrEndpointParams = {
  region?: string;
  useFips?: boolean;
  useDualStack?: boolean;
  /** A custom endpoint, used as is (e.g. the local emulator). */
  endpoint?: string;
};

/**
 * Resolves the Admin API base URL, e.g. `https://admin.wickr.us-east-1.amazonaws.com`.
 * Throws the rule set's error (`Invalid Configuration: Missing Region`, FIPS or dual-stack with a custom endpoint).
 */
export function resolveWickrEndpoint(params: WickrEndpointParams): string {
  const endpointParams: Record<string, string | boolean> = {
    UseFIPS: params.useFips ?? false,
    UseDualStack: params.useDualStack ?? false,
  };
  if (params.region !== undefined) endpointParams.Region = params.region;
  if (params.endpoint !== undefined) endpointParams.Endpoint = params.endpoint;
  const { url } = resolveEndpoint(ruleSet as RuleSetObject, { endpointParams });
  // URL adds a "/" path to a bare origin; the rule set's expected URLs have none.
  return url.pathname === '/' && !url.search ? url.origin : url.href;
}
