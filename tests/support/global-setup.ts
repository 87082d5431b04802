// Global setup for the test run. Shared servers (the fake GitHub behind Prism) start here
// once per run, not per test.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
