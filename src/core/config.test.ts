import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('runs the background jobs in the server unless SERVIO_JOBS says off', () => {
    expect(loadConfig({}).jobs).toBe(true);
    expect(loadConfig({ SERVIO_JOBS: 'on' }).jobs).toBe(true);
    expect(loadConfig({ SERVIO_JOBS: 'off' }).jobs).toBe(false);
    expect(loadConfig({ SERVIO_JOBS: 'OFF' }).jobs).toBe(false);
    expect(loadConfig({ SERVIO_JOBS: '0' }).jobs).toBe(false);
    expect(loadConfig({ SERVIO_JOBS: 'true' }).jobs).toBe(true);
  });

  it('names every bad variable with its value at once', () => {
    let error: unknown;
    try {
      loadConfig({ SERVIO_JOBS: 'sometimes', PORT: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'SERVIO_JOBS=sometimes: must be on or off',
      'PORT=-1: must be a whole number from 0 to 65535',
    ]);
  });
});
