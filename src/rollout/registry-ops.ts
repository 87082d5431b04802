/**
 * What a rollout decision means for the model registry, as data (pure): on `promote` the
 * production alias moves to the challenger's version, the challenger's `stage` tag becomes
 * `production` and the version that leaves production is tagged `stage=archived`; on
 * `rollback` the alias is (re)set on the champion's version and the challenger's version is
 * tagged `stage=archived`. Other decisions do not touch the registry.
 */
import { STAGE_TAG, type RegistryOp } from '../registry/ops.js';
import type { DecisionKind, RegistryConfig } from './schema.js';

export function registryOps(registry: RegistryConfig | undefined, decision: DecisionKind): RegistryOp[] {
  if (!registry) return [];
  const { model, alias, champion_version: champion, challenger_version: challenger } = registry;
  if (decision === 'promote') {
    return [
      { kind: 'alias', model, alias, version: challenger },
      { kind: 'tag', model, version: challenger, key: STAGE_TAG, value: 'production' },
      { kind: 'tag', model, version: champion, key: STAGE_TAG, value: 'archived' },
    ];
  }
  if (decision === 'rollback') {
    return [
      { kind: 'alias', model, alias, version: champion },
      { kind: 'tag', model, version: challenger, key: STAGE_TAG, value: 'archived' },
    ];
  }
  return [];
}
