/**
 * The real implementations behind ActionDeps: @actions/core, @actions/artifact and the
 * GitHub client, wired to the runner's environment. Only src/index.ts builds these.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { createGitHubClient } from '../github/client.js';
import { readRunnerContext } from './context.js';
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

export function realDeps(env: NodeJS.ProcessEnv = process.env): ActionDeps {
  const context = readRunnerContext(env);
  return {
    // The runner passes INPUT_<NAME> uppercased with spaces as underscores and hyphens kept.
    input: (name) => core.getInput(name),
    core: {
      info: core.info,
      warning: core.warning,
      error: core.error,
      notice: core.notice,
      debug: core.debug,
      setOutput: core.setOutput,
      setFailed: core.setFailed,
      setSecret: core.setSecret,
      startGroup: core.startGroup,
      endGroup: core.endGroup,
      async writeSummary(markdown) {
        await core.summary.addRaw(markdown, true).write();
      },
    },
    context,
    env,
    github: (token) => createGitHubClient({ token, baseUrl: context.apiUrl, log: (message) => core.info(message) }),
    artifacts: artifactTransfer(),
  };
}
