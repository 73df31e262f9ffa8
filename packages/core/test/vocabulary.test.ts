import { describe, expect, it } from 'vitest';
import { fitSequence, InputValueError, parseVocabulary, tokenize } from '../src/index.js';

describe('text to token ids', () => {
  it('reads a Keras word_index object and a one-token-per-line file, finding [UNK]', () => {
    const json = parseVocabulary('{"[PAD]": 0, "[UNK]": 5, "good": 2, "bad": 3, "ignored": "x"}');
    expect([...json.ids]).toEqual([
      ['[PAD]', 0],
      ['[UNK]', 5],
      ['good', 2],
      ['bad', 3],
    ]);
    expect(json.unknown).toBe(5);
    const lines = parseVocabulary('<pad>\n<unk>\nthe\n\nmovie\n');
    expect(lines.ids.get('movie')).toBe(4);
    expect(lines.unknown).toBe(1);
    expect(parseVocabulary('a\nb', 7).unknown).toBe(7);
  });

  it('splits words and punctuation, lower-cases, and maps words outside the table to unknown', () => {
    const vocabulary = parseVocabulary('{"the": 2, "movie": 3, "GREAT": 4, "!": 5}');
    expect(tokenize('The movie was GREAT!', vocabulary)).toEqual({
      tokens: ['The', 'movie', 'was', 'GREAT', '!'],
      ids: [2, 3, 1, 4, 5],
    });
  });

  it('pads to a fixed length, keeps a free one, and refuses a text that is too long', () => {
    expect(fitSequence([4, 5], 4)).toEqual([4, 5, 0, 0]);
    expect(fitSequence([4, 5], 3, 9)).toEqual([4, 5, 9]);
    expect(fitSequence([4, 5, 6], null)).toEqual([4, 5, 6]);
    expect(() => fitSequence([1, 2, 3], 2)).toThrow(InputValueError);
  });

  it('malformed or empty vocabularies are InputValueErrors that say what to give', () => {
    expect(() => parseVocabulary('{"a": 1,')).toThrow(/not valid JSON/);
    expect(() => parseVocabulary('{"a": "one"}')).toThrow(InputValueError);
    expect(() => parseVocabulary('\n\n')).toThrow(/one token per line/);
  });
});
