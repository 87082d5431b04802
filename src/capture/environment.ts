/**
 * The machine a run was produced on: enough to explain a difference between two runs
 * (OS, architecture, Node, and Python when one is on PATH), nothing identifying the user.
 */
import { execFile } from 'node:child_process';
import { arch, release, type } from 'node:os';

export interface RunEnvironment {
  os: string;
  platform: string;
  arch: string;
  node_version: string;
  python_version: string | null;
}

function pythonVersion(executable: string): Promise<string | null> {
  return new Promise((resolve) => {
    // No shell; a short timeout because a broken python shim must not stall a run.
    execFile(executable, ['--version'], { timeout: 5000, windowsHide: true }, (error, stdout, stderr) => {
      if (error) return resolve(null);
      // Python 2 printed its version on stderr.
      const match = /Python\s+(\d+\.\d+(?:\.\d+)?\S*)/.exec(`${stdout} ${stderr}`);
      resolve(match?.[1] ?? null);
    });
  });
}

export async function captureEnvironment(): Promise<RunEnvironment> {
  const python = (await pythonVersion('python3')) ?? (await pythonVersion('python'));
  return {
    os: `${type()}-${release()}-${arch()}`,
    platform: process.platform,
    arch: arch(),
    node_version: process.version,
    python_version: python,
  };
}
