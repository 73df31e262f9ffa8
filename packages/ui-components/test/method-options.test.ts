import { registerGradientMethods } from '@loupe/methods-gradient';
import { beforeAll, describe, expect, it } from 'vitest';
import { optionsForMethod } from '../src/method-options.js';

beforeAll(() => registerGradientMethods());

describe('optionsForMethod (<loupe-explainer> keeps one options object across methods)', () => {
  it("drops options only other methods take, keeps the method's own and unknown names", () => {
    const options = { steps: 8, samples: 4, abs: true, stpes: 2 };
    expect(optionsForMethod('saliency', options)).toEqual({ abs: true, stpes: 2 });
    expect(optionsForMethod('integrated-gradients', options)).toEqual({ steps: 8, stpes: 2 });
    expect(optionsForMethod('smoothgrad', options)).toEqual({ samples: 4, stpes: 2 });
  });
});
