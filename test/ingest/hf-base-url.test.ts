/**
 * HF_API_URL given as the API's base (as proxies and mirrors are) or as the full daily papers endpoint:
 * both ingest the same day from the local fixture API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { hfEndpoints } from '../../src/ingest/hf-endpoints.ts';
import { ingestHfDays } from '../../src/ingest/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { DAY, HfFixture, NORMAL_DAY } from './hf-fixture.ts';
import { ingestDeps } from './helpers.ts';

describe('HF_API_URL: base or endpoint', () => {
  let hf: HfFixture;

  beforeAll(async () => {
    hf = await new HfFixture().start();
    hf.setDay(DAY, NORMAL_DAY);
  });
  afterAll(async () => {
    await hf.stop();
  });

  it('the base, with or without a slash, fetches the same day as the full endpoint', async () => {
    const forms = [hf.base, `${hf.base}/`, hf.url, `${hf.url}/`];
    for (const form of forms) {
      const config = loadConfig({ HF_API_URL: form });
      const store = await openStore('sqlite::memory:');
      try {
        hf.requests.length = 0;
        const report = await ingestHfDays(ingestDeps(store, config.hfApiUrl, { maxAttempts: 1 }), [DAY]);
        expect(report, form).toMatchObject({ ok: true, fetched: 4, added: 4, failures: [] });
        expect(hf.requests, form).toEqual([{ path: '/api/daily_papers', date: DAY, limit: '100' }]);
        expect((await store.listPapers()).map((p) => p.arxivId).sort(), form).toEqual(['2502.11089', '2502.12115', '2502.12152', '2502.13923']);
      } finally {
        await store.close();
      }
    }
  });

  it('one module names every endpoint from the base: daily papers and one paper, under a mirror path, query kept', () => {
    for (const raw of ['https://huggingface.co', 'https://huggingface.co/', 'https://huggingface.co/api/daily_papers']) {
      const api = hfEndpoints(raw);
      expect(api.base, raw).toBe('https://huggingface.co/');
      expect(api.dailyPapers, raw).toBe('https://huggingface.co/api/daily_papers');
      expect(api.paper('2502.11089'), raw).toBe('https://huggingface.co/api/papers/2502.11089');
    }
    expect(hfEndpoints('https://mirror.example/hf/').dailyPapers).toBe('https://mirror.example/hf/api/daily_papers');
    expect(hfEndpoints('https://mirror.example/hf/api/daily_papers').paper('2401.00001')).toBe('https://mirror.example/hf/api/papers/2401.00001');
    expect(hfEndpoints('https://proxy.example/?token=abc').dailyPapers).toBe('https://proxy.example/api/daily_papers?token=abc');
  });

  it('the default is Hugging Face; a value that is not an http(s) URL is refused at start with a clear message', () => {
    expect(hfEndpoints(loadConfig({}).hfApiUrl).dailyPapers).toBe('https://huggingface.co/api/daily_papers');
    expect(() => loadConfig({ HF_API_URL: 'huggingface.co' })).toThrow(ConfigError);
    expect(() => loadConfig({ HF_API_URL: 'huggingface.co' })).toThrow(/HF_API_URL must be a URL such as https:\/\/huggingface\.co/);
    expect(() => loadConfig({ HF_API_URL: 'ftp://mirror.example' })).toThrow(/http\(s\) URL/);
  });

  it('a URL with a user name and password (which fetch refuses to send) is refused at start, the password never shown', () => {
    const refusal = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ HF_API_URL: 'https://bot:s3cret-pw@mirror.example/hf' }, /^HF_API_URL must not carry a user name or password/],
      [{ ARXIV_API_URL: 'http://bot:s3cret-pw@arxiv-proxy.example/api/query' }, /^ARXIV_API_URL must not carry a user name or password/],
      [{ HF_API_URL: 'ftp://bot:s3cret-pw@mirror.example' }, /http\(s\) URL/],
      [{ HF_API_URL: 'bot:s3cret-pw@mirror.example' }, /HF_API_URL must be/],
      [{ ARXIV_API_URL: 'bot:s3cret-pw@arxiv-proxy.example' }, /ARXIV_API_URL must be/],
    ];
    for (const [env, message] of cases) {
      const text = refusal(env);
      expect(text, JSON.stringify(env)).toMatch(message);
      expect(text, JSON.stringify(env)).not.toContain('s3cret-pw');
    }
  });
});
