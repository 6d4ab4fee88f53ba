import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { DEFAULT_SCORING_MODEL } from './default-model.js';
import { NO_FLAGS } from './facts.js';

const model = compileModel(DEFAULT_SCORING_MODEL);
const NOW = new Date('2026-03-02T09:00:00Z');
const person = (title: string) => ({ title, flags: { ...NO_FLAGS } });

describe('the default model on real-world titles and content', () => {
  it('gives the ICP title points to SVP and EVP titles in the target function', () => {
    for (const title of ['SVP Marketing', 'EVP, Sales', 'VP of Revenue', 'Chief Revenue Officer', 'CMO']) {
      expect(model.score(person(title), [], NOW).fit, title).toBe(20);
    }
    for (const title of ['VP Engineering', 'Software Engineer', 'Sales Director Assistant to the CTO']) {
      expect(
        model.score(person(title), [], NOW).rules.some((r) => r.id === 'title_matches_icp'),
        title,
      ).toBe(title.includes('Sales Director'));
    }
  });

  it('lets the intent tag decide over the URL, and does not take "android" for an ROI calculator', () => {
    const at = new Date('2026-03-01T09:00:00Z');
    const tagged = model.score(
      person(''),
      [
        {
          id: 'a',
          type: 'content_download',
          occurredAt: at,
          url: 'https://x.io/blog/roi',
          properties: { intent: 'high' },
        },
      ],
      NOW,
    );
    expect(tagged.rules.map((r) => [r.id, r.points])).toEqual([['content_high_intent', 10]]);
    const android = model.score(
      person(''),
      [{ id: 'b', type: 'content_download', occurredAt: at, url: 'https://x.io/android-app' }],
      NOW,
    );
    expect(android.rules.some((r) => r.id === 'content_high_intent')).toBe(false);
  });
});
