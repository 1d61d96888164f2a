/**
 * Applies normalised operations (patchOps.ts) to a resource with scim-patch, mapping its errors
 * to RFC 7644 `scimType`s. The result is checked as a whole body afterwards (validate.ts).
 */
import { InvalidScimPatchOp, InvalidScimPatchRequest, NoTarget, RemoveValueNestedArrayNotSupported, RemoveValueNotArray, type ScimPatchOperation, scimPatch } from 'scim-patch';
import { ScimType, badRequest } from './errors';
import type { PatchOp } from './patchOps';

/** `resource` with `ops` applied (a copy; `resource` is not changed). */
export function applyPatch(resource: Record<string, unknown>, ops: readonly PatchOp[]): Record<string, unknown> {
  // scim-patch's types want `meta` and `schemas`; it neither reads nor changes them.
  const document = { meta: { created: new Date(0), lastModified: new Date(0) }, schemas: [], ...resource };
  try {
    const patched = scimPatch(document, ops as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true }) as Record<string, unknown>;
    const { meta: _meta, schemas: _schemas, ...rest } = patched;
    return rest;
  } catch (error) {
    if (error instanceof NoTarget) throw badRequest(ScimType.noTarget, 'a value filter in a path matched nothing', error);
    if (error instanceof RemoveValueNotArray || error instanceof RemoveValueNestedArrayNotSupported) throw badRequest(ScimType.invalidValue, 'a remove value does not fit the attribute', error);
    if (error instanceof InvalidScimPatchRequest) throw badRequest(ScimType.invalidSyntax, 'the PATCH request is malformed', error);
    if (error instanceof InvalidScimPatchOp) throw badRequest(ScimType.invalidPath, 'a path or value filter cannot be applied', error);
    throw badRequest(ScimType.invalidValue, 'the operations cannot be applied', error);
  }
}
