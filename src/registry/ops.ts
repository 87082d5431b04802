/**
 * The model registry's operations, as data: move an alias to a version, set a tag on a version.
 * Adapters (mlflow.ts) carry them out; what a rollout decision asks of the registry is
 * rollout/registry-ops.ts.
 */
export type RegistryOp =
  | { kind: 'alias'; model: string; alias: string; version: string }
  | { kind: 'tag'; model: string; version: string; key: string; value: string };

export const STAGE_TAG = 'stage';

export function describeOp(op: RegistryOp): string {
  return op.kind === 'alias' ? `alias ${op.alias} of ${op.model} → version ${op.version}` : `tag ${op.key}=${op.value} on ${op.model} version ${op.version}`;
}
