// Starts the whole GitHub stand-in: the fake, Prism validating in front of it, and the
// recording front that the action under test uses as GITHUB_API_URL.
import { FakeGitHub } from './fake-github.js';
import { ValidatingFront } from './front-proxy.js';
import type { PrismHandle } from './prism.js';
import { githubSpecPath, startPrism, trimmedSpecPath } from './prism.js';
import { openapiOperations } from './routes/index.js';

export interface GitHubHarness {
  fake: FakeGitHub;
  prism: PrismHandle;
  /** GITHUB_API_URL for the code under test: front -> Prism -> fake. */
  apiUrl: string;
  /** The fake itself (no validation); its /__control API is how tests drive it. */
  fakeUrl: string;
  controlUrl: string;
  stop(): Promise<void>;
}

/** Set PROMOTION_GATE_PRISM_FULL_SPEC=1 to load GitHub's whole description (slower; same validation). */
export async function startGitHubHarness(options: { fullSpec?: boolean } = {}): Promise<GitHubHarness> {
  const fake = await FakeGitHub.start();
  try {
    const fullSpec = options.fullSpec ?? process.env['PROMOTION_GATE_PRISM_FULL_SPEC'] === '1';
    const specPath = fullSpec ? githubSpecPath() : await trimmedSpecPath(openapiOperations());
    const prism = await startPrism({ upstreamUrl: fake.url, specPath });
    let front: ValidatingFront;
    try {
      front = await ValidatingFront.start({ prismUrl: prism.url, fake });
    } catch (error) {
      await prism.stop();
      throw error;
    }
    fake.publicApiUrl = front.url;
    return {
      fake,
      prism,
      apiUrl: front.url,
      fakeUrl: fake.url,
      controlUrl: `${fake.url}/__control`,
      async stop() {
        await front.close();
        await prism.stop();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
