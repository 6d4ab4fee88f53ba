import { describe, expect, it } from 'vitest';
import {
  BUYING_STAGES,
  checkBuyingProcess,
  DEFAULT_BUYING_PROCESS,
  normalizeBuyingProcess,
  normalizePersonaFields,
} from './personas-model.js';

describe('the default buying-process map (seed 004)', () => {
  it('has the seven stages in order with the alignment points of the seed', () => {
    expect(DEFAULT_BUYING_PROCESS.map((s) => s.stage)).toEqual([...BUYING_STAGES]);
    expect(DEFAULT_BUYING_PROCESS.map((s) => s.points.length)).toEqual([3, 3, 2, 3, 2, 5, 3]);
    expect(DEFAULT_BUYING_PROCESS[4]!.points[0]).toEqual({
      text: 'agree on how quickly sales will contact new lead, how many contact attempts',
      owner: 'sales',
      metric: 'speed_to_lead',
    });
    expect(checkBuyingProcess(DEFAULT_BUYING_PROCESS)).toEqual([]);
  });
});

describe('checkBuyingProcess', () => {
  it('refuses a map that drops or reorders a stage, or has an empty point', () => {
    const dropped = DEFAULT_BUYING_PROCESS.filter((s) => s.stage !== 'service');
    expect(checkBuyingProcess(dropped).map((i) => i.path)).toEqual(['/stages']);
    const swapped = [
      DEFAULT_BUYING_PROCESS[1]!,
      DEFAULT_BUYING_PROCESS[0]!,
      ...DEFAULT_BUYING_PROCESS.slice(2),
    ];
    expect(checkBuyingProcess(swapped).map((i) => i.path)).toEqual(['/stages']);
    const blank = structuredClone([...DEFAULT_BUYING_PROCESS]);
    blank[2]!.points[1]!.text = '  ';
    expect(checkBuyingProcess(blank)).toEqual([
      { path: '/stages/2/points/1/text', message: 'must not be empty' },
    ]);
  });

  it('normalises texts and empty metrics', () => {
    const map = structuredClone([...DEFAULT_BUYING_PROCESS]);
    map[0]!.points[0] = { text: ' define ICP ', owner: 'both', metric: ' ' };
    expect(normalizeBuyingProcess(map)[0]!.points[0]).toEqual({
      text: 'define ICP',
      owner: 'both',
      metric: null,
    });
  });
});

describe('normalizePersonaFields', () => {
  it('lower-cases the key, trims lists and names each bad field', () => {
    const { value, issues } = normalizePersonaFields({
      key: ' VP-Marketing ',
      name: 'VP Marketing',
      pains: [' pipeline gaps ', ''],
      buyingRole: 'boss' as never,
    });
    expect(value.key).toBe('vp-marketing');
    expect(value.pains).toEqual(['pipeline gaps', '']);
    expect(issues.map((i) => i.path)).toEqual(['/buyingRole', '/pains/1']);
    expect(normalizePersonaFields({ key: 'has space' }).issues[0]!.path).toBe('/key');
  });
});
