import { listBackends } from '@loupe/core';
import { describe, expect, it } from 'vitest';
import { ensurePlanningBackend, resolveRunBackend } from '../src/queue/planning-backend.js';

describe('queued runs resolve --backend auto once, so every content key names one backend family', () => {
  it("'auto' becomes the enqueuing machine's best available backend; a named backend passes through", async () => {
    await ensurePlanningBackend();
    const best = (await listBackends()).find((b) => b.available);
    const resolved = await resolveRunBackend('auto');
    expect(resolved).not.toBe('auto');
    expect(resolved).toBe(best?.name);
    expect(await resolveRunBackend('cpu')).toBe('cpu');
  });
});
