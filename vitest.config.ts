import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // A beforeAll that simulates scenarios (test/sim/physics.test.ts) passed 10 s on a loaded 2-vCPU machine.
    hookTimeout: 30_000,
  },
});
