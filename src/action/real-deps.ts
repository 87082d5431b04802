/**
 * The real implementations behind ActionDeps: @actions/core, @actions/artifact and the
 * GitHub client, wired to the runner's environment. Only src/index.ts builds these.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { createGitHubClient } from '../github/client.js';
import { maskSecrets, safeOutput } from '../report/mask.js';
import { readRunnerContext, type EventPayload } from './context.js';
import type { ActionDeps, ArtifactSource, ArtifactTransfer } from './deps.js';

/** @actions/artifact, told never to extract: its unzipper renames `..` and follows no caps. */
function artifactTransfer(): ArtifactTransfer {
  const client = new DefaultArtifactClient();
  const findBy = (from: ArtifactSource | undefined) =>
    from ? { findBy: { token: from.token, workflowRunId: from.runId, repositoryOwner: from.owner, repositoryName: from.repo } } : {};
  return {
    async upload(name, files, rootDirectory) {
      await client.uploadArtifact(name, files, rootDirectory);
    },
    async downloadZip(name, directory, from) {
      const { artifact } = await client.getArtifact(name, findBy(from));
      await client.downloadArtifact(artifact.id, { path: directory, skipDecompress: true, ...findBy(from) });
      const saved = await readdir(directory);
      if (saved.length !== 1 || saved[0] === undefined) throw new Error(`artifact "${name}": expected one downloaded file, found ${saved.length}`);
      return join(directory, saved[0]);
    },
    async list() {
      const { artifacts } = await client.listArtifacts({ latest: true });
      return artifacts.map((a) => a.name);
    },
  };
}

export function realDeps(env: NodeJS.ProcessEnv = process.env, event?: EventPayload): ActionDeps {
  const context = readRunnerContext(env, event);
  // core.info writes its text to stdout as it is: a line of it starting with `::` would be a
  // workflow command in this (possibly privileged) job. Everything logged is masked and made
  // inert (F24, F25); annotations and the other commands are escaped by @actions/core itself.
  const info = (message: string): void => core.info(safeOutput(message));
  // Annotations are escaped by @actions/core for the `::` protocol, but not for the legacy
  // `##[` form, which the runner looks for anywhere in a line: they pass the same filter.
  type Annotate = typeof core.warning;
  const masked = (annotate: Annotate): Annotate => (message, properties) =>
    annotate(typeof message === 'string' ? safeOutput(message) : message, properties?.title === undefined ? properties : { ...properties, title: safeOutput(properties.title) });
  return {
    // The runner passes INPUT_<NAME> uppercased with spaces as underscores and hyphens kept.
    input: (name) => core.getInput(name),
    core: {
      info,
      warning: masked(core.warning),
      error: masked(core.error),
      notice: masked(core.notice),
      debug: (message) => core.debug(maskSecrets(message)),
      setOutput: core.setOutput,
      setFailed: (message) => core.setFailed(typeof message === 'string' ? safeOutput(message) : message),
      setSecret: core.setSecret,
      startGroup: (name) => core.startGroup(maskSecrets(name)),
      endGroup: core.endGroup,
      async writeSummary(markdown) {
        await core.summary.addRaw(markdown, true).write();
      },
    },
    context,
    env,
    github: (token) => createGitHubClient({ token, baseUrl: context.apiUrl, log: info, ...(context.githubSpacing ? { spacing: context.githubSpacing } : {}) }),
    artifacts: artifactTransfer(),
  };
}
