/**
 * The attributes the endpoint accepts, after RFC 7643 §§ 4.1–4.3 (User, Group, Enterprise User).
 * One table serves three purposes: canonical names (SCIM names are case-insensitive), the check of
 * every request body (validate.ts), and the `/Schemas` answer (discovery.ts), so what is declared
 * is exactly what is accepted. `password` is left out on purpose: the endpoint stores no secrets.
 */
import { ScimSchema } from './constants';

/** An attribute definition in RFC 7643 § 7's terms (the fields `/Schemas` shows). */
export type AttributeDef = {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: 'readOnly' | 'readWrite' | 'immutable';
  readonly returned: 'default' | 'always';
  readonly uniqueness: 'none' | 'server';
  readonly subAttributes?: readonly AttributeDef[];
};

type Options = Partial<Omit<AttributeDef, 'name' | 'type'>>;

const attr = (name: string, type: AttributeDef['type'], options: Options = {}): AttributeDef => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...options,
});
const str = (name: string, options: Options = {}) => attr(name, 'string', options);
const complex = (name: string, subAttributes: readonly AttributeDef[], options: Options = {}) => attr(name, 'complex', { ...options, subAttributes });
/** A multi-valued complex attribute with RFC 7643 § 2.4's sub-attributes, plus `extra`. */
const multi = (name: string, extra: readonly AttributeDef[] = [], options: Options = {}) =>
  complex(name, [str('value'), str('display'), str('type'), attr('primary', 'boolean'), ...extra], { multiValued: true, ...options });

/** The core User schema's attributes. */
export const USER_ATTRIBUTES: readonly AttributeDef[] = [
  str('userName', { required: true, uniqueness: 'server' }),
  complex('name', [str('formatted'), str('familyName'), str('givenName'), str('middleName'), str('honorificPrefix'), str('honorificSuffix')]),
  str('displayName'),
  str('nickName'),
  attr('profileUrl', 'reference'),
  str('title'),
  str('userType'),
  str('preferredLanguage'),
  str('locale'),
  str('timezone'),
  attr('active', 'boolean'),
  multi('emails'),
  multi('phoneNumbers'),
  multi('ims'),
  multi('photos'),
  complex('addresses', [str('formatted'), str('streetAddress'), str('locality'), str('region'), str('postalCode'), str('country'), str('type'), attr('primary', 'boolean')], { multiValued: true }),
  multi('groups', [attr('$ref', 'reference')], { mutability: 'readOnly' }),
  multi('entitlements'),
  multi('roles'),
  multi('x509Certificates'),
];

/** The Enterprise User extension's attributes (kept under its URN). */
export const ENTERPRISE_USER_ATTRIBUTES: readonly AttributeDef[] = [
  str('employeeNumber'),
  str('costCenter'),
  str('organization'),
  str('division'),
  str('department'),
  complex('manager', [str('value'), attr('$ref', 'reference'), str('displayName')]),
];

/** The core Group schema's attributes. */
export const GROUP_ATTRIBUTES: readonly AttributeDef[] = [
  str('displayName', { required: true, uniqueness: 'server' }),
  complex('members', [str('value', { mutability: 'immutable' }), attr('$ref', 'reference', { mutability: 'immutable' }), str('display'), str('type', { mutability: 'immutable' })], {
    multiValued: true,
  }),
];

/** Which attribute table describes each schema URN. */
export const SCHEMA_ATTRIBUTES: Readonly<Record<string, readonly AttributeDef[]>> = {
  [ScimSchema.user]: USER_ATTRIBUTES,
  [ScimSchema.enterpriseUser]: ENTERPRISE_USER_ATTRIBUTES,
  [ScimSchema.group]: GROUP_ATTRIBUTES,
};

/** The definition named `name` (any case) among `defs`. */
export function findAttribute(defs: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs.find((d) => d.name.toLowerCase() === lower);
}
