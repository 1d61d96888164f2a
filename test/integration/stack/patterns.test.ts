import {
  GENERIC_DETAIL_TYPE,
  GENERIC_SOURCE,
  IIC_DETAIL_TYPE,
  IIC_EVENT_NAMES,
  IIC_EVENT_SOURCES,
  IIC_SOURCES,
  OKTA_DETAIL_TYPE,
  OKTA_EVENT_TYPES,
  OKTA_SOURCE_PREFIX,
} from '../../../src/core/events/supported';
import { SCIM_SOURCE, ScimDetailType } from '../../../src/core/scim/events';
import { resource, type CfnTemplate } from './helpers/cfn';
import { packagedTemplate, StackVariant } from './helpers/packagedTemplate';

/**
 * serverless.yml cannot import TypeScript, so the rule patterns live in
 * stack/event-patterns.json; these tests hold them equal to src/core/events/supported.ts.
 */
let full: CfnTemplate;
beforeAll(async () => {
  full = await packagedTemplate(StackVariant.Full);
}, 180_000);

/** Arrays sorted, so a reordered list is still the same pattern. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  return value;
}

const pattern = (rule: string): unknown => canonical(resource(full, rule).Properties.EventPattern);

describe('EventBridge rule patterns', () => {
  it('match successful Okta System Log events of the supported types only', () => {
    expect(pattern('OktaRule')).toEqual(
      canonical({
        source: [{ prefix: OKTA_SOURCE_PREFIX }],
        'detail-type': [OKTA_DETAIL_TYPE],
        detail: { eventType: [...OKTA_EVENT_TYPES], outcome: { result: ['SUCCESS'] } },
      }),
    );
  });

  it('match successful Identity Center CloudTrail calls of the supported names only', () => {
    expect(pattern('IdentityCenterRule')).toEqual(
      canonical({
        source: [...IIC_SOURCES],
        'detail-type': [IIC_DETAIL_TYPE],
        detail: { eventSource: [...IIC_EVENT_SOURCES], eventName: [...IIC_EVENT_NAMES], errorCode: [{ exists: false }] },
      }),
    );
  });

  it('match the generic IdentityUserState event only', () => {
    expect(pattern('GenericRule')).toEqual(canonical({ source: [GENERIC_SOURCE], 'detail-type': [GENERIC_DETAIL_TYPE] }));
  });

  it('match the SCIM endpoint user and group changes only', () => {
    expect(pattern('ScimRule')).toEqual(canonical({ source: [SCIM_SOURCE], 'detail-type': Object.values(ScimDetailType) }));
  });
});
