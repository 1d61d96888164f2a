import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, type IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { IdentityCenterSeed } from './scenario';

/**
 * Creates the seed's Identity Center users, groups and memberships in moto's Identity Store.
 * moto assigns its own ids; returns symbolic id → assigned id for users and groups.
 */
export async function seedIdentityStore(client: IdentitystoreClient, seed: IdentityCenterSeed): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const IdentityStoreId = seed.identityStoreId;
  for (const group of seed.groups) {
    const out = await client.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: group.displayName }));
    ids.set(group.id, out.GroupId as string);
  }
  for (const user of seed.users) {
    const out = await client.send(
      new CreateUserCommand({
        IdentityStoreId,
        UserName: user.userName,
        DisplayName: user.displayName ?? ([user.givenName, user.familyName].filter(Boolean).join(' ') || user.userName),
        Name: { GivenName: user.givenName, FamilyName: user.familyName },
        Emails: user.email ? [{ Value: user.email, Type: 'work', Primary: true }] : undefined,
      }),
    );
    ids.set(user.id, out.UserId as string);
  }
  for (const user of seed.users) {
    for (const groupId of user.groupIds) {
      const GroupId = ids.get(groupId);
      if (!GroupId) throw new Error(`identityCenter.users ${user.id}: unknown group ${groupId}`);
      await client.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId: ids.get(user.id) as string } }));
    }
  }
  return ids;
}

/**
 * Stores the Okta API token under the secret id the function is configured with (a name, or the
 * name inside an ARN). Returns the id the function should use: moto's ARN carries its own suffix.
 */
export async function seedSecret(client: SecretsManagerClient, secretId: string, value: string): Promise<string> {
  const name = secretId.startsWith('arn:') ? secretId.split(':secret:')[1].replace(/-[A-Za-z0-9]{6}$/, '') : secretId;
  try {
    const out = await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    return secretId.startsWith('arn:') ? (out.ARN as string) : name;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceExistsException') throw error;
    const out = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    return secretId.startsWith('arn:') ? (out.ARN as string) : name;
  }
}

/** Stores the mapping JSON in the SSM parameter the function reads. */
export async function seedMappingParameter(client: SSMClient, name: string, mapping: unknown): Promise<void> {
  await client.send(new PutParameterCommand({ Name: name, Type: 'String', Value: JSON.stringify(mapping), Overwrite: true }));
}
